package dev.taskmill.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.JsonValues;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Tasks to and from rows of the {@code task} table. */
final class TaskRows {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The state a time-out had before migration 5. */
    private static final String TIMED_OUT = "timed out";
    private static final TypeReference<List<Map<String, String>>> CLAIMS = new TypeReference<>() {
    };

    /** The columns of the {@code task} table, in the order the store's statements name them. */
    static final String COLUMNS = "id, position, operation, args, claims, tags, cancellable, timeout_nanos,"
            + " job_id, schedule_id, response, reasons, state, progress, result, exception, traceback, submit_nanos,"
            + " submitter, start_nanos, finish_nanos, claims_released, version, error_code, worker_name";

    /** How many parameters {@link #bindNew} binds. */
    static final int NEW_PARAMETERS = 23;

    private final ObjectMapper json = new ObjectMapper();
    // resolved once: a reader per target type, not a type lookup per value
    private final ObjectReader claimsReader = json.readerFor(CLAIMS);
    private final ObjectReader valueReader = json.readerFor(Object.class);
    private final ObjectWriter writer = json.writer();

    /**
     * Binds the columns of a newly admitted task but its position, which the statement draws,
     * and its version, which is {@link Task#FIRST_VERSION}: in the order of {@link #COLUMNS} without them, the
     * {@value #NEW_PARAMETERS} parameters from {@code first}.
     */
    void bindNew(PreparedStatement statement, int first, Task task) throws SQLException {
        int offset = first - 1;
        statement.setObject(offset + 1, task.id().value());
        statement.setString(offset + 2, task.operation());
        statement.setString(offset + 3, write(task.args()));
        statement.setString(offset + 4, write(claims(task.claims())));
        setTexts(statement, offset + 5, task.tags(), Tag::value);
        statement.setBoolean(offset + 6, task.cancellable());
        setNanos(statement, offset + 7, task.timeout() == null ? null : task.timeout().toNanos());
        statement.setString(offset + 8, task.jobId());
        statement.setString(offset + 9, task.scheduleId());
        statement.setString(offset + 10, task.response().wireName());
        statement.setString(offset + 11, write(claims(task.reasons())));
        statement.setString(offset + 12, task.state().wireName());
        statement.setString(offset + 13, write(task.progress()));
        statement.setString(offset + 14, task.result() == null ? null : write(task.result()));
        statement.setString(offset + 15, task.exception());
        statement.setString(offset + 16, task.traceback());
        statement.setLong(offset + 17, nanos(task.submitTime()));
        statement.setString(offset + 18, task.submitter());
        setNanos(statement, offset + 19, task.startTime() == null ? null : nanos(task.startTime()));
        setNanos(statement, offset + 20, task.finishTime() == null ? null : nanos(task.finishTime()));
        statement.setBoolean(offset + 21, task.claimsReleased());
        statement.setString(offset + 22, code(task));
        statement.setString(offset + 23, task.workerName());
    }

    private static String code(Task task) {
        return task.errorCode() == null ? null : task.errorCode().code();
    }

    /** How many parameters {@link #bindChanges} binds. */
    static final int CHANGE_PARAMETERS = 14;

    /**
     * Binds the columns a change may touch, with the task's id and stored version first, as
     * arrays of an element per change, in the order of {@code changes}: the
     * {@value #CHANGE_PARAMETERS} parameters from {@code first}, in the order of
     * {@code unnest(uuid[], bigint[], text[], text[], text[], text[], text[], bigint[], bigint[],
     * boolean[], text[], text[], text[], text[])} as {@code (id, version, state, progress, result, exception,
     * traceback, start_nanos, finish_nanos, claims_released, job_id, schedule_id, error_code, worker_name)};
     * the JSON values as text.
     *
     * @return the array of the tasks' ids it bound, for a statement that names them again
     */
    Array bindChanges(Connection connection, PreparedStatement statement, int first, List<Task> changes)
            throws SQLException {
        int offset = first - 1;
        Array ids = connection.createArrayOf("uuid", changes.stream().map(task -> task.id().value()).toArray());
        statement.setArray(offset + 1, ids);
        statement.setObject(offset + 2, changes.stream().map(Task::version).toArray(Long[]::new));
        setTexts(statement, offset + 3, changes, task -> task.state().wireName());
        setTexts(statement, offset + 4, changes, task -> write(task.progress()));
        setTexts(statement, offset + 5, changes,
                task -> task.result() == null ? null : write(task.result()));
        setTexts(statement, offset + 6, changes, Task::exception);
        setTexts(statement, offset + 7, changes, Task::traceback);
        statement.setObject(offset + 8, changes.stream()
                .map(task -> task.startTime() == null ? null : nanos(task.startTime())).toArray(Long[]::new));
        statement.setObject(offset + 9, changes.stream()
                .map(task -> task.finishTime() == null ? null : nanos(task.finishTime())).toArray(Long[]::new));
        statement.setObject(offset + 10, changes.stream().map(Task::claimsReleased).toArray(Boolean[]::new));
        setTexts(statement, offset + 11, changes, Task::jobId);
        setTexts(statement, offset + 12, changes, Task::scheduleId);
        setTexts(statement, offset + 13, changes, TaskRows::code);
        setTexts(statement, offset + 14, changes, Task::workerName);
        return ids;
    }

