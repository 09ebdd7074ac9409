package dev.taskmill.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** A response with its body parsed as JSON. */
record HttpReply(int status, HttpResponse<String> raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String header(String name) {
        return raw.headers().firstValue(name).orElse(null);
    }

    String text() {
        return raw.body();
    }

    JsonNode json() {
        try {
            return JSON.readTree(raw.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + raw.body(), e);
        }
    }
}
