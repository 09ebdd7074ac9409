package dev.taskmill.bench;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The ceiling of the HTTP stack: Jersey on Grizzly, as Taskmill's API runs, serving one
 * trivial resource that answers every {@code GET} below its root with the same JSON body.
 */
final class ConstantJsonServer implements AutoCloseable {

    private final HttpServer server;
    private final URI baseUri;

    private ConstantJsonServer(HttpServer server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    static ConstantJsonServer start(String body) {
        return start(body, null);
    }

    /** The same, also answering every {@code POST} with {@code 202}, the body and {@code location} as its {@code Location}. */
    static ConstantJsonServer start(String body, String location) {
        ResourceConfig application = new ResourceConfig().register(ConstantResource.class)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(new ConstantResource(body, location)).to(ConstantResource.class);
                    }
                })
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                application, false);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = server.getListeners().iterator().next().getPort();
        return new ConstantJsonServer(server, URI.create("http://127.0.0.1:" + port + "/"));
    }

    URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        server.shutdownNow(); // also destroys the handlers, so the application can be collected
    }

    /** Returns the constant body for any path; bound to its instance as Taskmill's resources are. */
    @Path("{path: .*}")
    public static final class ConstantResource {

        private final String body;
        private final URI location;

        ConstantResource(String body, String location) {
            this.body = body;
            this.location = location == null ? null : URI.create(location);
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public String get() {
            return body;
        }

        /** Reads the request's JSON body, as a submission does, and answers as one does. */
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Response post(String request) {
            return Response.accepted(body).location(location).build();
        }
    }
}
