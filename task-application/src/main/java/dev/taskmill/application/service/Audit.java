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
        if (LOG.isLoggable(Level.INFO)) {
            // the line made here: with parameters, the logging bridge would parse a MessageFormat for every line
            LOG.log(Level.INFO, "user=" + caller + " action=submit task=" + task.id() + " operation="
                    + task.operation() + " response=" + task.response().wireName() + " at=" + task.submitTime());
        }
    }

    static void canceled(Caller caller, Task task, Instant at) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, "user=" + caller + " action=cancel task=" + task.id() + " operation="
                    + task.operation() + " submitter=" + (task.submitter() == null ? "anonymous" : task.submitter())
                    + " was=" + task.state().wireName() + " at=" + at);
        }
    }
}
