package dev.taskmill.domain;

/** The identity of a resource that calls may claim: its type and id. */
public record ResourceKey(String resourceType, String resourceId) {

    public ResourceKey {
        Text.requireShortText(resourceType, "resource_type");
        Text.requireShortText(resourceId, "resource_id");
    }
}
