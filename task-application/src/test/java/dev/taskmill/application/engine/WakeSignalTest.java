package dev.taskmill.application.engine;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeSignalTest {

    private final WakeSignal signal = new WakeSignal();

    /** Waits on a sleeper of a thread of its own, made once it has looked at the generation. */
    private CompletableFuture<WakeSignal.Wake> sleepOnOwnThread(String worker, long timeoutMillis) {
        long seen = signal.generation();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return signal.sleeper(worker).await(seen, timeoutMillis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void givenSignalAfterLookingForWork_await_returnsAtOnce() throws InterruptedException {
        long seen = signal.generation();
        signal.signal();

        long start = System.nanoTime();
        WakeSignal.Wake wake = signal.sleeper("w1").await(seen, 60_000);

        assertThat(wake.closed()).isFalse();
        assertThat(wake.handed()).isNull();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void givenSleepingWorker_signal_wakesIt() throws Exception {
        long seen = signal.generation();
        CompletableFuture<WakeSignal.Wake> woken = sleepOnOwnThread("w1", 60_000);
        while (!woken.isDone() && signal.generation() == seen) {
            Thread.sleep(10);
            signal.signal();
        }

        assertThat(woken.get(10, TimeUnit.SECONDS).closed()).isFalse();
    }

    @Test
    void givenNoSignal_await_returnsAfterItsTimeout() throws InterruptedException {
        assertThat(signal.sleeper("w1").await(signal.generation(), 20)).isEqualTo(new WakeSignal.Wake(false, null));
    }

    @Test
    void givenClosedSignal_await_saysSo() throws InterruptedException {
        signal.close();

        assertThat(signal.sleeper("w1").await(signal.generation(), 60_000).closed()).isTrue();
        assertThat(signal.reserveIdle()).as("no worker is reserved once closed").isNull();
    }

    @Test
    void givenNoIdleWorker_reserveIdle_isNull() {
        assertThat(signal.reserveIdle()).isNull();
    }

    @Test
    void givenIdleWorker_reserveIdle_takesIt_andWhatIsHandedIsWhatItWakesWith() throws Exception {
        CompletableFuture<WakeSignal.Wake> woken = sleepOnOwnThread("w1", 60_000);
        WakeSignal.Sleeper reserved = reserveWhenIdle();
        assertThat(reserved.worker()).isEqualTo("w1");
        assertThat(signal.reserveIdle()).as("one idle worker, reserved once").isNull();

        signal.signal();
        Thread.sleep(50);
        assertThat(woken).as("a reserved worker waits for its hand, whatever the signals").isNotDone();

        Task started = aRunningTask().build();
        reserved.hand(started);
        assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(new WakeSignal.Wake(false, started));
    }

    @Test
    void givenReservedWorkerPastItsTimeout_await_stillWaitsForTheHand() throws Exception {
        CompletableFuture<WakeSignal.Wake> woken = sleepOnOwnThread("w1", 1_000);
        WakeSignal.Sleeper reserved = reserveWhenIdle();

        Thread.sleep(1_300);
        assertThat(woken).isNotDone();

        reserved.hand(null);
        WakeSignal.Wake wake = woken.get(10, TimeUnit.SECONDS);
        assertThat(wake.handed()).as("nothing started: it looks for work").isNull();
        assertThat(wake.closed()).isFalse();
    }

    @Test
    void givenReservedWorkerReleased_itIsIdleAgainWithoutALook_andASignalStillWakesIt() throws Exception {
        long seen = signal.generation();
        CompletableFuture<WakeSignal.Wake> woken = sleepOnOwnThread("w1", 60_000);
        reserveWhenIdle().release();

        Thread.sleep(50);
        assertThat(woken).as("nothing to look for").isNotDone();
        assertThat(signal.generation()).isEqualTo(seen);
        WakeSignal.Sleeper again = reserveWhenIdle();
        assertThat(again.worker()).as("idle, and reservable again").isEqualTo("w1");
        again.release();

        signal.signalOne();
        assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(new WakeSignal.Wake(false, null));
    }

    @Test
    void givenNothingHanded_theWorkerLooksAsForOneTask_andNeedNotPassItOn() throws Exception {
        long seen = signal.generation();
        CompletableFuture<WakeSignal.Wake> woken = sleepOnOwnThread("w1", 60_000);
        reserveWhenIdle().hand(null);

        woken.get(10, TimeUnit.SECONDS);
        assertThat(signal.onlySingleSince(seen)).isTrue();
    }

    /**
     * A signal moves the generation, then takes an idle worker from the queue: a worker that
     * fell idle in between has seen the generation already, and is still the one woken. It
     * leaves and looks: asleep again, it would be out of the queue and out of every later
     * signal's reach until its timeout.
     */
    @Test
    void givenWorkerThatSawTheSignalsGenerationAlready_theSignalsWakeUp_stillSendsItToLook() throws Exception {
        CompletableFuture<WakeSignal.Wake> woken = sleepOnOwnThread("w1", 60_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (signal.idleCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }

        signal.wakeOne(); // the second half of a signal whose generation the worker saw

        assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(new WakeSignal.Wake(false, null));
        assertThat(signal.idleCount()).isZero();
    }

    @Test
    void givenTwoIdleWorkers_signal_wakesOne_andTheOtherStaysIdle() throws Exception {
        CompletableFuture<WakeSignal.Wake> first = sleepOnOwnThread("w1", 60_000);
        CompletableFuture<WakeSignal.Wake> second = sleepOnOwnThread("w2", 60_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (signal.idleCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }

        signal.signal();
        CompletableFuture.anyOf(first, second).get(10, TimeUnit.SECONDS);
        Thread.sleep(50);
        assertThat(first.isDone() && second.isDone()).as("one woken, the other still asleep").isFalse();
        assertThat(signal.idleCount()).isEqualTo(1);

        signal.signal();
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        assertThat(signal.idleCount()).isZero();
    }

    /** The idle worker, reserved, once it has queued itself. */
    private WakeSignal.Sleeper reserveWhenIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            WakeSignal.Sleeper reserved = signal.reserveIdle();
            if (reserved != null) {
                return reserved;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no worker fell idle within 10 s");
    }

    @Test
    void onlySingleSince_tellsWhetherEverySignalSinceStoodForOneTask() {
        long seen = signal.generation();
        assertThat(signal.onlySingleSince(seen)).as("no signal: a worker looking on its own").isFalse();

        signal.signalOne();
        signal.signalOne();
        assertThat(signal.onlySingleSince(seen)).as("two single signals").isTrue();

        signal.signal();
        assertThat(signal.onlySingleSince(seen)).as("and one that may stand for several tasks").isFalse();

        long later = signal.generation();
        signal.signalOne();
        assertThat(signal.onlySingleSince(later)).as("since the broad one, a single one").isTrue();
    }
}
