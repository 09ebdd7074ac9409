package dev.taskmill.adapter.rest.http;

import java.util.List;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Times each HTTP request once, from its arrival to its completion, for all that want its
 * duration (the HTTP meters, the access log). A Grizzly probe, so that it also times a response
 * that Jersey completes after its request's thread has left (a wait, a stream of events), and
 * the requests the gate answers itself.
 */
public final class RequestTiming extends HttpServerProbe.Adapter {

    /** What is told of each completed request. */
    public interface Completed {

        /** {@code request} was answered with {@code response}, {@code elapsedNanos} after it arrived. */
        void completed(Request request, Response response, long elapsedNanos);
    }

    private static final String STARTED = RequestTiming.class.getName() + ".started";

    private final List<Completed> told;

    public RequestTiming(List<Completed> told) {
        this.told = List.copyOf(told);
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void onRequestCompleteEvent(HttpServerFilter filter, Connection connection, Response response) {
        Request request = response.getRequest();
        if (request == null || !(request.getAttribute(STARTED) instanceof Long started)) {
            return;
        }
        long elapsed = System.nanoTime() - started;
        for (Completed completed : told) {
            completed.completed(request, response, elapsed);
        }
    }
}
