package dev.taskmill.adapter.rest.auth;

/** Where failed logins are counted, by reason. */
public interface FailedLogins {

    /** Counts one failed login. */
    void loginFailed(LoginFailure failure);

    /** Why a login failed, as the metrics' {@code reason} label says it. */
    enum LoginFailure {
        /** No credentials where they are needed (401). */
        MISSING("missing"),
        /** A wrong user name or password, or malformed credentials (401). */
        WRONG("wrong"),
        /** The user failed too often lately, and was not checked (429). */
        THROTTLED("throttled"),
        /** The password checks were at their bound, and nothing was checked (503). */
        BUSY("busy");

        private final String label;

        LoginFailure(String label) {
            this.label = label;
        }

        /** Its label value. */
        public String label() {
            return label;
        }
    }
}
