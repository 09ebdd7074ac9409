package dev.taskmill.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.Credentials;
import dev.taskmill.application.port.in.ManageUsersUseCase;
import dev.taskmill.application.port.in.TooManyFailedLoginsException;
import dev.taskmill.application.port.in.UserAlreadyExistsException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordAuthenticationTest {

    private final MapUserDirectory directory = new MapUserDirectory();
    private final UserAdministration administration = new UserAdministration(directory);
    private final SettableClock clock = new SettableClock();
    private final PasswordAuthentication authentication = new PasswordAuthentication(directory, clock);

    @BeforeEach
    void addUsers() {
        administration.addUser("alice", "alice-password".toCharArray(), Set.of(Permission.READ, Permission.CREATE));
        administration.addUser("bob", "bob-password".toCharArray(), Set.of());
    }

    @Test
    void givenRightPassword_authenticate_givesTheUserWithTheirPermissions() {
        Caller caller = authentication.authenticate(login("alice", "alice-password"));

        assertThat(caller).isEqualTo(Caller.user("alice", Set.of(Permission.READ, Permission.CREATE)));
    }

    @Test
    void givenNoCredentials_wrongPassword_orUnknownUser_authenticate_fails() {
        assertThatThrownBy(() -> authentication.authenticate(Optional.empty()))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("Authentication required");
        assertThatThrownBy(() -> authentication.authenticate(login("alice", "bob-password")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Wrong user name or password");
        assertThatThrownBy(() -> authentication.authenticate(login("mallory", "alice-password")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Wrong user name or password");
    }

    @Test
    void givenNameNoUserCanHave_authenticate_failsWithoutLookingItUpOrCountingIt() {
        String huge = "x".repeat(5_000);

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> authentication.authenticate(login(huge, "guess")))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessage("Wrong user name or password");
        }

        assertThat(directory.lookups.get()).isZero();
    }

    @Test
    void givenRememberedPassword_afterItChanges_onlyTheNewOneIsAccepted() {
        authentication.authenticate(login("alice", "alice-password"));

        administration.addOrReplaceUser("alice", "changed-password".toCharArray(), Set.of(Permission.READ));

        assertThatThrownBy(() -> authentication.authenticate(login("alice", "alice-password")))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(authentication.authenticate(login("alice", "changed-password")).permissions())
                .containsExactly(Permission.READ);
    }

    @Test
    void givenRememberedPassword_afterTheUserIsRemoved_isRefused() {
        authentication.authenticate(login("alice", "alice-password"));

        administration.removeUser("alice");

        assertThatThrownBy(() -> authentication.authenticate(login("alice", "alice-password")))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void givenTenFailuresWithinAMinute_furtherAttemptsForThatUser_areRefusedForAMinute_thenAllowed() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> authentication.authenticate(login("alice", "guess")))
                    .isInstanceOf(AuthenticationFailedException.class);
            clock.advance(Duration.ofSeconds(5));
        }
        int lookups = directory.lookups.get();

        assertThatThrownBy(() -> authentication.authenticate(login("alice", "alice-password")))
                .isInstanceOf(TooManyFailedLoginsException.class)
                .hasMessageContaining("Too many failed logins for user 'alice'")
                .hasMessageContaining("refused for the next 55 seconds");
        assertThat(directory.lookups.get()).as("a paused attempt is not checked").isEqualTo(lookups);
        assertThat(authentication.authenticate(login("bob", "bob-password")).name()).isEqualTo("bob");

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> authentication.authenticate(login("alice", "guess")))
                .isInstanceOf(TooManyFailedLoginsException.class)
                .satisfies(e -> assertThat(((TooManyFailedLoginsException) e).retryAfter())
                        .as("refused attempts do not extend the pause").isEqualTo(Duration.ofSeconds(25)));

        clock.advance(Duration.ofSeconds(25));
        assertThat(authentication.authenticate(login("alice", "alice-password")).name()).isEqualTo("alice");
    }

    @Test
    void givenFailuresSpreadOverMoreThanAMinute_theUserIsNotPaused() {
        for (int i = 0; i < 15; i++) {
            assertThatThrownBy(() -> authentication.authenticate(login("alice", "guess")))
                    .isInstanceOf(AuthenticationFailedException.class);
            clock.advance(Duration.ofSeconds(7));
        }

        assertThat(authentication.authenticate(login("alice", "alice-password")).name()).isEqualTo("alice");
    }

    @Test
    void givenAddUser_withShortPassword_orBadName_isRefused_andNothingIsStored() {
        assertThatThrownBy(() -> administration.addUser("carol", "short".toCharArray(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 to 1024 characters");
        assertThatThrownBy(() -> administration.addUser("ca:rol", "long-enough".toCharArray(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(administration.users()).extracting(account -> account.name()).containsExactly("alice", "bob");
    }

    @ParameterizedTest
    @CsvSource({"7, false", "8, true", "1024, true", "1025, false"})
    void givenPasswordOfSomeLength_requirePassword_acceptsOnly8To1024Characters(int length, boolean accepted) {
        char[] password = "p".repeat(length).toCharArray();

        if (accepted) {
            assertThat(ManageUsersUseCase.requirePassword(password)).isSameAs(password);
        } else {
            assertThatThrownBy(() -> ManageUsersUseCase.requirePassword(password))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a password has 8 to 1024 characters, not " + length);
        }
    }

    @Test
    void givenExistingName_addUser_refusesAndLeavesThatUserAsTheyWere() {
        assertThatThrownBy(() -> administration.addUser("alice", "other-password".toCharArray(), Set.of()))
                .isInstanceOf(UserAlreadyExistsException.class)
                .hasMessage("user 'alice' already exists");

        assertThat(authentication.authenticate(login("alice", "alice-password")))
                .isEqualTo(Caller.user("alice", Set.of(Permission.READ, Permission.CREATE)));
    }

    @Test
    void addOrReplaceUser_storesOnlyAHash_andSaysWhetherTheUserIsNew() {
        assertThat(administration.addOrReplaceUser("carol", "carol-password".toCharArray(), Set.of())).isTrue();
        assertThat(administration.addOrReplaceUser("carol", "carol-password2".toCharArray(), Set.of(Permission.READ)))
                .isFalse();

        assertThat(directory.find("carol").orElseThrow().password().encoded()).doesNotContain("carol-password");
        assertThat(authentication.authenticate(login("carol", "carol-password2")))
                .isEqualTo(Caller.user("carol", Set.of(Permission.READ)));
    }

    @Test
    void openAccess_ignoresCredentials_andGivesTheAnonymousCaller() {
        OpenAccess open = new OpenAccess();

        assertThat(open.authenticate(Optional.empty())).isEqualTo(Caller.anonymous());
        assertThat(open.authenticate(login("alice", "wrong"))).isEqualTo(Caller.anonymous());
    }

    private static Optional<Credentials> login(String user, String password) {
        return Optional.of(new Credentials(user, password));
    }

    private static final class SettableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
