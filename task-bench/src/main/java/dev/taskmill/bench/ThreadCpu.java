package dev.taskmill.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of this JVM's threads, so that a scenario whose client shares the JVM with the
 * server can say where the time went: a snapshot now, and the time since it by kind of thread
 * (the name less its number). Threads that ended between the two are not counted.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosById = new HashMap<>();

    private ThreadCpu() {
    }

    static ThreadCpu now() {
        ThreadCpu snapshot = new ThreadCpu();
        for (long id : THREADS.getAllThreadIds()) {
            snapshot.nanosById.put(id, THREADS.getThreadCpuTime(id));
        }
        return snapshot;
    }

    /**
     * Milliseconds of CPU since this snapshot, by kind of thread, the largest first; those under
     * 1% of the total left out.
     */
    String since() {
        Map<String, Long> byKind = new HashMap<>();
        long total = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long nanos = THREADS.getThreadCpuTime(id);
            if (info == null || nanos < 0) {
                continue;
            }
            long spent = nanos - nanosById.getOrDefault(id, 0L);
            byKind.merge(info.getThreadName().replaceAll("-?[0-9]+", "-N"), spent, Long::sum);
            total += spent;
        }
        long floor = total / 100;
        Map<Long, String> largest = new TreeMap<>((a, b) -> Long.compare(b, a));
        byKind.forEach((kind, nanos) -> {
            if (nanos >= floor) {
                largest.merge(nanos, kind, (x, y) -> x + ", " + y);
            }
        });
        StringBuilder text = new StringBuilder(String.format("%,d ms in all:", total / 1_000_000));
        largest.forEach((nanos, kind) -> text.append(String.format(" %s %,d;", kind, nanos / 1_000_000)));
        return text.toString();
    }
}
