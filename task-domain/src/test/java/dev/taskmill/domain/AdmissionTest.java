package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private final ResourceClaim claim = new ResourceClaim("repository", "r1", ResourceOperation.UPDATE);

    @Test
    void givenNoReasons_postponed_isRefused() {
        assertThatThrownBy(() -> new Admission.Postponed(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenMutableReasons_postponed_keepsItsOwnUnmodifiableCopy() {
        List<ResourceClaim> reasons = new ArrayList<>(List.of(claim));

        Admission.Postponed postponed = new Admission.Postponed(reasons);
        reasons.clear();

        assertThat(postponed.reasons()).containsExactly(claim);
        assertThatThrownBy(() -> postponed.reasons().add(claim)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenMutableReasons_rejected_keepsItsOwnCopy() {
        List<ResourceClaim> reasons = new ArrayList<>(List.of(claim));

        Admission.Rejected rejected = new Admission.Rejected(reasons);
        reasons.clear();

        assertThat(rejected.reasons()).containsExactly(claim);
    }

    @Test
    void givenRejectedReasons_callRejectedException_namesEachConflictingClaim() {
        ResourceClaim other = new ResourceClaim("consumer", "c7", ResourceOperation.DELETE);

        CallRejectedException refusal = new CallRejectedException(List.of(claim, other));

        assertThat(refusal.reasons()).containsExactly(claim, other);
        assertThat(refusal.getMessage())
                .contains("update of repository r1")
                .contains("delete of consumer c7");
        assertThat(refusal).isInstanceOf(TaskDomainException.class);
    }

    @Test
    void givenCallResponse_wireName_isTheContractName() {
        assertThat(CallResponse.ACCEPTED.wireName()).isEqualTo("accepted");
        assertThat(CallResponse.POSTPONED.wireName()).isEqualTo("postponed");
    }
}
