package dev.taskmill.domain;

/**
 * A label on a task, without control characters. A caller's own tags ({@link #of}) have 1 to
 * 255 characters; the automatic {@code pulp:<resource_type>:<resource_id>} tag of a claim may
 * be longer, since type and id may have 255 characters each.
 */
public record Tag(String value) {

    /** The longest tag a caller may give. */
    public static final int MAX_CALLER_LENGTH = Text.MAX_LENGTH;

    private static final String PULP_PREFIX = "pulp:";
    private static final int MAX_LENGTH = PULP_PREFIX.length() + 2 * Text.MAX_LENGTH + 1;

    public Tag {
        Text.requireText(value, "tag", MAX_LENGTH);
    }

    /**
     * A caller's tag.
     *
     * @throws IllegalArgumentException if it is empty, longer than 255 characters or has control characters
     */
    public static Tag of(String value) {
        return new Tag(Text.requireText(value, "tag", MAX_CALLER_LENGTH));
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
