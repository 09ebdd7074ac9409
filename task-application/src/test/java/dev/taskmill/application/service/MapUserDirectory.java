package dev.taskmill.application.service;

import dev.taskmill.application.port.out.UserAccount;
import dev.taskmill.application.port.out.UserDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Users in a map, counting lookups. */
final class MapUserDirectory implements UserDirectory {

    final AtomicInteger lookups = new AtomicInteger();
    private final Map<String, UserAccount> users = new TreeMap<>();

    @Override
    public synchronized Optional<UserAccount> find(String name) {
        lookups.incrementAndGet();
        return Optional.ofNullable(users.get(name));
    }

    @Override
    public synchronized List<UserAccount> all() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized boolean add(UserAccount account) {
        return users.putIfAbsent(account.name(), account) == null;
    }

    @Override
    public synchronized boolean save(UserAccount account) {
        return users.put(account.name(), account) != null;
    }

    @Override
    public synchronized boolean remove(String name) {
        return users.remove(name) != null;
    }
}
