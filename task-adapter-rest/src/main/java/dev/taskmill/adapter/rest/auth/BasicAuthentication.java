package dev.taskmill.adapter.rest.auth;

import dev.taskmill.adapter.rest.auth.FailedLogins.LoginFailure;
import dev.taskmill.application.port.in.AuthenticateUseCase;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.Credentials;
import dev.taskmill.application.port.in.LoginsBusyException;
import dev.taskmill.application.port.in.TooManyFailedLoginsException;
import dev.taskmill.domain.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Establishes the caller of every API request from its HTTP Basic credentials (RFC 7617,
 * UTF-8) before anything else looks at the request, its body included.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BasicAuthentication implements ContainerRequestFilter {

    private static final String SCHEME = "Basic";
    /**
     * The paths, below the API root, that anyone may read without a login: Pulp 2's status page,
     * and the OpenAPI document, which describes the API and holds no task, user or setting.
     */
    public static final Set<String> PUBLIC_PATHS = Set.of("v2/status", "v2/status/", "openapi.json",
            "openapi.yaml");

    /** The request property (with Grizzly, a request attribute) naming the user a request was authenticated as, for the access log. */
    public static final String USER_PROPERTY = "dev.taskmill.adapter.rest.user";

    private final AuthenticateUseCase authenticate;
    private final FailedLogins metrics;

    public BasicAuthentication(AuthenticateUseCase authenticate) {
        this(authenticate, null);
    }

    /** @param metrics where failed logins are counted, or {@code null} for nowhere */
    public BasicAuthentication(AuthenticateUseCase authenticate, FailedLogins metrics) {
        this.authenticate = authenticate;
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (PUBLIC_PATHS.contains(request.getUriInfo().getPath()) && request.getMethod().equals("GET")) {
            return; // whatever it carries: the status page needs nobody, and checks no password
        }
        Caller caller = authenticate(authenticate, request.getHeaders().get(HttpHeaders.AUTHORIZATION), metrics);
        if (caller.name() != null) {
            request.setProperty(USER_PROPERTY, caller.name());
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(caller, secure));
    }

    /** The caller a filtered request was authenticated as. */
    public static Caller callerOf(SecurityContext security) {
        // Jersey injects a proxy of the request's context, which hands out our principal
        if (security.getUserPrincipal() instanceof CallerPrincipal principal) {
            return principal.caller();
        }
        throw new IllegalStateException("request was not authenticated");
    }

    /**
     * The caller that a request's {@code Authorization} headers identify, counting a refusal in
     * {@code metrics} (when not null) by its reason; the API's requests and {@code /metrics}
     * alike.
     *
     * @param authorization the headers' values, {@code null} or empty when there is none
     * @throws AuthenticationFailedException as {@link AuthenticateUseCase#authenticate}, and for
     *         several such headers or malformed credentials
     * @throws TooManyFailedLoginsException as {@link AuthenticateUseCase#authenticate}
     * @throws LoginsBusyException as {@link AuthenticateUseCase#authenticate}
     */
    public static Caller authenticate(AuthenticateUseCase authenticate, List<String> authorization,
            FailedLogins metrics) {
        Optional<Credentials> credentials = null;
        try {
            credentials = credentials(authorization);
            return authenticate.authenticate(credentials);
        } catch (AuthenticationFailedException e) {
            // malformed credentials count as wrong ones
            count(metrics, credentials != null && credentials.isEmpty() ? LoginFailure.MISSING : LoginFailure.WRONG);
            throw e;
        } catch (TooManyFailedLoginsException e) {
            count(metrics, LoginFailure.THROTTLED);
            throw e;
        } catch (LoginsBusyException e) {
            count(metrics, LoginFailure.BUSY);
            throw e;
        }
    }

    private static void count(FailedLogins metrics, LoginFailure failure) {
        if (metrics != null) {
            metrics.loginFailed(failure);
        }
    }

    /**
     * The HTTP Basic credentials in a request's {@code Authorization} headers.
     *
     * @param headers the headers' values, {@code null} or empty when there is none
     * @return empty when there are none, or they are of another scheme
     * @throws AuthenticationFailedException if there are several, or they are malformed
     */
    static Optional<Credentials> credentials(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Optional.empty();
        }
        if (headers.size() > 1) {
            throw new AuthenticationFailedException("Send one Authorization header, not " + headers.size());
        }
        String header = headers.get(0).strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
            // another scheme is no credentials this server understands
            return Optional.empty();
        }
        String decoded = decode(header.substring(space + 1).strip());
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw malformed();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static String decode(String token) {
        try {
            byte[] bytes = Base64.getDecoder().decode(token);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw malformed();
        }
    }

    private static AuthenticationFailedException malformed() {
        return new AuthenticationFailedException(
                "Malformed Basic credentials: expected base64 of UTF-8 'user:password'");
    }

    /** The caller as a principal; the anonymous caller of a server without authentication is one too. */
    private record CallerPrincipal(Caller caller) implements Principal {
        @Override
        public String getName() {
            return caller.toString();
        }
    }

    private static final class CallerContext implements SecurityContext {
        private final Caller caller;
        private final CallerPrincipal principal;
        private final boolean secure;

        CallerContext(Caller caller, boolean secure) {
            this.caller = caller;
            this.principal = new CallerPrincipal(caller);
            this.secure = secure;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.permissions().stream().anyMatch(permission -> permission.wireName().equals(role));
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return caller.name() == null ? null : BASIC_AUTH;
        }
    }
}
