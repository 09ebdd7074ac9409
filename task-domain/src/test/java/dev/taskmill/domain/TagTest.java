package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "team:ops", "with spaces", "ünïcødé ✓", "pulp:repository:r1"})
    void givenPrintableText_of_keepsItAsIs(String value) {
        Tag tag = Tag.of(value);

        assertThat(tag.value()).isEqualTo(value);
        assertThat(tag).hasToString(value);
        assertThat(tag).isEqualTo(Tag.of(value));
    }

    @Test
    void givenExactly255Characters_of_acceptsIt() {
        String longest = "t".repeat(255);

        assertThat(Tag.of(longest).value()).hasSize(255);
        assertThat(Tag.MAX_CALLER_LENGTH).isEqualTo(255);
    }

    @Test
    void given256Characters_of_isRefused() {
        assertThatThrownBy(() -> Tag.of("t".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void givenNoText_of_isRefused(String value) {
        assertThatThrownBy(() -> Tag.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "tab\there", "nul\u0000", "\rreturn", "del\u007f", "c1\u0085control", "\u009f"})
    void givenControlCharacter_of_isRefused(String value) {
        assertThatThrownBy(() -> Tag.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\nvalue", ""})
    void givenInvalidText_constructor_isRefusedToo(String value) {
        assertThatThrownBy(() -> new Tag(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenClaim_forResource_isPulpTypeAndId() {
        ResourceClaim claim = new ResourceClaim("repository", "test-repo", ResourceOperation.UPDATE);

        assertThat(Tag.forResource(claim)).isEqualTo(Tag.of("pulp:repository:test-repo"));
    }

    @Test
    void givenOperationName_forAction_isPulpActionAndName() {
        assertThat(Tag.forAction("sync")).isEqualTo(Tag.of("pulp:action:sync"));
    }

    @Test
    void givenClaimWithLongestTypeAndId_forResource_isAcceptedThoughLongerThanACallersTag() {
        ResourceClaim claim = new ResourceClaim("t".repeat(255), "i".repeat(255), ResourceOperation.READ);

        Tag tag = Tag.forResource(claim);

        assertThat(tag.value()).hasSize("pulp:".length() + 255 + ":".length() + 255);
    }
}
