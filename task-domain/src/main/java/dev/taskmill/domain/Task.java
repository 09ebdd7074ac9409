package dev.taskmill.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An admitted call and everything known about its run: an immutable value.
 *
 * <p>Every change is a transition method that returns the next {@code Task}; the allowed
 * transitions are those of {@link TaskState}. {@code version} is managed by repositories,
 * which store a change only if the version it was made from is still current.
 *
 * <p>A task holds the claims on its resources from admission until its code has stopped:
 * a task that never ran releases them when it reaches a terminal state, a task that ran
 * releases them through {@link #releaseClaims()} once its operation has returned.
 *
 * <p>The canonical constructor rebuilds a task from storage: it checks structure only and
 * expects {@code args}, {@code progress} and {@code result} to be immutable JSON values
 * (see {@link JsonValues}).
 *
 * @param timeout the time limit of a run, or {@code null} for none
 * @param errorCode why it ended in {@code error} or was {@code skipped}; {@code null} in any other state
 * @param position the order of admission; later calls have larger positions
 * @param submitter the name of the user who submitted the call, or {@code null} when the
 *        server ran without authentication
 * @param workerName the worker that runs or ran it, as the status page names workers (such as
 *        {@code taskmill-1a2b3c4d-2}); {@code null} until it starts, and for a task that started
 *        before tasks recorded their worker
 */
public record Task(
        TaskId id,
        String operation,
        Map<String, Object> args,
        List<ResourceClaim> claims,
        List<Tag> tags,
        boolean cancellable,
        Duration timeout,
        String jobId,
        String scheduleId,
        long position,
        CallResponse response,
        List<ResourceClaim> reasons,
        TaskState state,
        Map<String, Object> progress,
        Object result,
        String exception,
        String traceback,
        ErrorCode errorCode,
        Instant submitTime,
        String submitter,
        Instant startTime,
        String workerName,
        Instant finishTime,
        boolean claimsReleased,
        long version) {

    /** The longest result a task keeps, in characters of JSON: 1 MiB. */
    public static final long MAX_RESULT_CHARS = 1L << 20;
    /** The longest progress report a task keeps, in characters of JSON: 64 KiB. */
    public static final long MAX_PROGRESS_CHARS = 1L << 16;

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(args, "args");
        claims = List.copyOf(claims);
        tags = List.copyOf(tags);
        Objects.requireNonNull(response, "response");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(submitTime, "submitTime");
        if (state != TaskState.WAITING && state != TaskState.SKIPPED && state != TaskState.CANCELED
                && startTime == null) {
            throw new IllegalArgumentException("a task in state '" + state.wireName() + "' has a start time");
        }
        if (state.isTerminal() != (finishTime != null)) {
            throw new IllegalArgumentException("a task has a finish time exactly when it is terminal");
        }
        if (claimsReleased && !state.isTerminal()) {
            throw new IllegalArgumentException("only a terminal task can have released its claims");
        }
        if ((response == CallResponse.POSTPONED) == reasons.isEmpty()) {
            throw new IllegalArgumentException("a task has reasons exactly when it was postponed");
        }
        if (state == TaskState.WAITING && startTime != null) {
            throw new IllegalArgumentException("a waiting task has not started");
        }
        if (workerName != null && startTime == null) {
            throw new IllegalArgumentException("only a task that started has a worker");
        }
        if ((state == TaskState.ERROR || state == TaskState.SKIPPED) != (errorCode != null)) {
            throw new IllegalArgumentException("a task has an error code exactly when it is in error or skipped");
        }
    }

    /** Why it ended in {@code error} or was skipped, with a description for people; empty in any other state. */
    public Optional<TaskError> error() {
        return errorCode == null ? Optional.empty() : Optional.of(TaskError.of(errorCode, exception));
    }

    /** Whether {@code user} submitted this task; never true for a task submitted without authentication. */
    public boolean isSubmittedBy(String user) {
        return submitter != null && submitter.equals(user);
    }

    public Optional<Duration> timeLimit() {
        return Optional.ofNullable(timeout);
    }

    /** Whether the task is waiting or running. */
    public boolean isIncomplete() {
        return !state.isTerminal();
    }

    /** Whether the task still holds the claims on its resources. */
    public boolean holdsClaims() {
        return !claimsReleased;
    }

    /** The version a store gives a task when it first stores it. */
    public static final long FIRST_VERSION = 1;
    /**
     * The version of a task started right after its admission: by the claim that followed it, or
     * by the admission itself ({@code TaskRepository.admitAndStart}), which stores it so at once.
     */
    public static final long STARTED_AT_ADMISSION_VERSION = FIRST_VERSION + 1;

    /** This newly admitted task as a store keeps it: at {@code storedPosition}, which the store drew, and {@link #FIRST_VERSION}. */
    public Task storedAt(long storedPosition) {
        return new Task(id, operation, args, claims, tags, cancellable, timeout, jobId, scheduleId, storedPosition,
                response, reasons, state, progress, result, exception, traceback, errorCode, submitTime, submitter,
                startTime, workerName, finishTime, claimsReleased, FIRST_VERSION);
    }

    /** The task as a repository stores it under {@code newVersion}. */
    public Task withVersion(long newVersion) {
        return new Task(id, operation, args, claims, tags, cancellable, timeout, jobId, scheduleId, position,
                response, reasons, state, progress, result, exception, traceback, errorCode, submitTime, submitter,
                startTime, workerName, finishTime, claimsReleased, newVersion);
    }

    /**
     * The same task with {@code equalTags}, tags equal to its own that may be instances shared
     * with other tasks: for stores that keep one instance of equal values.
     *
     * @throws IllegalArgumentException if the tags are not equal to the task's
     */
    public Task withSharedTags(List<Tag> equalTags) {
        if (!tags.equals(equalTags)) {
            throw new IllegalArgumentException("Shared tags must equal the task's own");
        }
        return new Task(id, operation, args, claims, equalTags, cancellable, timeout, jobId, scheduleId, position,
                response, reasons, state, progress, result, exception, traceback, errorCode, submitTime, submitter,
                startTime, workerName, finishTime, claimsReleased, version);
    }

    /** Waiting to running: the worker named {@code worker} has taken the task. */
    public Task start(Instant now, String worker) {
        require(TaskState.RUNNING);
        Objects.requireNonNull(worker, "worker");
        if (worker.isBlank()) {
            throw new IllegalArgumentException("a worker has a name");
        }
        return change(TaskState.RUNNING, progress, null, null, null, null, now, worker, null, false);
    }

    /**
     * Running to finished with the operation's result.
     *
     * @throws NotJsonCompatibleException if {@code value} has no JSON form, or is longer than
     *         {@link #MAX_RESULT_CHARS} as JSON
     */
    public Task finish(Object value, Instant now) {
        require(TaskState.FINISHED);
        return change(TaskState.FINISHED, progress, JsonValues.copyOf(value, MAX_RESULT_CHARS), null, null, null,
                startTime, workerName, now, false);
    }

    /**
     * Running to error, for {@code cause}: {@code exceptionText} ({@code Type: message}) says
     * what happened, {@code stackTrace} where, if known.
     */
    public Task fail(ErrorCode cause, String exceptionText, String stackTrace, Instant now) {
        require(TaskState.ERROR);
        Objects.requireNonNull(cause, "cause");
        if (cause == ErrorCode.PREDECESSOR_FAILED) {
            throw new IllegalArgumentException("a task that ran cannot fail for want of a predecessor");
        }
        return change(TaskState.ERROR, progress, null, exceptionText, stackTrace, cause, startTime, workerName, now, false);
    }

    /** Running to error: the task ran past its time limit, which {@code exceptionText} names. */
    public Task timeOut(String exceptionText, Instant now) {
        return fail(ErrorCode.TIME_LIMIT_EXCEEDED, exceptionText, null, now);
    }

    /**
     * Cancels the task: a waiting task never runs and releases its claims at once; a running
     * task is marked canceled and keeps its claims until its code returns.
     *
     * @throws TaskAlreadyTerminalException if the task is terminal
     * @throws TaskNotCancellableException if the task is running and its operation cannot be cancelled
     */
    public Task cancel(Instant now) {
        if (!state.canChangeTo(TaskState.CANCELED)) {
            throw new TaskAlreadyTerminalException(id, state); // the table lets every task cancel until it ends
        }
        if (state == TaskState.RUNNING && !cancellable) {
            throw new TaskNotCancellableException(id, operation);
        }
        boolean neverRan = state == TaskState.WAITING;
        return change(TaskState.CANCELED, progress, null, null, null, null, startTime, workerName, now, neverRan);
    }

    /**
     * Running back to waiting: its run was stopped before it ended (the server running it
     * stopped, or its claim was never taken up) and it is to run again from the start, in its
     * place in the queue. It keeps its claims; the progress and the worker of the abandoned run
     * are dropped.
     */
    public Task returnToWaiting() {
        require(TaskState.WAITING);
        return change(TaskState.WAITING, Map.of(), null, null, null, null, null, null, null, false);
    }

    /**
     * The task as its admission stored it, whatever became of it since: waiting, with what an
     * admission decides and nothing of a run, at {@link #FIRST_VERSION}. What whoever follows
     * the task hears of its submission, though the store started it in the same step
     * ({@code TaskRepository.admitAndStart}) or another node read it only later.
     */
    public Task asAdmitted() {
        return new Task(id, operation, args, claims, tags, cancellable, timeout, jobId, scheduleId, position,
                response, reasons, TaskState.WAITING, Map.of(), null, null, null, null, submitTime, submitter, null,
                null, null, false, FIRST_VERSION);
    }

    /**
     * Whether this is the run that {@code claimed} began, in any state since: the task started at
     * the same instant. A task that went back to waiting and was claimed again is another run,
     * whose record an earlier run's late writes must not touch.
     */
    public boolean isSameRun(Task claimed) {
        return id.equals(claimed.id) && startTime != null && startTime.equals(claimed.startTime);
    }

    /** Waiting to skipped: a task it depended on did not finish; it never runs. */
    public Task skip(Instant now) {
        require(TaskState.SKIPPED);
        return change(TaskState.SKIPPED, progress, null, null, null, ErrorCode.PREDECESSOR_FAILED, null, null, now, true);
    }

    /**
     * Replaces the task's progress with the latest report.
     *
     * @throws IllegalStateException if the task is not running
     * @throws NotJsonCompatibleException if {@code report} has no JSON form, or is longer than
     *         {@link #MAX_PROGRESS_CHARS} as JSON
     */
    public Task reportProgress(Map<String, ?> report) {
        if (state != TaskState.RUNNING) {
            throw new IllegalStateException("Task " + id + " is '" + state.wireName()
                    + "'; only a running task reports progress");
        }
        return change(state, JsonValues.copyOfObject(report, MAX_PROGRESS_CHARS), result, exception, traceback,
                errorCode, startTime, workerName, finishTime, false);
    }

    /**
     * Releases the task's claims once its code has stopped.
     *
     * @throws IllegalStateException if the task is not terminal or has released them already
     */
    public Task releaseClaims() {
        if (!state.isTerminal() || claimsReleased) {
            throw new IllegalStateException("Task " + id + " in state '" + state.wireName()
                    + "' cannot release its claims" + (claimsReleased ? " again" : ""));
        }
        return change(state, progress, result, exception, traceback, errorCode, startTime, workerName, finishTime, true);
    }

    private void require(TaskState target) {
        if (!state.canChangeTo(target)) {
            throw new IllegalTaskStateChangeException(id, state, target);
        }
    }

    private Task change(TaskState nextState, Map<String, Object> nextProgress, Object nextResult,
            String nextException, String nextTraceback, ErrorCode nextErrorCode, Instant nextStart, String nextWorker,
            Instant nextFinish, boolean released) {
        return new Task(id, operation, args, claims, tags, cancellable, timeout, jobId, scheduleId, position,
                response, reasons, nextState, nextProgress, nextResult, nextException, nextTraceback, nextErrorCode,
                submitTime, submitter, nextStart, nextWorker, nextFinish, released, version);
    }
}
