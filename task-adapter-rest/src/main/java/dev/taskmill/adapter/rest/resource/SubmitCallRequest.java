package dev.taskmill.adapter.rest.resource;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /v2/tasks/}: {@code operation} is required; {@code args},
 * {@code resources} and {@code tags} default to empty; {@code timeout_seconds} is optional.
 */
@Schema(name = "SubmitCall", description = "A call to submit; unknown fields are refused",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record SubmitCallRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "sleep",
                description = "the operation's name, such as sleep or digest") String operation,
        @Schema(description = "the operation's arguments") Map<String, Object> args,
        @Schema(description = "up to 64 resource claims") List<ResourceClaimBody> resources,
        @Schema(description = "up to 64 tags of the caller's, each up to 255 characters") List<String> tags,
        @Schema(description = "the time limit of the run: a positive number of seconds") BigDecimal timeoutSeconds) {

    /** The longest time limit a Duration holds in nanoseconds, about 292 years. */
    private static final BigDecimal MAX_SECONDS = new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE), 9);
    private static final BigDecimal ONE_NANOSECOND = BigDecimal.ONE.movePointLeft(9);

    /**
     * The command this request asks for. The command checks what it holds (a positive
     * timeout, JSON args, how many resources and tags) and copies {@code args}; this only
     * turns JSON into those types.
     *
     * @throws InvalidRequestException (400) naming the field that is missing or invalid
     */
    public SubmitCallCommand toCommand() {
        if (operation == null) {
            throw InvalidRequestException.badRequest("Field 'operation' is required");
        }
        try {
            return new SubmitCallCommand(operation, args == null ? Map.of() : args, claims(), callerTags(), timeout());
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.badRequest(e.getMessage());
        }
    }

    private List<ResourceClaim> claims() {
        List<ResourceClaim> claims = new ArrayList<>();
        if (resources == null) {
            return claims;
        }
        for (int i = 0; i < resources.size(); i++) {
            ResourceClaimBody resource = resources.get(i);
            try {
                if (resource == null) {
                    throw new IllegalArgumentException("must be an object");
                }
                claims.add(resource.toDomain());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("resources[" + i + "]: " + e.getMessage(), e);
            }
        }
        return claims;
    }

    private List<Tag> callerTags() {
        List<Tag> callerTags = new ArrayList<>();
        if (tags == null) {
            return callerTags;
        }
        for (int i = 0; i < tags.size(); i++) {
            try {
                callerTags.add(Tag.of(tags.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tags[" + i + "]: " + e.getMessage(), e);
            }
        }
        return callerTags;
    }

    private Optional<Duration> timeout() {
        if (timeoutSeconds == null) {
            return Optional.empty();
        }
        if (timeoutSeconds.compareTo(MAX_SECONDS) > 0) {
            throw new IllegalArgumentException("timeout_seconds is too large");
        }
        // a huge negative limit is clamped for the command to refuse; a limit is rounded up to
        // whole nanoseconds, so that a tiny positive one stays positive; one below a nanosecond
        // is not scaled, as scaling 1e-999999999 overflows
        BigDecimal seconds = timeoutSeconds.max(MAX_SECONDS.negate());
        if (seconds.abs().compareTo(ONE_NANOSECOND) < 0) {
            return Optional.of(Duration.ofNanos(seconds.signum() > 0 ? 1 : 0));
        }
        long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
        return Optional.of(Duration.ofNanos(nanos));
    }
}
