package dev.taskmill.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.InMemoryStorageProvider;

/**
 * JobRunr with its in-memory storage provider, as the peer that Taskmill's engine is measured against.
 *
 * <p>Configuration, all through JobRunr's public fluent API ({@code JobRunr.configure()}), as a user would write it:
 * <ul>
 *   <li>{@link InMemoryStorageProvider}, no dashboard, no JMX, JobRunr's default Jackson 2 JSON mapper and its default
 *       caching job-details generator;</li>
 *   <li>{@code andWorkerCount(workers)};</li>
 *   <li>{@code andPollInterval(200 ms)}: the smallest poll interval JobRunr 8.7.0 accepts, and only for the
 *       in-memory store ({@code AbstractStorageProvider.validatePollInterval}: 200 ms for
 *       {@code InMemoryStorageProvider}, 5 s for every SQL/NoSQL store; the default is 15 s). It is also JobRunr's best
 *       setting for throughput here, not only for latency: a worker that finishes a job fetches new work itself, but
 *       only if no other worker is fetching at that moment (a {@code tryLock}), so idle workers otherwise wait for the
 *       next poll; with 1 s and 5 s polls 5,000 no-ops ran 2 to 10 times slower in a cold round.</li>
 * </ul>
 * Everything else is JobRunr's default: each fetch asks for as many jobs as there are idle workers (JobRunr's
 * {@code BasicWorkDistributionStrategy}; there is no public setting for more), the default retry filter, and succeeded
 * jobs kept in the store for 36 h. JobRunr's in-memory store scans and sorts its whole job map on every fetch, so its
 * throughput falls as the number of jobs in the store grows: measure it at the same, modest size each time.
 *
 * <p>The job is a static method on the public nested class {@link NoOpJob}: JobRunr analyses the enqueue lambda's
 * bytecode (ASM) and later invokes the method by reflection, without {@code setAccessible}, so the class and the
 * method must be public even though this class is not.
 */
final class JobRunrPeer implements AutoCloseable {

    /** Sequential jobs per latency round in a full run: about 20 s at 200 ms per job (gap plus latency). */
    static final int LATENCY_CALLS = 100;

    /** Sequential jobs per latency round in a quick run: about 4 s. */
    static final int QUICK_LATENCY_CALLS = 20;

    /** No-op jobs per throughput round in a full run: about 10 s a round once warm, 25 s cold. */
    static final int THROUGHPUT_CALLS = 10_000;

    /** No-op jobs per throughput round in a quick run. */
    static final int QUICK_THROUGHPUT_CALLS = 2_000;

    /** JobRunr's poll interval, the floor of its start latency on an idle server. */
    static final Duration POLL = Duration.ofMillis(200);

    /** {@link #POLL} for reports. */
    static final String POLL_INTERVAL = "200 ms";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(10);

    private final InMemoryStorageProvider storage;
    private final BackgroundJobServer server;
    private final JobScheduler scheduler;
    private final Outcomes outcomes;
    private final SplittableRandom random = new SplittableRandom(20_240_601L);
    private boolean closed;

    private JobRunrPeer(InMemoryStorageProvider storage, BackgroundJobServer server, JobScheduler scheduler,
            Outcomes outcomes) {
        this.storage = storage;
        this.server = server;
        this.scheduler = scheduler;
        this.outcomes = outcomes;
    }

