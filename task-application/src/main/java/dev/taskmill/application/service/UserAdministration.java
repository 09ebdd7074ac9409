package dev.taskmill.application.service;

import dev.taskmill.application.port.in.ManageUsersUseCase;
import dev.taskmill.application.port.in.UserAlreadyExistsException;
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
    public void addUser(String name, char[] password, Set<Permission> permissions) {
        if (!users.add(account(name, password, permissions))) {
            throw new UserAlreadyExistsException(name);
        }
    }

    @Override
    public boolean addOrReplaceUser(String name, char[] password, Set<Permission> permissions) {
        return !users.save(account(name, password, permissions));
    }

    @Override
    public boolean removeUser(String name) {
        return users.remove(name);
    }

    @Override
    public List<Caller> users() {
        return users.all().stream().map(UserAccount::caller).toList();
    }

    /** Checks name and password before hashing, which takes a tenth of a second. */
    private UserAccount account(String name, char[] password, Set<Permission> permissions) {
        UserAccount.requireName(name);
        ManageUsersUseCase.requirePassword(password);
        return new UserAccount(name, PasswordHash.create(password, random), permissions);
    }
}
