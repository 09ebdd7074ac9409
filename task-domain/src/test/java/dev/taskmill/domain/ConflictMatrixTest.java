package dev.taskmill.domain;

import static dev.taskmill.domain.ResourceOperation.CREATE;
import static dev.taskmill.domain.ResourceOperation.DELETE;
import static dev.taskmill.domain.ResourceOperation.READ;
import static dev.taskmill.domain.ResourceOperation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConflictMatrixTest {

    private final TaskId first = TaskId.random();
    private final TaskId second = TaskId.random();

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

        Admission admission = ConflictMatrix.decide(List.of(new HeldClaim(first, held)), List.of(repo("r1", later)));

        switch (expected) {
            case ACCEPTED -> assertThat(admission).isEqualTo(new Admission.Accepted());
            case POSTPONED -> assertThat(admission)
                    .isEqualTo(new Admission.Postponed(List.of(held), Set.of(first)));
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
        Admission admission = ConflictMatrix.decide(List.of(held(first, "r1", DELETE)), List.of());

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenHeldClaimOnAnotherResourceId_decide_accepts() {
        Admission admission = ConflictMatrix.decide(
                List.of(held(first, "r1", DELETE)), List.of(repo("r2", DELETE)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenHeldClaimOnSameIdOfAnotherResourceType_decide_accepts() {
        HeldClaim consumer = new HeldClaim(first, new ResourceClaim("consumer", "r1", DELETE));

        Admission admission = ConflictMatrix.decide(List.of(consumer), List.of(repo("r1", DELETE)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void givenHeldUpdate_decideOnUpdate_postponesWithTheHeldClaimAsReasonAndItsHolderAsBlocker() {
        Admission admission = ConflictMatrix.decide(
                List.of(held(first, "test-repo", UPDATE)), List.of(repo("test-repo", UPDATE)));

        assertThat(admission).isInstanceOf(Admission.Postponed.class);
        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("test-repo", UPDATE));
        assertThat(postponed.blockers()).containsExactly(first);
    }

    @Test
    void givenHeldRead_decideOnDelete_reasonCarriesTheEarlierTasksOperationNotTheNewOne() {
        Admission admission = ConflictMatrix.decide(List.of(held(first, "r1", READ)), List.of(repo("r1", DELETE)));

        assertThat(((Admission.Postponed) admission).reasons()).containsExactly(repo("r1", READ));
    }

    @Test
    void givenPostponingAndRejectingHoldersOfOneResource_decide_rejectsWithOnlyTheRejectingClaims() {
        List<HeldClaim> held = List.of(held(first, "r1", UPDATE), held(second, "r1", DELETE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE)));

        assertThat(admission).isEqualTo(new Admission.Rejected(List.of(repo("r1", DELETE))));
    }

    @Test
    void givenRejectedCellOnOneClaimAndPostponedOnAnother_decide_rejects() {
        List<HeldClaim> held = List.of(held(first, "r1", UPDATE), held(second, "r2", CREATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE), repo("r2", CREATE)));

        assertThat(admission).isEqualTo(new Admission.Rejected(List.of(repo("r2", CREATE))));
    }

    @Test
    void givenSeveralRejectingClaims_decide_listsEachOnceInTheOrderFound() {
        List<HeldClaim> held = List.of(held(first, "r1", DELETE), held(second, "r2", DELETE),
                held(second, "r1", DELETE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r2", READ), repo("r1", UPDATE)));

        assertThat(((Admission.Rejected) admission).reasons())
                .containsExactly(repo("r2", DELETE), repo("r1", DELETE));
    }

    @Test
    void givenSeveralHoldersOfOneResource_decide_postponesBehindAllOfThem() {
        List<HeldClaim> held = List.of(held(first, "r1", READ), held(second, "r1", UPDATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", DELETE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", READ), repo("r1", UPDATE));
        assertThat(postponed.blockers()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void givenSeveralClaimsConflictingWithDifferentHolders_decide_postponesBehindEachHolder() {
        List<HeldClaim> held = List.of(held(first, "r1", UPDATE), held(second, "r2", READ));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE), repo("r2", UPDATE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", UPDATE), repo("r2", READ));
        assertThat(postponed.blockers()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void givenOneClaimAcceptedAndAnotherPostponed_decide_blocksOnlyOnTheConflictingHolder() {
        List<HeldClaim> held = List.of(held(first, "r1", UPDATE), held(second, "r2", READ));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", READ), repo("r2", UPDATE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r2", READ));
        assertThat(postponed.blockers()).containsExactly(second);
    }

    @Test
    void givenOneHolderWithTwoConflictingClaims_decide_listsBothReasonsAndOneBlocker() {
        List<HeldClaim> held = List.of(held(first, "r1", UPDATE), held(first, "r2", CREATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", READ), repo("r1", DELETE),
                repo("r2", READ)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", UPDATE), repo("r2", CREATE));
        assertThat(postponed.blockers()).containsExactly(first);
    }

    @Test
    void givenIdenticalClaimsHeldByTwoTasks_decide_givesOneReasonButTwoBlockers() {
        List<HeldClaim> held = List.of(held(first, "r1", READ), held(second, "r1", READ));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", UPDATE)));

        Admission.Postponed postponed = (Admission.Postponed) admission;
        assertThat(postponed.reasons()).containsExactly(repo("r1", READ));
        assertThat(postponed.blockers()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void givenManyReadersHolding_decideOnRead_acceptsBesideThemAll() {
        List<HeldClaim> held = List.of(held(first, "r1", READ), held(second, "r1", UPDATE));

        Admission admission = ConflictMatrix.decide(held, List.of(repo("r1", READ)));

        assertThat(admission).isInstanceOf(Admission.Accepted.class);
    }

    private static ResourceClaim repo(String id, ResourceOperation operation) {
        return new ResourceClaim("repository", id, operation);
    }

    private static HeldClaim held(TaskId holder, String id, ResourceOperation operation) {
        return new HeldClaim(holder, repo(id, operation));
    }
}
