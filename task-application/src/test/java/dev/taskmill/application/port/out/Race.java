package dev.taskmill.application.port.out;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the same work on several threads released at once, and collects what each returned. */
public final class Race {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Race() {
    }

    /**
     * Starts {@code threads} threads that all wait for one signal and then call {@code work}
     * with their index; returns their results in index order.
     *
     * @throws TimeoutException if they did not all finish within a minute
     */
    public static <T> List<T> run(int threads, IndexedWork<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> task = () -> {
                    ready.countDown();
                    if (!go.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TimeoutException("never started");
                    }
                    return work.run(index);
                };
                futures.add(pool.submit(task));
            }
            if (!ready.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the threads did not start within " + DEADLINE);
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The work of one thread of a race. */
    @FunctionalInterface
    public interface IndexedWork<T> {
        T run(int index) throws Exception;
    }
}
