package dev.taskmill.adapter.rest.resource;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
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
 * the table holds at most {@value #SLOTS} times that. The JSON goes out as any other array of bytes
 * a resource answers with (Jersey's own writer of {@code byte[]}).
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

    /** The report of {@code task} as it is, as JSON: an array that may be kept, not to be changed. */
    byte[] of(Task task) {
        int first = pairOf(task.id());
        EncodedReport newer = slots.get(first);
        if (newer != null && newer.is(task)) {
            return newer.json;
        }
        EncodedReport older = slots.get(first + 1);
        if (older != null && older.is(task)) {
            return older.json;
        }
        EncodedReport made = new EncodedReport(task.id(), task.version(),
                writer.encode(CallReport.fromDomain(task, apiRoot)));
        if (made.json.length > MOST_BYTES_KEPT) {
            return made.json;
        }
        // a race between two polls loses a report at worst, which the next poll encodes again
        if (newer != null && !newer.taskId.equals(task.id())) {
            slots.set(first + 1, newer);
        }
        slots.set(first, made);
        return made.json;
    }

    /** The first slot of the pair where {@code id}'s report is kept. */
    static int pairOf(TaskId id) {
        return (id.hashCode() & (SLOTS / 2 - 1)) * 2;
    }

    /** One version of a task's report, as JSON. */
    private static final class EncodedReport {

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
    }
}
