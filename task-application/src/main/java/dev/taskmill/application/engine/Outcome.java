package dev.taskmill.application.engine;

import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.NotJsonCompatibleException;
import dev.taskmill.domain.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/** How an operation's code ended: it returned a value or threw. */
abstract sealed class Outcome {

    static Outcome returned(Object value) {
        return new Returned(value);
    }

    static Outcome threw(Throwable failure) {
        return new Threw(failure);
    }

    /** The running task's next state under this outcome. */
    abstract Task applyTo(Task running, Instant now);

    /** {@code Type: message}, the form of a task's {@code exception}. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        String type = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** The stack trace, lines separated by {@code \n}. */
    static String traceback(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString().replace("\r\n", "\n").stripTrailing();
    }

    private static final class Returned extends Outcome {
        private final Object value;

        Returned(Object value) {
            this.value = value;
        }

        @Override
        Task applyTo(Task running, Instant now) {
            try {
                return running.finish(value, now);
            } catch (NotJsonCompatibleException e) {
                NotJsonCompatibleException failure = new NotJsonCompatibleException(
                        "operation '" + running.operation() + "' returned a result that cannot be stored: "
                                + e.getMessage());
                return running.fail(ErrorCode.OPERATION_FAILED, describe(failure), traceback(failure), now);
            }
        }
    }

    private static final class Threw extends Outcome {
        private final Throwable failure;

        Threw(Throwable failure) {
            this.failure = failure;
        }

        @Override
        Task applyTo(Task running, Instant now) {
            return running.fail(ErrorCode.OPERATION_FAILED, describe(failure), traceback(failure), now);
        }
    }
}
