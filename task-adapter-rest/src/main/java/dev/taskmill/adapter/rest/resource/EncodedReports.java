package dev.taskmill.adapter.rest.resource;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The call reports of recently polled tasks, encoded once per version of a task however often
 * it is polled: clients poll a task again and again until it ends, and after. The report is
 * made from the task alone (and the API root), and every change a store keeps gives the task a
 * new version, so a task's version names its report.
 *
 * <p>A fixed table of {@value #SLOTS} slots, one task in each, in pairs found by the task id's
 * hash: the newer of two tasks in a pair is first, so two tasks of one pair polled in turn both
 * stay; a task whose place others took since is encoded again. What is kept is the recently
 * polled tasks, with no map to grow and no eviction to run. A report longer than {@value
 * #MOST_BYTES_KEPT} bytes (a large result or traceback) is encoded at each poll and not kept, so
 * the table holds at most {@value #SLOTS} times that.
 */
public final class EncodedReports {

    /** How many tasks' reports are kept at most; a power of two. */
    static final int SLOTS = 4096;
    /** The longest report kept; a report is about 600 bytes without a result. */
    static final int MOST_BYTES_KEPT = 8 * 1024;

    private final CallReportWriter writer;
    private final String apiRoot;
    private final AtomicReferenceArray<EncodedReport> slots = new AtomicReferenceArray<>(SLOTS);

    /** @param writer how a report is written; @param apiRoot the API root the reports' paths start with */
    public EncodedReports(CallReportWriter writer, String apiRoot) {
        this.writer = writer;
        this.apiRoot = apiRoot;
    }

    /** The report of {@code task} as it is, encoded. */
    EncodedReport of(Task task) {
        int first = pairOf(task.id());
        EncodedReport newer = slots.get(first);
        if (newer != null && newer.is(task)) {
            return newer;
        }
        EncodedReport older = slots.get(first + 1);
        if (older != null && older.is(task)) {
            return older;
        }
        EncodedReport made = new EncodedReport(task.id(), task.version(),
                writer.encode(CallReport.fromDomain(task, apiRoot)));
        if (made.json.length > MOST_BYTES_KEPT) {
            return made;
        }
        // a race between two polls loses a report at worst, which the next poll encodes again
        if (newer != null && !newer.taskId.equals(task.id())) {
            slots.set(first + 1, newer);
        }
        slots.set(first, made);
        return made;
    }

    /** The first slot of the pair where {@code id}'s report is kept. */
    static int pairOf(TaskId id) {
        return (id.hashCode() & (SLOTS / 2 - 1)) * 2;
    }

    /** One version of a task's report, as JSON. */
    static final class EncodedReport {

        private final TaskId taskId;
        private final long version;
        private final byte[] json;

        private EncodedReport(TaskId taskId, long version, byte[] json) {
            this.taskId = taskId;
            this.version = version;
            this.json = json;
        }

        /** Whether this is the report of {@code task} as it is. */
        private boolean is(Task task) {
            return version == task.version() && taskId.equals(task.id());
        }

        /** The JSON, the array itself: not to be changed. */
        byte[] json() {
            return json;
        }
    }

    /** Writes an {@link EncodedReport}: its JSON as it is. */
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Writer implements MessageBodyWriter<EncodedReport> {

        @Override
        public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
            return type == EncodedReport.class;
        }

        @Override
        public void writeTo(EncodedReport report, Class<?> type, Type genericType, Annotation[] annotations,
                MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
                throws IOException {
            entityStream.write(report.json);
        }
    }
}