    /**
     * Starts a JobRunr background job server with an InMemoryStorageProvider and {@code workers} worker threads, tuned
     * for low latency as far as JobRunr allows (shortest poll interval it accepts). No dashboard.
     *
     * <p>Returns once the server has announced itself and may process jobs. {@code JobRunr.configure()} replaces
     * JobRunr's static configuration (and {@code BackgroundJob}'s static scheduler) each time, so one peer after
     * another in the same JVM works; two at once share those statics and are not supported.
     */
    static JobRunrPeer start(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        InMemoryStorageProvider storage = new InMemoryStorageProvider();
        Outcomes outcomes = new Outcomes();
        JobRunrConfigurationResult result = JobRunr.configure()
                .useStorageProvider(storage)
                .withJobFilter(outcomes)
                .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(workers)
                        .andPollInterval(POLL))
                .initialize();
        JobRunrPeer peer =
                new JobRunrPeer(storage, result.getBackgroundJobServer(), result.getJobScheduler(), outcomes);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (peer.server.isNotReadyToProcessJobs()) {
            if (System.nanoTime() - deadline > 0) {
                peer.close();
                throw new IllegalStateException("JobRunr's server was not ready within " + START_TIMEOUT);
            }
            sleep(1);
        }
        return peer;
    }

    /**
     * Enqueues n no-op jobs from one thread as fast as JobRunr's client API allows, waits until all n have succeeded
     * (their state saved in JobRunr's store, not only their body run), and returns the nanoseconds from the first
     * enqueue to the last success.
     *
     * <p>Afterwards, outside the measured time, the n succeeded jobs are deleted from the store, so that every round
     * starts from an empty store as a fresh engine's would.
     */
    long runNoOps(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        Outcomes.Round round = outcomes.expect(n);
        long start = System.nanoTime();
        // One JobScheduler.enqueue(JobLambda) call per job, the API of JobRunr's getting-started guide (the same call
        // as BackgroundJob.enqueue). Not the batch JobScheduler.enqueue(Stream, JobLambdaFromStream): it saves in
        // batches of 5,000 and was no faster here, since fetching, not enqueuing, is JobRunr's bottleneck.
        for (int i = 0; i < n; i++) {
            scheduler.enqueue(() -> NoOpJob.run());
        }
        long end = round.await(RUN_TIMEOUT);
        removeSucceeded(n);
        return end - start;
    }

    /**
     * n times, one after the other on an idle server: enqueues one no-op job and measures the nanoseconds from just
     * before the enqueue to the moment the job's body starts (it records {@code System.nanoTime()}), waiting for each
     * job to finish before the next. Returns the n latencies.
     *
     * <p>Before each enqueue the caller idles for a random time below one poll interval (seeded, so the same on every
     * run). An idle JobRunr server starts a job only at its next poll, and an enqueue made right after the previous job
     * finished would always land just after a poll and wait nearly the whole interval (about 198 ms every time); the
     * pause spreads the enqueues over the poll cycle as independent submissions would be.
     */
    long[] startLatencies(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            sleep(random.nextLong(POLL.toMillis()));
            Outcomes.Round round = outcomes.expect(1);
            long before = System.nanoTime();
            scheduler.enqueue(() -> NoOpJob.recordStart());
            round.await(JOB_TIMEOUT);
            latencies[i] = NoOpJob.LAST_START.get() - before;
        }
        removeSucceeded(n);
        return latencies;
    }

    /** Stops the server and frees its store, so that another peer or benchmark can run in this JVM afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } finally {
            storage.close();
        }
    }

    /** Checks that the store holds the n jobs as SUCCEEDED, and deletes them. */
    private void removeSucceeded(int n) {
        int removed = storage.deleteJobsPermanently(StateName.SUCCEEDED, Instant.now().plusSeconds(1));
        if (removed < n) {
            throw new IllegalStateException("JobRunr's store holds " + removed + " succeeded jobs, not " + n);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for JobRunr", e);
        }
    }

    /** The job JobRunr runs: nothing but a counter or a timestamp. Public because JobRunr invokes it by reflection. */
    public static final class NoOpJob {

        static final AtomicLong RUNS = new AtomicLong();
        static final AtomicLong LAST_START = new AtomicLong();

        private NoOpJob() {
        }

        /** The throughput job. */
        public static void run() {
            RUNS.incrementAndGet();
        }

        /** The latency job: records when its body started. */
        public static void recordStart() {
            LAST_START.set(System.nanoTime());
        }
    }

    /**
     * Counts jobs reaching SUCCEEDED, through JobRunr's {@link ApplyStateFilter}, which JobRunr calls after it has
     * saved the new state to the store; a FAILED job ends the round at once instead of waiting for JobRunr's retries.
     */
    static final class Outcomes implements ApplyStateFilter {

        private volatile Round current = new Round(0);

        Round expect(int n) {
            Round round = new Round(n);
            current = round;
            return round;
        }

        @Override
        public void onStateApplied(Job job, JobState oldState, JobState newState) {
            StateName state = newState.getName();
            if (state == StateName.SUCCEEDED) {
                current.succeeded();
            } else if (state == StateName.FAILED) {
                current.failed(job);
            }
        }

        /** One batch of expected successes. */
        static final class Round {

            private final AtomicInteger remaining;
            private final CountDownLatch done = new CountDownLatch(1);
            private volatile long lastSuccessNanos;
            private volatile String failure;

            Round(int expected) {
                this.remaining = new AtomicInteger(expected);
            }

            void succeeded() {
                if (remaining.decrementAndGet() == 0) {
                    lastSuccessNanos = System.nanoTime();
                    done.countDown();
                }
            }

            void failed(Job job) {
                failure = "JobRunr job " + job.getId() + " (" + job.getJobName() + ") failed";
                done.countDown();
            }

            /** Waits for the last success and returns its System.nanoTime(). */
            long await(Duration timeout) {
                try {
                    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new IllegalStateException("JobRunr did not finish its jobs within " + timeout + "; "
                                + remaining.get() + " still to succeed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for JobRunr", e);
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                return lastSuccessNanos;
            }
        }
    }
}
