package dev.taskmill.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * The server's logging on Logback: one console appender on standard error, text lines or JSON
 * lines ({@link JsonLineEncoder}) at the level of {@code --log-level}. System.Logger (the
 * application) and java.util.logging (Jersey, Grizzly) reach it through SLF4J.
 */
final class Logging {

    /** Each submit and cancel: who did what ({@code Audit}); logged whatever {@code --log-level} says. */
    static final String AUDIT = "taskmill.audit";
    /** Each HTTP request, with {@code --access-log}; logged whatever {@code --log-level} says. */
    static final String ACCESS = "taskmill.access";
    /** {@code 2026-12-05T03:45:00.000Z [INFO] Taskmill - message}: the form slf4j-simple wrote before, which tests read. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%level] %logger{0} - %msg%n";

    private Logging() {
    }

    /** Logs as {@code config} says from now on. */
    static void configure(LogConfig config) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, config);
        }
    }

    static void configure(LoggerContext context, LogConfig config) {
        context.reset();
        // java.util.logging's levels follow these, so that it builds no record nobody logs
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        Encoder<ILoggingEvent> encoder = switch (config.format()) {
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setPattern(TEXT_PATTERN);
                yield text;
            }
            case JSON -> new JsonLineEncoder();
        };
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();

        Level level = Level.toLevel(config.level());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        // Jersey and Grizzly: their warnings and errors, not their info (nor their debug, which is a flood)
        context.getLogger("org.glassfish").setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
        context.getLogger(AUDIT).setLevel(Level.INFO);
        context.getLogger(ACCESS).setLevel(config.accessLog() ? Level.INFO : Level.OFF);
    }
}
