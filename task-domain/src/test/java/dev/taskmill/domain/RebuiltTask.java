package dev.taskmill.domain;

import java.time.Instant;
import java.util.List;

/**
 * Rebuilds a {@link Task} through its canonical constructor (as storage does) with a few
 * fields changed, to exercise the constructor's structural checks.
 */
final class RebuiltTask {

    private final Task base;
    private TaskState state;
    private Instant startTime;
    private String workerName;
    private Instant finishTime;
    private boolean claimsReleased;
    private CallResponse response;
    private List<ResourceClaim> reasons;
    private List<Tag> tags;

    private RebuiltTask(Task base) {
        this.base = base;
        this.state = base.state();
        this.startTime = base.startTime();
        this.workerName = base.workerName();
        this.finishTime = base.finishTime();
        this.claimsReleased = base.claimsReleased();
        this.response = base.response();
        this.reasons = base.reasons();
        this.tags = base.tags();
    }

    static RebuiltTask from(Task task) {
        return new RebuiltTask(task);
    }

    RebuiltTask state(TaskState value) {
        this.state = value;
        return this;
    }

    RebuiltTask startTime(Instant value) {
        this.startTime = value;
        return this;
    }

    RebuiltTask workerName(String value) {
        this.workerName = value;
        return this;
    }

    RebuiltTask finishTime(Instant value) {
        this.finishTime = value;
        return this;
    }

    RebuiltTask claimsReleased(boolean value) {
        this.claimsReleased = value;
        return this;
    }

    RebuiltTask response(CallResponse value, List<ResourceClaim> conflicts) {
        this.response = value;
        this.reasons = conflicts;
        return this;
    }

    RebuiltTask tags(List<Tag> value) {
        this.tags = value;
        return this;
    }

    /** The base's code, or one fitting the state it is rebuilt in. */
    private ErrorCode errorCode() {
        if (state != TaskState.ERROR && state != TaskState.SKIPPED) {
            return null;
        }
        if (base.errorCode() != null) {
            return base.errorCode();
        }
        return state == TaskState.SKIPPED ? ErrorCode.PREDECESSOR_FAILED : ErrorCode.OPERATION_FAILED;
    }

    Task build() {
        return new Task(base.id(), base.operation(), base.args(), base.claims(), tags, base.cancellable(),
                base.timeout(), base.jobId(), base.scheduleId(), base.position(), response, reasons,
                state, base.progress(), base.result(), base.exception(), base.traceback(), errorCode(),
                base.submitTime(), base.submitter(), startTime, workerName, finishTime, claimsReleased, base.version());
    }
}
