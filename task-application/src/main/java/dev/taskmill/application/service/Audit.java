package dev.taskmill.application.service;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import java.lang.System.Logger.Level;
import java.time.Instant;

/** One log line for each submit and cancel: who, what, when; on the logger {@code taskmill.audit}. */
final class Audit {

    private static final System.Logger LOG = System.getLogger("taskmill.audit");

    private Audit() {
    }

    static void submitted(Caller caller, Task task) {
        LOG.log(Level.INFO, "user={0} action=submit task={1} operation={2} response={3} at={4}",
                caller, task.id(), task.operation(), task.response().wireName(), task.submitTime());
    }

    static void canceled(Caller caller, Task task, Instant at) {
        LOG.log(Level.INFO, "user={0} action=cancel task={1} operation={2} submitter={3} was={4} at={5}",
                caller, task.id(), task.operation(), task.submitter() == null ? "anonymous" : task.submitter(),
                task.state().wireName(), at);
    }
}
