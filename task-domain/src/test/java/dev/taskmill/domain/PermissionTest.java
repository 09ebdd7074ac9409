package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionTest {

    @ParameterizedTest
    @ValueSource(strings = {"read", "create", "delete"})
    void permissions_readTheirWireNames(String name) {
        assertThat(Permission.fromWireName(name).wireName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"READ", "write", ""})
    void givenUnknownPermissionName_isRefusedListingTheKnownOnes(String name) {
        assertThatThrownBy(() -> Permission.fromWireName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read, create, delete");
    }
}
