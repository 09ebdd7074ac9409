package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalization and validation of the settings the app passes in. */
class RestSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/pulp/api|/pulp/api",
        "pulp/api|/pulp/api",
        "/pulp/api/|/pulp/api",
        "//pulp//api//|/pulp/api",
        "/|''",
        "''|''",
        "/v1.0/api-x_y~|/v1.0/api-x_y~",
    })
    void givenApiRoot_construct_normalizesToOneLeadingAndNoTrailingSlash(String given, String expected) {
        assertThat(new RestSettings("127.0.0.1", 0, given).apiRoot()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pulp api", "/pulp/../api", "/pulp/./api", "/api?x=1", "/api#x", "/{id}", "/a%2Fb"})
    void givenApiRootThatIsNoPlainPath_construct_refuses(String root) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RestSettings("127.0.0.1", 0, root))
                .withMessageContaining("API root");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536})
    void givenPortOutOfRange_construct_refuses(int port) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RestSettings("127.0.0.1", port, "/pulp/api"))
                .withMessageContaining("port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void givenBlankBindAddress_construct_refuses(String address) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RestSettings(address, 0, "/pulp/api"));
    }
}
