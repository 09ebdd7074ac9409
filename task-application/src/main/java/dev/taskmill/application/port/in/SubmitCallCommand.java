package dev.taskmill.application.port.in;

import dev.taskmill.domain.JsonValues;
import dev.taskmill.domain.NotJsonCompatibleException;
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
 *
 * <p>This command is the one place these are checked on the way in: a transport only converts
 * its input to these types, and the domain's {@code TaskSubmission} takes them as checked here.
 *
 * @param args an immutable deep copy of the arguments, made here
 * @param timeout a positive time limit, or empty for none
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

    /**
     * @throws NotJsonCompatibleException if some part of {@code args} has no JSON form
     * @throws IllegalArgumentException if another value is out of its bounds, naming its field
     */
    public SubmitCallCommand {
        Objects.requireNonNull(operation, "operation");
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be empty");
        }
        args = copyOfArgs(Objects.requireNonNull(args, "args"));
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

    private static Map<String, Object> copyOfArgs(Map<String, Object> args) {
        try {
            return JsonValues.copyOfObject(args);
        } catch (NotJsonCompatibleException e) {
            throw new NotJsonCompatibleException("args: " + e.getMessage());
        }
    }
}
