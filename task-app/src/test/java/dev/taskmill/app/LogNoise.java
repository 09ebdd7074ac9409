package dev.taskmill.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a node's log over an outage is quiet enough for an operator: it says the database is
 * gone and that it tries again, but prints no stack trace every second, and no component of it
 * repeats itself every second. Read from the server's log format
 * ({@code 2026-01-01T00:00:00.000Z [WARN] Logger - message}, stack frames on lines of their own).
 */
final class LogNoise {

    private static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.\\d+\\S* \\[(\\w+)\\] (\\S+) - .*");
    private static final Pattern FRAME = Pattern.compile("^\\s+at \\S+\\(.*\\)$");

    /** At most this many lines naming an exception, over the whole outage (not one a second). */
    static final int MAX_EXCEPTION_LINES = 10;

    private final List<String> problems = new ArrayList<>();

    private LogNoise() {
    }

    /** Reads {@code log}, what a node printed over an outage of about {@code outage}. */
    static LogNoise of(String log, Duration outage) {
        LogNoise noise = new LogNoise();
        long seconds = Math.max(1, outage.toSeconds());
        // a component may warn in at most three quarters of the outage's seconds: a retry that backs off does
        // (100 ms, 200 ms, ... up to 5 s), one that tries every second does not
        long maxSecondsPerLogger = Math.max(1, seconds * 3 / 4);
        long maxTraceSeconds = Math.max(1, seconds / 4);

        Map<String, Set<String>> warningSeconds = new TreeMap<>();
        Set<String> traceSeconds = new TreeSet<>();
        int exceptionLines = 0;
        int frames = 0;
        String lastSecond = null;
        boolean inTrace = false;
        for (String line : log.lines().toList()) {
            if (line.contains("Exception")) {
                exceptionLines++;
            }
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                lastSecond = matcher.group(1);
                inTrace = false;
                if (matcher.group(2).equals("WARN") || matcher.group(2).equals("ERROR")) {
                    warningSeconds.computeIfAbsent(matcher.group(3), logger -> new TreeSet<>()).add(lastSecond);
                }
            } else if (FRAME.matcher(line).matches()) {
                frames++;
                if (!inTrace) {
                    inTrace = true;
                    traceSeconds.add(lastSecond == null ? "?" : lastSecond);
                }
            }
        }
        if (exceptionLines > MAX_EXCEPTION_LINES) {
            noise.problems.add(exceptionLines + " lines name an exception (at most " + MAX_EXCEPTION_LINES
                    + " over a " + seconds + " s outage)");
        }
        if (traceSeconds.size() > maxTraceSeconds) {
            noise.problems.add("stack traces (" + frames + " frames) in " + traceSeconds.size() + " different seconds"
                    + " (at most " + maxTraceSeconds + "): " + traceSeconds);
        }
        warningSeconds.forEach((logger, inSeconds) -> {
            if (inSeconds.size() > maxSecondsPerLogger) {
                noise.problems.add(logger + " warns in " + inSeconds.size() + " different seconds of " + seconds
                        + " (at most " + maxSecondsPerLogger + "): about once a second");
            }
        });
        return noise;
    }

    /** What is too noisy, one sentence each; empty when the log is quiet enough. */
    List<String> problems() {
        return problems;
    }
}
