package dev.taskmill.adapter.rest.http;

import java.io.IOException;
import java.io.OutputStream;

/** What {@code GET /metrics} answers: every meter's value now, in one exposition format. */
public interface MetricsScrape {

    /** The answer's content type, such as Prometheus' {@code text/plain; version=0.0.4; charset=utf-8}. */
    String contentType();

    /** Writes every meter's value now. */
    void writeTo(OutputStream out) throws IOException;
}
