package dev.taskmill.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who is asking, and the rules of what they may do: a permission allows an action on every
 * task, and whoever submitted a task may always read and cancel it, as in Pulp.
 *
 * @param name the authenticated user's name, or {@code null} for the anonymous caller of a
 *        server that runs without authentication
 */
public record Caller(String name, Set<Permission> permissions) {

    private static final Caller ANONYMOUS = new Caller(null, EnumSet.allOf(Permission.class));

    public Caller {
        permissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions"));
    }

    /** The caller of a server without authentication: nobody in particular, allowed everything. */
    public static Caller anonymous() {
        return ANONYMOUS;
    }

    /** An authenticated user. */
    public static Caller user(String name, Set<Permission> permissions) {
        return new Caller(Objects.requireNonNull(name, "name"), permissions);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    /** @throws AccessDeniedException if the caller lacks {@code permission} */
    public void require(Permission permission, String action) {
        if (!has(permission)) {
            throw denied(permission, action);
        }
    }

    /**
     * The task {@code found} under an id, if this caller may {@code action} it: holding
     * {@code permission} allows it on every task, having submitted the task allows it on that
     * one. A caller without the permission is refused alike whether the task is missing or not
     * theirs, and so learns nothing of other users' tasks; for a caller with it, a missing task
     * is {@code missing}.
     *
     * @throws AccessDeniedException if the caller may not act on the task, or may not know whether it exists
     */
    public Task access(Permission permission, String action, Optional<Task> found,
            Supplier<? extends RuntimeException> missing) {
        if (found.isEmpty()) {
            throw has(permission) ? missing.get() : denied(permission, action);
        }
        if (!has(permission) && !found.get().isSubmittedBy(name)) {
            throw denied(permission, action);
        }
        return found.get();
    }

    /**
     * The tasks {@code found} in a task group, if this caller may {@code action} the group: holding
     * {@code permission} allows it on every group; without it, only on a group whose every task
     * the caller submitted (a group is submitted in one call, so its tasks share their submitter).
     * As for one task, a caller without the permission is refused alike whether the group is
     * missing or not theirs; for a caller with it, a group with no task stored is {@code missing}.
     *
     * @throws AccessDeniedException if the caller may not act on the group, or may not know whether it exists
     */
    public List<Task> accessGroup(Permission permission, String action, List<Task> found,
            Supplier<? extends RuntimeException> missing) {
        if (found.isEmpty()) {
            throw has(permission) ? missing.get() : deniedGroup(permission, action);
        }
        if (!has(permission) && !found.stream().allMatch(task -> task.isSubmittedBy(name))) {
            throw deniedGroup(permission, action);
        }
        return found;
    }

    /** {@code filter} as this caller may see it: all of it with {@code read}, else only their own tasks. */
    public TaskFilter visible(TaskFilter filter) {
        return seesEveryTask() ? filter : filter.submittedBy(name);
    }

    /** {@code condition} as this caller may search with it: as given with {@code read}, else only among their own tasks. */
    public TaskCondition visible(TaskCondition condition) {
        return seesEveryTask() ? condition : condition.and(new TaskCondition.SubmittedBy(name));
    }

    private boolean seesEveryTask() {
        return has(Permission.READ) || name == null;
    }

    private AccessDeniedException denied(Permission permission, String action) {
        return denied(permission, action, permission == Permission.CREATE ? "" : " (or having submitted the task)");
    }

    private AccessDeniedException deniedGroup(Permission permission, String action) {
        return denied(permission, action, " (or having submitted every task of the group)");
    }

    private AccessDeniedException denied(Permission permission, String action, String unless) {
        return new AccessDeniedException("User '" + name + "' may not " + action + ": permission '"
                + permission.wireName() + "' is needed" + unless);
    }

    @Override
    public String toString() {
        return name == null ? "anonymous" : name;
    }
}
