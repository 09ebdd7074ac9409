package dev.taskmill.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

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

    /** @throws AccessDeniedException unless the caller may read any task or submitted this one */
    public void requireRead(Task task) {
        requireOwnerOr(Permission.READ, task, "read task " + task.id());
    }

    /** @throws AccessDeniedException unless the caller may cancel any task or submitted this one */
    public void requireCancel(Task task) {
        requireOwnerOr(Permission.DELETE, task, "cancel task " + task.id());
    }

    /** {@code filter} as this caller may see it: all of it with {@code read}, else only their own tasks. */
    public TaskFilter visible(TaskFilter filter) {
        return has(Permission.READ) || name == null ? filter : filter.submittedBy(name);
    }

    /** The refusal for a caller without {@code permission}, such as for a task that does not exist. */
    public AccessDeniedException denied(Permission permission, String action) {
        return new AccessDeniedException("User '" + name + "' may not " + action + ": permission '"
                + permission.wireName() + "' is needed" + (permission == Permission.CREATE ? ""
                        : " (or having submitted the task)"));
    }

    private void requireOwnerOr(Permission permission, Task task, String action) {
        if (!has(permission) && !task.isSubmittedBy(name)) {
            throw denied(permission, action);
        }
    }

    @Override
    public String toString() {
        return name == null ? "anonymous" : name;
    }
}
