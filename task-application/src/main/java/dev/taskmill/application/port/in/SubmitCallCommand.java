package dev.taskmill.application.port.in;

import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to submit: the operation's name, its JSON arguments, the resources it claims,
 * the caller's tags and an optional time limit.
 */
public record SubmitCallCommand(
        String operation,
        Map<String, Object> args,
        List<ResourceClaim> resources,
        List<Tag> tags,
        Optional<Duration> timeout) {

    public SubmitCallCommand {
        Objects.requireNonNull(operation, "operation");
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be empty");
        }
        args = Objects.requireNonNull(args, "args");
        resources = List.copyOf(resources);
        tags = List.copyOf(tags);
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(limit -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeout_seconds must be positive");
            }
        });
    }
}
