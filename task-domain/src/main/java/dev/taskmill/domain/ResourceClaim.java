package dev.taskmill.domain;

import java.util.Objects;

/** A call's claim on one resource: which resource, and what the call does to it. */
public record ResourceClaim(String resourceType, String resourceId, ResourceOperation operation) {

    public ResourceClaim {
        Text.requireShortText(resourceType, "resource_type");
        Text.requireShortText(resourceId, "resource_id");
        Objects.requireNonNull(operation, "operation");
    }

    public ResourceKey key() {
        return new ResourceKey(resourceType, resourceId);
    }
}
