package dev.taskmill.adapter.rest;

import dev.taskmill.domain.Admission;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import java.util.List;

/** Tasks the builder does not make directly: postponed ones, ones in a group or schedule. */
final class Tasks {

    private Tasks() {
    }

    /** A waiting task admitted behind an earlier task holding {@code reasons}. */
    static Task postponed(TaskBuilder builder, List<ResourceClaim> reasons) {
        return builder.buildSubmission().admit(2, new Admission.Postponed(reasons));
    }

    /** The task as if a task group and a schedule had created it. */
    static Task inGroup(Task task, String jobId, String scheduleId) {
        return new Task(task.id(), task.operation(), task.args(), task.claims(), task.tags(), task.cancellable(),
                task.timeout(), jobId, scheduleId, task.position(), task.response(), task.reasons(),
                task.state(), task.progress(), task.result(), task.exception(), task.traceback(), task.errorCode(),
                task.submitTime(),
                task.submitter(),
                task.startTime(), task.workerName(), task.finishTime(), task.claimsReleased(), task.version());
    }
}
