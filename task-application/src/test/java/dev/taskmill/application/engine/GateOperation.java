package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test operation that runs until the test opens its gate: arg {@code gate} names the gate,
 * {@code stubborn: true} makes it ignore cancellation and interrupts until the gate opens,
 * {@code cancellable: false} makes it refuse cancellation, {@code result} is what it returns.
 * It records when each task's code started and returned.
 */
public final class GateOperation implements Operation {

    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    public final Map<String, Long> startedAtNanos = new ConcurrentHashMap<>();
    public final Map<String, Long> returnedAtNanos = new ConcurrentHashMap<>();
    public final Map<String, Boolean> sawStopRequest = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
    }

    @Override
    public boolean isCancellable(Map<String, Object> args) {
        return !Boolean.FALSE.equals(args.get("cancellable"));
    }

    /** Safe to run again when its arguments say {@code "restartable": true}. */
    @Override
    public boolean isSafeToRestart(Map<String, Object> args) {
        return Boolean.TRUE.equals(args.get("restartable"));
    }

    @Override
    public Object run(OperationContext context) throws InterruptedException {
        String gate = (String) context.args().get("gate");
        boolean stubborn = Boolean.TRUE.equals(context.args().get("stubborn"));
        startedAtNanos.put(gate, System.nanoTime());
        if (context.args().get("progress") instanceof Map<?, ?> progress) {
            @SuppressWarnings("unchecked")
            Map<String, ?> report = (Map<String, ?>) progress;
            context.reportProgress(report);
        }
        startedLatch(gate).countDown();
        try {
            if (stubborn) {
                awaitIgnoringInterrupts(gateLatch(gate));
            } else {
                try {
                    while (!gateLatch(gate).await(5, TimeUnit.MILLISECONDS)) {
                        if (context.isStopRequested()) {
                            throw new InterruptedException("stopped");
                        }
                    }
                } catch (InterruptedException e) {
                    sawStopRequest.put(gate, context.isStopRequested());
                    throw e;
                }
            }
            sawStopRequest.putIfAbsent(gate, context.isStopRequested());
            return context.args().getOrDefault("result", Map.of("gate", gate));
        } finally {
            returnedAtNanos.put(gate, System.nanoTime());
        }
    }

    public void open(String gate) {
        gateLatch(gate).countDown();
    }

    /** Waits until the task behind {@code gate} has started running its code. */
    public void awaitStarted(String gate) throws InterruptedException {
        if (!startedLatch(gate).await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("gate " + gate + " never started");
        }
    }

    public boolean hasStarted(String gate) {
        return startedLatch(gate).getCount() == 0;
    }

    /** Waits until the task behind {@code gate} has returned from its code; fails after {@code limit}. */
    public void awaitReturned(String gate, Duration limit) {
        Eventually.await(limit, "the task behind gate " + gate + " returned", () -> returnedAtNanos.containsKey(gate));
    }

    private CountDownLatch gateLatch(String gate) {
        return gates.computeIfAbsent(gate, name -> new CountDownLatch(1));
    }

    private CountDownLatch startedLatch(String gate) {
        return started.computeIfAbsent(gate, name -> new CountDownLatch(1));
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
