package dev.taskmill.application.service;

import dev.taskmill.application.port.in.ServiceUnavailableException;
import dev.taskmill.application.port.out.StoreUnavailableException;
import java.util.function.Supplier;

/** A use case's work on the store, whose being unreachable the caller learns as the use case's own refusal. */
final class StoreCalls {

    private StoreCalls() {
    }

    /** @throws ServiceUnavailableException if the store cannot be reached */
    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreUnavailableException e) {
            throw new ServiceUnavailableException("The task store cannot be reached at the moment: "
                    + e.getMessage() + "; try again later");
        }
    }
}
