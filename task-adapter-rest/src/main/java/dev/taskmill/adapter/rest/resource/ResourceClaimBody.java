package dev.taskmill.adapter.rest.resource;

import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import io.swagger.v3.oas.annotations.media.Schema;

/** A resource claim on the wire: {@code {resource_type, resource_id, operation}}. */
@Schema(name = "ResourceClaim", description = "A claim of a call on a resource, which the conflict matrix decides on")
public record ResourceClaimBody(@Schema(example = "repository") String resourceType,
        @Schema(example = "r1") String resourceId,
        @Schema(allowableValues = {"create", "read", "update", "delete"}) String operation) {

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
