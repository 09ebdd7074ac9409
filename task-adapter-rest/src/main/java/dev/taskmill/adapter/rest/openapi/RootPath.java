package dev.taskmill.adapter.rest.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;

/**
 * A path the server answers outside Jersey, at the server's root whatever the API root (such as
 * the health checks, which {@code RequestGate} answers before Jersey), with what the document
 * says of it. The swagger generator reads only the JAX-RS resources, so such a path is handed to
 * {@link ApiDocument#build} as one of these.
 *
 * @param path the path from the server's root, such as {@code /health/live}
 * @param item its operations, responses and schemas
 */
public record RootPath(String path, PathItem item) {

    /** The path's own server: the server's root, where the document's is the API root. */
    public RootPath {
        item.servers(List.of(new Server().url("/").description("the server's root, whatever the API root")));
    }

    /**
     * A path answered to {@code GET} alone, without a login (as the health checks are); list it
     * in {@code RestServer.ROOT_PATHS}.
     */
    public static RootPath openGet(String path, Operation operation) {
        return new RootPath(path, new PathItem().get(ApiDocument.open(operation)));
    }

    /**
     * A path answered to {@code GET} alone, with the login the API asks (as {@code /metrics}
     * is, unless opened); list it in {@code RestServer.ROOT_PATHS}.
     */
    public static RootPath get(String path, Operation operation) {
        return new RootPath(path, new PathItem().get(operation));
    }
}
