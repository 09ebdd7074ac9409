package dev.taskmill.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One answer of {@code GET /metrics}, its samples parsed from Prometheus' text format. */
record Scrape(int status, HttpResponse<String> raw, Map<String, Double> samples) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** {@code GET /metrics} at the server's root, as {@code user} (or nobody when null). */
    static Scrape of(URI serverRoot, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(serverRoot.resolve("/metrics")).GET()
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Double> samples = new LinkedHashMap<>();
            if (response.statusCode() == 200) {
                for (String line : response.body().split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    Matcher sample = SAMPLE.matcher(line);
                    if (!sample.matches()) {
                        throw new AssertionError("Not a sample line: " + line);
                    }
                    samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                            Double.parseDouble(sample.group(3)));
                }
            }
            return new Scrape(response.statusCode(), response, samples);
        } catch (IOException e) {
            throw new IllegalStateException("Scrape failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String body() {
        return raw.body();
    }

    String header(String name) {
        return raw.headers().firstValue(name).orElse(null);
    }

    /**
     * The sum of the samples named {@code name} whose labels include every one of
     * {@code labels} (name, value, name, value...); 0 when there is none.
     */
    double value(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            if (matches(sample.getKey(), name, labels)) {
                sum += sample.getValue();
            }
        }
        return sum;
    }

    /** Whether a sample named {@code name} with those labels is there. */
    boolean has(String name, String... labels) {
        return samples.keySet().stream().anyMatch(key -> matches(key, name, labels));
    }

    /** The samples named {@code name}, by their label sets. */
    List<Map<String, String>> series(String name) {
        return samples.keySet().stream().filter(key -> matches(key, name)).map(Scrape::labelsOf).toList();
    }

    /** Every label value of every sample. */
    List<String> labelValues() {
        return samples.keySet().stream().flatMap(key -> labelsOf(key).values().stream()).toList();
    }

    private static boolean matches(String key, String name, String... labels) {
        int brace = key.indexOf('{');
        String keyName = brace < 0 ? key : key.substring(0, brace);
        if (!keyName.equals(name)) {
            return false;
        }
        Map<String, String> present = labelsOf(key);
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(present.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> labelsOf(String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        int brace = key.indexOf('{');
        if (brace >= 0) {
            Matcher label = LABEL.matcher(key.substring(brace));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }
}
