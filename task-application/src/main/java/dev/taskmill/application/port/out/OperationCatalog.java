package dev.taskmill.application.port.out;

import dev.taskmill.application.port.out.Operation;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The operations this server can run, by name. */
public final class OperationCatalog {

    private final Map<String, Operation> byName;

    private OperationCatalog(Map<String, Operation> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * The operations listed in {@code META-INF/services} on the class path of {@code loader}.
     *
     * @throws IllegalStateException if two operations share a name
     */
    public static OperationCatalog load(ClassLoader loader) {
        return of(ServiceLoader.load(Operation.class, loader).stream().map(ServiceLoader.Provider::get).toList());
    }

    /**
     * A catalog of exactly {@code operations}.
     *
     * @throws IllegalStateException if two operations share a name
     */
    public static OperationCatalog of(Collection<? extends Operation> operations) {
        Map<String, Operation> byName = new TreeMap<>();
        for (Operation operation : operations) {
            Operation previous = byName.putIfAbsent(operation.name(), operation);
            if (previous != null) {
                throw new IllegalStateException("Two operations are named '" + operation.name() + "': "
                        + previous.getClass().getName() + " and " + operation.getClass().getName());
            }
        }
        return new OperationCatalog(byName);
    }

    public Optional<Operation> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names of all operations, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }
}
