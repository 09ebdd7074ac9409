package dev.taskmill.application.service;

import dev.taskmill.application.port.in.AuthenticateUseCase;
import dev.taskmill.application.port.in.Credentials;
import dev.taskmill.domain.Caller;
import java.util.Optional;

/** No authentication: every request is the anonymous caller, allowed everything. */
public final class OpenAccess implements AuthenticateUseCase {

    @Override
    public Caller authenticate(Optional<Credentials> credentials) {
        return Caller.anonymous();
    }
}
