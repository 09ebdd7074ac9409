package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.TaskId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ends of tasks go out together, as many ids in one notification as its payload holds. */
class EndAnnouncementsTest {

    private static final String PREFIX = "end:node-1:";

    @Test
    void givenFewEnds_theyGoOutInOnePayload() {
        List<TaskId> ends = List.of(TaskId.random(), TaskId.random());

        assertThat(PostgresClusterSignals.endPayloads(PREFIX, ends))
                .containsExactly(PREFIX + ends.get(0) + "," + ends.get(1));
    }

    @Test
    void givenMoreEndsThanOnePayloadHolds_eachPayloadStaysWithinTheLimit_andEveryIdGoesOutOnce() {
        List<TaskId> ends = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ends.add(TaskId.random());
        }

        List<String> payloads = PostgresClusterSignals.endPayloads(PREFIX, ends);

        assertThat(payloads).hasSizeGreaterThan(1)
                .allSatisfy(payload -> assertThat(payload).startsWith(PREFIX)
                        .hasSizeLessThanOrEqualTo(PostgresClusterSignals.MAX_END_PAYLOAD));
        List<String> sent = new ArrayList<>();
        payloads.forEach(payload -> sent.addAll(List.of(payload.substring(PREFIX.length()).split(","))));
        assertThat(sent).containsExactlyElementsOf(ends.stream().map(TaskId::toString).toList());
        assertThat(PostgresClusterSignals.endPayloads(PREFIX, List.of())).isEmpty();
    }
}
