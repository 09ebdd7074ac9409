package dev.taskmill.bench;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-gate}: runs until the bench opens its gate, then notes the moment it returned.
 * Its one argument, {@code gate}, is the index of its gate in the current {@link Gates}.
 * Installed as every operation is, through {@code META-INF/services}.
 */
public final class GateOperation implements Operation {

    static final String NAME = "bench-gate";
    private static final Map<String, Object> RESULT = Map.of("ok", true);

    private static volatile Gates gates = new Gates(0);

    /** The gates of one round: every task of the round waits at its own. */
    static final class Gates {

        private final CountDownLatch[] open;
        private final long[] returnedNanos;
        private final CountDownLatch running;

        Gates(int count) {
            open = new CountDownLatch[count];
            for (int i = 0; i < count; i++) {
                open[i] = new CountDownLatch(1);
            }
            returnedNanos = new long[count];
            running = new CountDownLatch(count);
        }

        /** Waits until every task of the round is running, at most {@code seconds}. */
        void awaitRunning(long seconds) throws InterruptedException {
            if (!running.await(seconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(running.getCount() + " gated tasks were not running after "
                        + seconds + " s");
            }
        }

        void open(int gate) {
            open[gate].countDown();
        }

        /** When the operation behind {@code gate} returned ({@link System#nanoTime}), 0 if it has not. */
        synchronized long returnedNanos(int gate) {
            return returnedNanos[gate];
        }

        private synchronized void returned(int gate, long nanos) {
            returnedNanos[gate] = nanos;
        }
    }

    /** Makes {@code count} closed gates for the next tasks. */
    static Gates newRound(int count) {
        Gates round = new Gates(count);
        gates = round;
        return round;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        if (args.size() != 1 || !(args.get("gate") instanceof Integer gate) || gate < 0) {
            throw new InvalidArgumentsException("bench-gate takes one argument, gate: an index");
        }
    }

    @Override
    public Object run(OperationContext context) throws InterruptedException {
        Gates round = gates;
        int gate = (Integer) context.args().get("gate");
        round.running.countDown();
        while (!round.open[gate].await(100, TimeUnit.MILLISECONDS)) {
            if (context.isStopRequested()) {
                throw new InterruptedException("bench-gate stopped");
            }
        }
        round.returned(gate, System.nanoTime());
        return RESULT;
    }
}
