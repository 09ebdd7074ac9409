package dev.taskmill.adapter.memory;

import dev.taskmill.domain.HeldClaim;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceKey;
import dev.taskmill.domain.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per resource, the claims of the tasks that have not released them yet, in admission order:
 * what a new call is checked against. Guarded by the repository's write lock.
 */
final class ClaimHolders {

    private final Map<ResourceKey, NavigableMap<Long, List<HeldClaim>>> byResource = new HashMap<>();

    /** The claims still held on the resources that {@code claims} name, oldest holder first. */
    List<HeldClaim> heldOn(List<ResourceClaim> claims) {
        List<HeldClaim> held = new ArrayList<>();
        for (ResourceKey key : keysOf(claims)) {
            NavigableMap<Long, List<HeldClaim>> holders = byResource.get(key);
            if (holders != null) {
                holders.values().forEach(held::addAll);
            }
        }
        return held;
    }

    void add(Task task) {
        for (ResourceKey key : keysOf(task.claims())) {
            List<HeldClaim> claimsOnKey = new ArrayList<>();
            for (ResourceClaim claim : task.claims()) {
                if (claim.key().equals(key)) {
                    claimsOnKey.add(new HeldClaim(task.id(), claim));
                }
            }
            byResource.computeIfAbsent(key, k -> new TreeMap<>()).put(task.position(), List.copyOf(claimsOnKey));
        }
    }

    void release(Task task) {
        for (ResourceKey key : keysOf(task.claims())) {
            NavigableMap<Long, List<HeldClaim>> holders = byResource.get(key);
            if (holders != null) {
                holders.remove(task.position());
                if (holders.isEmpty()) {
                    byResource.remove(key);
                }
            }
        }
    }

    private static Set<ResourceKey> keysOf(List<ResourceClaim> claims) {
        Set<ResourceKey> keys = new LinkedHashSet<>();
        claims.forEach(claim -> keys.add(claim.key()));
        return keys;
    }
}
