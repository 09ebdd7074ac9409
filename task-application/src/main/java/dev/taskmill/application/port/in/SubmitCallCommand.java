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

    /** The most resources one call may claim. */
    public static final int MAX_RESOURCES = 64;
    /** The most tags one call may carry, besides the automatic ones. */
    public static final int MAX_TAGS = 64;

    public SubmitCallCommand {
        Objects.requireNonNull(operation, "operation");
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be empty");
        }
        args = Objects.requireNonNull(args, "args");
        resources = List.copyOf(resources);
        tags = List.copyOf(tags);
        if (resources.size() > MAX_RESOURCES) {
            throw new IllegalArgumentException("resources: a call claims at most " + MAX_RESOURCES
                    + " resources, not " + resources.size());
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags: a call carries at most " + MAX_TAGS + " tags, not "
                    + tags.size());
        }
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(limit -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeout_seconds must be positive");
            }
        });
    }
}
