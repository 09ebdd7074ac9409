package dev.taskmill.adapter.rest.resource;

import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;

/** A resource claim on the wire: {@code {resource_type, resource_id, operation}}. */
public record ResourceClaimBody(String resourceType, String resourceId, String operation) {

    public static ResourceClaimBody fromDomain(ResourceClaim claim) {
        return new ResourceClaimBody(claim.resourceType(), claim.resourceId(), claim.operation().wireName());
    }

    /**
     * The domain claim this body describes.
     *
     * @throws IllegalArgumentException if a part is missing or invalid
     */
    public ResourceClaim toDomain() {
        if (operation == null) {
            throw new IllegalArgumentException("operation is required");
        }
        return new ResourceClaim(resourceType, resourceId, ResourceOperation.fromWireName(operation));
    }
}
