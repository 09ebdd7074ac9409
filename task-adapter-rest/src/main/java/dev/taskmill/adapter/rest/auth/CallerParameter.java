package dev.taskmill.adapter.rest.auth;

import dev.taskmill.domain.Caller;
import java.util.function.Function;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

/**
 * Gives a resource method's {@code @Context Caller} parameter the caller {@link BasicAuthentication}
 * authenticated the request as, read from the request itself. Injecting a {@code SecurityContext}
 * instead costs an object Jersey builds through HK2 for every request, about a tenth of a poll's
 * CPU.
 */
public final class CallerParameter implements ValueParamProvider {

    @Override
    public Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
        if (parameter.getRawType() != Caller.class || parameter.getSource() != Parameter.Source.CONTEXT) {
            return null;
        }
        return request -> BasicAuthentication.callerOf(request.getSecurityContext());
    }

    @Override
    public PriorityType getPriority() {
        return Priority.HIGH;
    }
}
