package dev.taskmill.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserAccountTest {

    private static final PasswordHash HASH = PasswordHash.create("secret-password".toCharArray(), new SecureRandom());

    @ParameterizedTest
    @ValueSource(strings = {"admin", "ci-bot", "jane.doe@example.org", "A_1",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void givenPlainName_isAccepted_andBecomesACallerWithItsPermissions(String name) {
        UserAccount account = new UserAccount(name, HASH, Set.of(Permission.READ));

        assertThat(account.caller()).isEqualTo(Caller.user(name, Set.of(Permission.READ)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b", "has space", "tab\t", "ümlaut", "digit\u0663",
            "x2345678901234567890123456789012345678901234567890123456789012345"})
    void givenNameWithOtherCharacters_orTooLong_isRefused(String name) {
        assertThatThrownBy(() -> new UserAccount(name, HASH, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 64 letters");
    }
}
