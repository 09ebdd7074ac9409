package dev.taskmill.application.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeSignalTest {

    private final WakeSignal signal = new WakeSignal();

    @Test
    void givenSignalAfterLookingForWork_awaitChange_returnsAtOnce() throws InterruptedException {
        long seen = signal.generation();
        signal.signal();

        long start = System.nanoTime();
        assertThat(signal.awaitChange(seen, 60_000)).isTrue();

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void givenSleepingWorker_signal_wakesIt() throws Exception {
        long seen = signal.generation();
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.awaitChange(seen, 60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!woken.isDone() && signal.generation() == seen) {
            Thread.sleep(10);
            signal.signal();
        }

        assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givenNoSignal_awaitChange_returnsAfterItsTimeout() throws InterruptedException {
        assertThat(signal.awaitChange(signal.generation(), 20)).isTrue();
    }

    @Test
    void givenClosedSignal_awaitChange_saysSo() throws InterruptedException {
        signal.close();

        assertThat(signal.awaitChange(signal.generation(), 60_000)).isFalse();
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
