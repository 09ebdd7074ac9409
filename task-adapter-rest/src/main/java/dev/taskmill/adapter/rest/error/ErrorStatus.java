package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import dev.taskmill.adapter.rest.resource.InvalidRequestException;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.InvalidCriteriaException;
import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.in.LoginsBusyException;
import dev.taskmill.application.port.in.ServiceUnavailableException;
import dev.taskmill.application.port.in.TooManyFailedLoginsException;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.TaskDomainException;
import dev.taskmill.domain.TaskNotCancellableException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The HTTP status of every error the API answers, in one table: the first row whose type
 * matches decides, and says what the client is told.
 */
final class ErrorStatus {

    /** What the client is told: the exception's message, its status's, the JSON problem, or nothing. */
    enum Message { OWN, OF_STATUS, OF_JSON, NONE }

    /** The status of an exception and what its error object says. */
    record Verdict(int status, Message message) {
    }

    private static final List<Row> TABLE = List.of(
            row(AuthenticationFailedException.class, 401, Message.OWN), // asks for HTTP Basic
            row(AccessDeniedException.class, 403, Message.OWN),
            row(TaskNotFoundException.class, 404, Message.OWN),
            row(TaskGroupNotFoundException.class, 404, Message.OWN),
            row(TooManyFailedLoginsException.class, 429, Message.OWN), // says when to try again
            row(LoginsBusyException.class, 503, Message.OWN), // password checks at their bound
            row(ServiceUnavailableException.class, 503, Message.OWN), // the store is unreachable
            row(CallRejectedException.class, 409, Message.OWN), // the conflicting claims; a group's call_index
            row(TaskNotCancellableException.class, 501, Message.OWN), // its operation cannot be cancelled
            row(TaskDomainException.class, 409, Message.OWN), // any other refusal of the domain
            row(InvalidCallException.class, 400, Message.OWN), // unknown operation, arguments it refuses
            row(InvalidCriteriaException.class, 400, Message.OWN), // search criteria outside the language
            row(InvalidRequestException.class, InvalidRequestException::status, Message.OWN), // 400, 413
            row(InvalidDefinitionException.class, 500, Message.NONE), // a wire type Jackson cannot handle
            new Row(ErrorStatus::isJsonTheServerWrote, any -> 500, Message.NONE),
            row(JsonProcessingException.class, 400, Message.OF_JSON), // JSON the client sent
            row(WebApplicationException.class, e -> e.getResponse().getStatus(), Message.OF_STATUS), // Jersey's
            row(Throwable.class, 500, Message.NONE)); // anything else is the server's fault

    private ErrorStatus() {
    }

    static Verdict of(Throwable exception) {
        for (Row row : TABLE) {
            if (row.matches().test(exception)) {
                return new Verdict(row.status().applyAsInt(exception), row.message());
            }
        }
        throw new IllegalStateException("the table's last row matches every throwable");
    }

    private static boolean isJsonTheServerWrote(Throwable exception) {
        return exception instanceof JsonProcessingException json && json.getProcessor() instanceof JsonGenerator;
    }

    private static Row row(Class<? extends Throwable> type, int status, Message message) {
        return new Row(type::isInstance, any -> status, message);
    }

    private static <E extends Throwable> Row row(Class<E> type, ToIntFunction<E> status, Message message) {
        return new Row(type::isInstance, exception -> status.applyAsInt(type.cast(exception)), message);
    }

    private record Row(Predicate<Throwable> matches, ToIntFunction<Throwable> status, Message message) {
    }
}
