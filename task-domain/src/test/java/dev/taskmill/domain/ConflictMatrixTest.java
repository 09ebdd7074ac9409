package dev.taskmill.domain;

import static dev.taskmill.domain.ResourceOperation.CREATE;
import static dev.taskmill.domain.ResourceOperation.DELETE;
import static dev.taskmill.domain.ResourceOperation.READ;
import static dev.taskmill.domain.ResourceOperation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConflictMatrixTest {


    // The matrix of tasks-api.md, one row per cell.
    @ParameterizedTest(name = "earlier {0}, new {1}: {2}")
    @CsvSource(useHeadersInDisplayName = true, textBlock = """
            earlier, new,    outcome
            CREATE,  CREATE, REJECTED
            CREATE,  READ,   POSTPONED
            CREATE,  UPDATE, POSTPONED
            CREATE,  DELETE, POSTPONED
            READ,    CREATE, POSTPONED
            READ,    READ,   ACCEPTED
            READ,    UPDATE, POSTPONED
            READ,    DELETE, POSTPONED
            UPDATE,  CREATE, POSTPONED
            UPDATE,  READ,   ACCEPTED
            UPDATE,  UPDATE, POSTPONED
            UPDATE,  DELETE, POSTPONED
            DELETE,  CREATE, POSTPONED
            DELETE,  READ,   REJECTED
            DELETE,  UPDATE, REJECTED
            DELETE,  DELETE, REJECTED
            """)
    void givenEarlierAndNewOperation_outcome_isTheContractCell(
            ResourceOperation earlier, ResourceOperation later, ConflictOutcome expected) {
        assertThat(ConflictMatrix.outcome(earlier, later)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "earlier {0}, later {1}")
    @CsvSource(textBlock = """
            CREATE, CREATE
            CREATE, READ
            READ,   READ
            READ,   UPDATE
            UPDATE, READ
            UPDATE, UPDATE
            DELETE, CREATE
            DELETE, READ
            """)
    void givenAnyCell_conflicts_isTrueExactlyWhenTheCellIsNotAccepted(ResourceOperation earlier,
            ResourceOperation later) {
        assertThat(ConflictMatrix.conflicts(earlier, later))
                .isEqualTo(ConflictMatrix.outcome(earlier, later) != ConflictOutcome.ACCEPTED);
    }

    // The same cells through decide(...): one earlier task, one new claim, same resource.
    @ParameterizedTest(name = "earlier {0}, new {1}: {2}")
    @CsvSource(useHeadersInDisplayName = true, textBlock = """
            earlier, new,    outcome
            CREATE,  CREATE, REJECTED
            CREATE,  READ,   POSTPONED
            CREATE,  UPDATE, POSTPONED
            CREATE,  DELETE, POSTPONED
            READ,    CREATE, POSTPONED
            READ,    READ,   ACCEPTED
            READ,    UPDATE, POSTPONED
            READ,    DELETE, POSTPONED
            UPDATE,  CREATE, POSTPONED
            UPDATE,  READ,   ACCEPTED
            UPDATE,  UPDATE, POSTPONED
            UPDATE,  DELETE, POSTPONED
            DELETE,  CREATE, POSTPONED
            DELETE,  READ,   REJECTED
            DELETE,  UPDATE, REJECTED
            DELETE,  DELETE, REJECTED
            """)
    void givenOneEarlierClaimOnTheSameResource_decide_followsTheCell(
            ResourceOperation earlier, ResourceOperation later, ConflictOutcome expected) {
        ResourceClaim held = repo("r1", earlier);

        Admission admission = ConflictMatrix.decide(List.of(held), List.of(repo("r1", later)));

        switch (expected) {
            case ACCEPTED -> assertThat(admission).isEqualTo(new Admission.Accepted());
            case POSTPONED -> assertThat(admission)
                    .isEqualTo(new Admission.Postponed(List.of(held)));
            case REJECTED -> assertThat(admission).isEqualTo(new Admission.Rejected(List.of(held)));
        }
    }

    @Test
    void givenNoHeldClaims_decide_accepts() {
        Admission admission = ConflictMatrix.decide(List.of(), List.of(repo("r1", DELETE), repo("r2", CREATE)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenNewCallWithoutClaims_decide_acceptsWhateverIsHeld() {
        Admission admission = ConflictMatrix.decide(List.of(repo("r1", DELETE)), List.of());

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenHeldClaimOnAnotherResourceId_decide_accepts() {
        Admission admission = ConflictMatrix.decide(
                List.of(repo("r1", DELETE)), List.of(repo("r2", DELETE)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenHeldClaimOnSameIdOfAnotherResourceType_decide_accepts() {
        ResourceClaim consumer = new ResourceClaim("consumer", "r1", DELETE);

        Admission admission = ConflictMatrix.decide(List.of(consumer), List.of(repo("r1", DELETE)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenHeldUpdate_decideOnUpdate_postponesWithTheHeldClaimAsReason() {
        Admission admission = ConflictMatrix.decide(
                List.of(repo("test-repo", UPDATE)), List.of(repo("test-repo", UPDATE)));

        assertThat(admission).isInstanceOf(Admission.Postponed.class);
        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("test-repo", UPDATE));
    }

    @Test
    void givenHeldRead_decideOnDelete_reasonCarriesTheEarlierTasksOperationNotTheNewOne() {
        Admission admission = ConflictMatrix.decide(List.of(repo("r1", READ)), List.of(repo("r1", DELETE)));

        assertThat(((Admission.Postponed) admission).reasons()).containsExactly(repo("r1", READ));
    }

    @Test
    void givenPostponingAndRejectingHoldersOfOneResource_decide_rejectsWithOnlyTheRejectingClaims() {
        List<ResourceClaim> held = List.of(repo("r1", UPDATE), repo("r1", DELETE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE)));

        assertThat(admission).isEqualTo(new Admission.Rejected(List.of(repo("r1", DELETE))));
    }

    @Test
    void givenRejectedCellOnOneClaimAndPostponedOnAnother_decide_rejects() {
        List<ResourceClaim> held = List.of(repo("r1", UPDATE), repo("r2", CREATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE), repo("r2", CREATE)));

        assertThat(admission).isEqualTo(new Admission.Rejected(List.of(repo("r2", CREATE))));
    }

    @Test
    void givenSeveralRejectingClaims_decide_listsEachOnceInTheOrderFound() {
        List<ResourceClaim> held = List.of(repo("r1", DELETE), repo("r2", DELETE),
                repo("r1", DELETE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r2", READ), repo("r1", UPDATE)));

        assertThat(((Admission.Rejected) admission).reasons())
                .containsExactly(repo("r2", DELETE), repo("r1", DELETE));
    }

    @Test
    void givenSeveralHoldersOfOneResource_decide_givesEachConflictingClaimAsReason() {
        List<ResourceClaim> held = List.of(repo("r1", READ), repo("r1", UPDATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", DELETE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", READ), repo("r1", UPDATE));
    }

    @Test
    void givenSeveralClaimsConflictingWithDifferentHolders_decide_givesAReasonForEach() {
        List<ResourceClaim> held = List.of(repo("r1", UPDATE), repo("r2", READ));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE), repo("r2", UPDATE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", UPDATE), repo("r2", READ));
    }

    @Test
    void givenOneClaimAcceptedAndAnotherPostponed_decide_givesOnlyTheConflictingClaim() {
        List<ResourceClaim> held = List.of(repo("r1", UPDATE), repo("r2", READ));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", READ), repo("r2", UPDATE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r2", READ));
    }

    @Test
    void givenOneHolderWithTwoConflictingClaims_decide_listsBothReasons() {
        List<ResourceClaim> held = List.of(repo("r1", UPDATE), repo("r2", CREATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", READ), repo("r1", DELETE),
                repo("r2", READ)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", UPDATE), repo("r2", CREATE));
    }

    @Test
    void givenIdenticalClaimsHeldByTwoTasks_decide_givesOneReason() {
        List<ResourceClaim> held = List.of(repo("r1", READ), repo("r1", READ));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", READ));
    }

    @Test
    void givenManyReadersHolding_decideOnRead_acceptsBesideThemAll() {
        List<ResourceClaim> held = List.of(repo("r1", READ), repo("r1", UPDATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", READ)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    private static ResourceClaim repo(String id, ResourceOperation operation) {
        return new ResourceClaim("repository", id, operation);
    }

}
