package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;
import java.util.Optional;

/** Tells who is calling, from the credentials a request carries. */
public interface AuthenticateUseCase {

    /**
     * The caller these credentials identify.
     *
     * @param credentials what the request carried, empty when it carried none
     * @throws AuthenticationFailedException if credentials are needed and missing, or wrong
     * @throws TooManyFailedLoginsException if the user failed too often lately; the attempt is
     *         not checked at all
     * @throws LoginsBusyException if the password needs a slow check while the server runs as many
     *         as it allows at once; nothing was checked or counted
     */
    Caller authenticate(Optional<Credentials> credentials);
}
