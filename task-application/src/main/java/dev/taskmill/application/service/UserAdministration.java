package dev.taskmill.application.service;

import dev.taskmill.application.port.in.ManageUsersUseCase;
import dev.taskmill.application.port.out.PasswordHash;
import dev.taskmill.application.port.out.UserAccount;
import dev.taskmill.application.port.out.UserDirectory;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/** Keeps the users in the {@link UserDirectory}, passwords only as salted hashes. */
public final class UserAdministration implements ManageUsersUseCase {

    private final UserDirectory users;
    private final SecureRandom random = new SecureRandom();

    public UserAdministration(UserDirectory users) {
        this.users = users;
    }

    @Override
    public boolean addUser(String name, char[] password, Set<Permission> permissions) {
        UserAccount.requireName(name);
        if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                    + " characters, not " + password.length);
        }
        return !users.save(new UserAccount(name, PasswordHash.create(password, random), permissions));
    }

    @Override
    public boolean removeUser(String name) {
        return users.remove(name);
    }

    @Override
    public List<Caller> users() {
        return users.all().stream().map(UserAccount::caller).toList();
    }
}
