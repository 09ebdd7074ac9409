package dev.taskmill.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PasswordHash HASH = PasswordHash.create("correct horse".toCharArray(), RANDOM);

    @Test
    void create_usesAtLeast210000Iterations_andMatchesOnlyThePassword() {
        assertThat(HASH.iterations()).isGreaterThanOrEqualTo(210_000);
        assertThat(HASH.matches("correct horse".toCharArray())).isTrue();
        assertThat(HASH.matches("correct horsE".toCharArray())).isFalse();
        assertThat(HASH.matches(new char[0])).isFalse();
    }

    @Test
    void create_saltsEachHash() {
        PasswordHash again = PasswordHash.create("correct horse".toCharArray(), RANDOM);

        assertThat(again.encoded()).isNotEqualTo(HASH.encoded());
        assertThat(again.matches("correct horse".toCharArray())).isTrue();
    }

    @Test
    void encoded_roundTripsThroughParse_andHoldsNoPassword() {
        String encoded = HASH.encoded();

        assertThat(encoded).startsWith("pbkdf2-sha256:210000:").doesNotContain("correct");
        assertThat(PasswordHash.parse(encoded)).isEqualTo(HASH);
        assertThat(PasswordHash.parse(encoded).matches("correct horse".toCharArray())).isTrue();
        assertThat(HASH.toString()).doesNotContain(encoded.substring(encoded.lastIndexOf(':') + 1));
    }

    @Test
    void parse_refusesOtherSchemes_weakIterationCounts_andGarbage() {
        String[] parts = HASH.encoded().split(":");

        assertThatThrownBy(() -> PasswordHash.parse("plain:secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:1000:" + parts[2] + ":" + parts[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("210000");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:2000000000:" + parts[2] + ":" + parts[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:210000:%%%:" + parts[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:210000:" + parts[2] + ":AAAA"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
