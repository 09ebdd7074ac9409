package dev.taskmill.domain;

/** A free-form label on a task: 1 to 255 characters, no control characters. */
public record Tag(String value) {

    private static final String PULP_PREFIX = "pulp:";

    public Tag {
        Text.requireShortText(value, "tag");
    }

    public static Tag of(String value) {
        return new Tag(value);
    }

    /** The automatic tag {@code pulp:<resource_type>:<resource_id>} of a claimed resource. */
    public static Tag forResource(ResourceClaim claim) {
        return new Tag(PULP_PREFIX + claim.resourceType() + ":" + claim.resourceId());
    }

    /** The automatic tag {@code pulp:action:<operation>} of a task's operation. */
    public static Tag forAction(String operationName) {
        return new Tag(PULP_PREFIX + "action:" + operationName);
    }

    @Override
    public String toString() {
        return value;
    }
}
