package dev.taskmill.adapter.rest;

import dev.taskmill.adapter.rest.http.MetricsScrape;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The server's metrics: where the HTTP requests and failed logins are counted, and what
 * {@code GET /metrics} (at the server's root) answers.
 *
 * @param registry where the REST adapter registers its meters
 * @param scrape what {@code /metrics} answers
 * @param authenticate whether {@code /metrics} needs a user with {@code read}, as the API
 *        does; {@code false} serves it to anyone
 */
public record MetricsSettings(MeterRegistry registry, MetricsScrape scrape, boolean authenticate) {

    public MetricsSettings {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scrape, "scrape");
    }
}
