package dev.taskmill.adapter.rest.openapi;

import io.swagger.v3.oas.models.PathItem;

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
}
