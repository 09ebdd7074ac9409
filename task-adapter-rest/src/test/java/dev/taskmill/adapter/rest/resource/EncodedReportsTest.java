package dev.taskmill.adapter.rest.resource;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aTaskIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskState;
import org.junit.jupiter.api.Test;

/** A task's report is encoded once per version, and each new version is encoded anew. */
class EncodedReportsTest {

    private final CallReportWriter writer = new CallReportWriter(WireObjectMapper.create());
    private final EncodedReports reports = new EncodedReports(writer, "/pulp/api");

    @Test
    void aVersionPolledAgainIsTheSameEncodingAndItIsTheReportAsTheWriterWritesIt() {
        Task task = aRunningTask().build();

        byte[] first = reports.of(task);

        assertThat(reports.of(task)).isSameAs(first);
        assertThat(first).isEqualTo(writer.encode(CallReport.fromDomain(task, "/pulp/api")));
    }

    @Test
    void aNewVersionOfTheTaskIsEncodedAnew() {
        Task running = aRunningTask().build();
        Task finished = aTaskIn(TaskState.FINISHED).withId(running.id()).build().withVersion(running.version() + 1);
        reports.of(running);

        byte[] report = reports.of(finished);

        assertThat(report).isEqualTo(writer.encode(CallReport.fromDomain(finished, "/pulp/api")));
        assertThat(new String(report, java.nio.charset.StandardCharsets.UTF_8)).contains("\"finished\"");
    }

    @Test
    void twoTasksOfOnePairPolledInTurnAreEachEncodedOnce() {
        Task first = aRunningTask().build();
        Task second = aRunningTask().build();
        while (EncodedReports.pairOf(second.id()) != EncodedReports.pairOf(first.id())) {
            second = aRunningTask().build();
        }
        byte[] firstReport = reports.of(first);
        byte[] secondReport = reports.of(second);

        for (int poll = 0; poll < 3; poll++) {
            assertThat(reports.of(first)).isSameAs(firstReport);
            assertThat(reports.of(second)).isSameAs(secondReport);
        }
    }

    @Test
    void aReportLongerThanTheMostKeptIsEncodedAtEachPoll() {
        Task big = aRunningTask().build().finish("x".repeat(EncodedReports.MOST_BYTES_KEPT), java.time.Instant.now());

        byte[] report = reports.of(big);

        assertThat(report).isEqualTo(writer.encode(CallReport.fromDomain(big, "/pulp/api")));
        assertThat(reports.of(big)).as("not kept").isNotSameAs(report);
    }

    @Test
    void tasksThatShareASlotAreEachReportedAsThemselves() {
        // more tasks than slots: some share one, and each is still its own report
        for (int i = 0; i < EncodedReports.SLOTS * 2; i++) {
            Task task = aRunningTask().build();
            assertThat(new String(reports.of(task), java.nio.charset.StandardCharsets.UTF_8))
                    .contains(task.id().toString());
        }
    }
}
