package dev.taskmill.app.operation;

import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.domain.JsonValues;
import dev.taskmill.domain.TaskId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link OperationContext} for tests: records progress with its time, and stops on request. */
final class FakeOperationContext implements OperationContext {

    /** One progress report and when it arrived ({@link System#nanoTime()}). */
    record Report(Map<String, Object> progress, long nanoTime) {
    }

    private final TaskId taskId = TaskId.random();
    private final Map<String, Object> args;
    private final OperationEnvironment environment;
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;

    FakeOperationContext(Map<String, Object> args, OperationEnvironment environment) {
        this.args = JsonValues.copyOfObject(args);
        this.environment = environment;
    }

    FakeOperationContext(Map<String, Object> args, Path dataDirectory) {
        this(args, new OperationEnvironment(dataDirectory));
    }

    FakeOperationContext(Map<String, Object> args) {
        this(args, Path.of("."));
    }

    void requestStop() {
        stopRequested = true;
    }

    List<Report> reports() {
        return List.copyOf(reports);
    }

    List<Map<String, Object>> progress() {
        return reports.stream().map(Report::progress).toList();
    }

    @Override
    public TaskId taskId() {
        return taskId;
    }

    @Override
    public Map<String, Object> args() {
        return args;
    }

    @Override
    public OperationEnvironment environment() {
        return environment;
    }

    @Override
    public void reportProgress(Map<String, ?> progress) {
        reports.add(new Report(JsonValues.copyOfObject(progress), System.nanoTime()));
    }

    @Override
    public boolean isStopRequested() {
        return stopRequested;
    }
}
