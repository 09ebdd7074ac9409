package dev.taskmill.domain;

import java.util.Objects;

/** A claim held by an earlier task that has not yet released its resources. */
public record HeldClaim(TaskId holder, ResourceClaim claim) {

    public HeldClaim {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(claim, "claim");
    }
}