    Task read(ResultSet row) throws SQLException {
        Array tagArray = row.getArray("tags");
        List<Tag> tags = new ArrayList<>();
        for (Object value : (Object[]) tagArray.getArray()) {
            tags.add(new Tag((String) value));
        }
        long timeout = row.getLong("timeout_nanos");
        Duration limit = row.wasNull() ? null : Duration.ofNanos(timeout);
        String result = row.getString("result");
        String state = row.getString("state");
        String exception = row.getString("exception");
        return new Task(
                new TaskId(row.getObject("id", UUID.class)),
                row.getString("operation"),
                JsonValues.copyOfObject(readObject(row.getString("args"))),
                readClaims(row.getString("claims")),
                tags,
                row.getBoolean("cancellable"),
                limit,
                row.getString("job_id"),
                row.getString("schedule_id"),
                row.getLong("position"),
                response(row.getString("response")),
                readClaims(row.getString("reasons")),
                state(state),
                JsonValues.copyOfObject(readObject(row.getString("progress"))),
                result == null ? null : JsonValues.copyOf(readValue(result)),
                exception,
                row.getString("traceback"),
                errorCode(row.getString("error_code"), state, exception),
                instant(row, "submit_nanos"),
                row.getString("submitter"),
                instant(row, "start_nanos"),
                row.getString("worker_name"),
                instant(row, "finish_nanos"),
                row.getBoolean("claims_released"),
                row.getLong("version"));
    }

    /** The stored state; {@code timed out}, which a version before migration 5 may still write, is {@code error}. */
    private static TaskState state(String stored) {
        return TIMED_OUT.equals(stored) ? TaskState.ERROR : TaskState.fromWireName(stored);
    }

    /**
     * The stored code; for a row a version before migration 5 wrote, the code its state and
     * exception show, by the rules of that migration.
     */
    private static ErrorCode errorCode(String stored, String state, String exception) {
        if (stored != null) {
            return ErrorCode.fromCode(stored);
        }
        if (TIMED_OUT.equals(state)) {
            return ErrorCode.TIME_LIMIT_EXCEEDED;
        }
        if (TaskState.SKIPPED.wireName().equals(state)) {
            return ErrorCode.PREDECESSOR_FAILED;
        }
        if (!TaskState.ERROR.wireName().equals(state)) {
            return null;
        }
        if (exception != null && exception.startsWith("NodeLostError:")) {
            return ErrorCode.NODE_LOST;
        }
        if (exception != null && exception.startsWith("IllegalStateException: Taskmill stopped")) {
            return ErrorCode.SERVER_STOPPED;
        }
        return ErrorCode.OPERATION_FAILED;
    }

    /**
     * Binds {@code field} of each item as a {@code text[]} parameter (the statement casts it):
     * encoded by the driver from a {@code String[]}, without the lookups of the type by its name
     * that {@link Connection#createArrayOf} makes for every array, a tenth of a node's time.
     */
    static <T> void setTexts(PreparedStatement statement, int index, Collection<T> items, Function<T, String> field)
            throws SQLException {
        statement.setObject(index, items.stream().map(field).toArray(String[]::new));
    }

    /** A {@code text[]} of {@code field} of each of {@code items}, in their order. */
    static <T> Array textArray(Connection connection, Collection<T> items, Function<T, String> field)
            throws SQLException {
        return connection.createArrayOf("text", items.stream().map(field).toArray());
    }

    /** An instant as nanoseconds since the epoch: exact, and ordered as instants are. */
    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        long nanos = row.getLong(column);
        if (row.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static void setNanos(PreparedStatement statement, int index, Long nanos) throws SQLException {
        if (nanos == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, nanos);
        }
    }

    private static List<Map<String, String>> claims(List<ResourceClaim> claims) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (ResourceClaim claim : claims) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("resource_type", claim.resourceType());
            row.put("resource_id", claim.resourceId());
            row.put("operation", claim.operation().wireName());
            rows.add(row);
        }
        return rows;
    }

    private List<ResourceClaim> readClaims(String text) {
        try {
            List<ResourceClaim> claims = new ArrayList<>();
            for (Map<String, String> row : claimsReader.<List<Map<String, String>>>readValue(text)) {
                claims.add(new ResourceClaim(row.get("resource_type"), row.get("resource_id"),
                        ResourceOperation.fromWireName(row.get("operation"))));
            }
            return claims;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored claim list is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Map<?, ?> readObject(String text) {
        Object value = readValue(text);
        if (!(value instanceof Map<?, ?> object)) {
            throw new IllegalStateException("A stored JSON object is not an object: " + text);
        }
        return object;
    }

    private Object readValue(String text) {
        try {
            return valueReader.readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON value is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON value: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The response stored by its wire name; a row a server before schema version 4 wrote during
     * an upgrade has its enum name ({@code ACCEPTED}), and reads the same.
     */
    private static CallResponse response(String stored) {
        return CallResponse.fromWireName(stored.toLowerCase(Locale.ROOT));
    }
}
