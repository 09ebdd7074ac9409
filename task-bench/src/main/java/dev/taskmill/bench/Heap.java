package dev.taskmill.bench;

import java.lang.management.ManagementFactory;

/** The heap in use after full collections. */
final class Heap {

    private Heap() {
    }

    /** Bytes of heap in use after three full collections, the least of the three readings. */
    static long usedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
