package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceClaimTest {

    @Test
    void givenTypeIdAndOperation_claim_keepsThemAndKeysOnTypeAndId() {
        ResourceClaim claim = new ResourceClaim("repository", "test-repo", ResourceOperation.UPDATE);

        assertThat(claim.resourceType()).isEqualTo("repository");
        assertThat(claim.resourceId()).isEqualTo("test-repo");
        assertThat(claim.operation()).isEqualTo(ResourceOperation.UPDATE);
        assertThat(claim.key()).isEqualTo(new ResourceKey("repository", "test-repo"));
    }

    @Test
    void givenClaimsOnOneResourceWithDifferentOperations_key_isTheSame() {
        ResourceClaim read = new ResourceClaim("repository", "r1", ResourceOperation.READ);
        ResourceClaim delete = new ResourceClaim("repository", "r1", ResourceOperation.DELETE);

        assertThat(read).isNotEqualTo(delete);
        assertThat(read.key()).isEqualTo(delete.key());
    }

    @Test
    void givenLongestTypeAndId_claim_acceptsThem() {
        ResourceClaim claim = new ResourceClaim("t".repeat(255), "i".repeat(255), ResourceOperation.READ);

        assertThat(claim.key().resourceId()).hasSize(255);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"line\nbreak", "nul\u0000"})
    void givenInvalidType_claim_isRefusedNamingResourceType(String type) {
        assertThatThrownBy(() -> new ResourceClaim(type, "r1", ResourceOperation.READ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource_type");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"line\nbreak", "nul\u0000"})
    void givenInvalidId_claim_isRefusedNamingResourceId(String id) {
        assertThatThrownBy(() -> new ResourceClaim("repository", id, ResourceOperation.READ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource_id");
    }

    @Test
    void givenTooLongTypeOrId_claim_isRefused() {
        String tooLong = "x".repeat(256);

        assertThatThrownBy(() -> new ResourceClaim(tooLong, "r1", ResourceOperation.READ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource_type");
        assertThatThrownBy(() -> new ResourceClaim("repository", tooLong, ResourceOperation.READ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource_id");
    }

    @Test
    void givenNoOperation_claim_isRefused() {
        assertThatThrownBy(() -> new ResourceClaim("repository", "r1", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("operation");
    }

    @Test
    void givenInvalidTypeOrId_key_isRefusedToo() {
        assertThatThrownBy(() -> new ResourceKey("", "r1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource_type");
        assertThatThrownBy(() -> new ResourceKey("repository", "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource_id");
        assertThatThrownBy(() -> new ResourceKey("repo\tsitory", "r1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource_type");
    }

    @ParameterizedTest
    @CsvSource({"CREATE, create", "READ, read", "UPDATE, update", "DELETE, delete"})
    void givenOperation_wireName_isTheContractName(ResourceOperation operation, String wireName) {
        assertThat(operation.wireName()).isEqualTo(wireName);
        assertThat(ResourceOperation.fromWireName(wireName)).isSameAs(operation);
    }

    @ParameterizedTest
    @EnumSource(ResourceOperation.class)
    void givenWireNameOfAnOperation_fromWireName_returnsThatOperation(ResourceOperation operation) {
        assertThat(ResourceOperation.fromWireName(operation.wireName())).isSameAs(operation);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"UPDATE", "Update", "modify", "write", " read"})
    void givenTextThatIsNoOperation_fromWireName_isRefusedListingTheOperations(String text) {
        assertThatThrownBy(() -> ResourceOperation.fromWireName(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("create, read, update, delete")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void givenResourceOperations_values_areTheFourOfTheContract() {
        assertThat(ResourceOperation.values()).extracting(ResourceOperation::wireName)
                .containsExactly("create", "read", "update", "delete");
    }
}
