package dev.taskmill.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationCatalogTest {

    @Test
    void givenOperations_whenCatalogued_thenFoundByNameAndNamesSorted() {
        OperationCatalog catalog = OperationCatalog.of(List.of(named("zip"), named("alpha")));

        assertThat(catalog.names()).containsExactly("alpha", "zip");
        assertThat(catalog.find("zip")).map(Operation::name).contains("zip");
        assertThat(catalog.find("missing")).isEmpty();
    }

    @Test
    void givenTwoOperationsWithOneName_whenCatalogued_thenRefused() {
        assertThatThrownBy(() -> OperationCatalog.of(List.of(named("twin"), named("twin"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Two operations are named 'twin'");
    }

    @Test
    void givenNoServiceFiles_whenLoaded_thenEmptyCatalog() {
        assertThat(OperationCatalog.load(new ClassLoader(null) { }).names()).isEmpty();
    }

    private static Operation named(String name) {
        return new Operation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void validate(Map<String, Object> args, OperationEnvironment environment) {
            }

            @Override
            public Object run(OperationContext context) {
                return null;
            }
        };
    }
}
