package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.app.StoreConfig;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The events of tasks on the embedded in-memory store. */
class MemoryTaskEventsApiContractTest extends TaskEventsApiContractTest {

    @Override
    StoreConfig store() {
        return StoreConfig.memory();
    }

    /** Here only, as it takes up to 15 s, and the store plays no part in it. */
    @Test
    void anIdleStreamGetsACommentLineEvery15SecondsThatKeepsProxiesFromClosingIt() {
        try (EventStream idle = open("?tag=" + unique("idle"), null)) {
            Eventually.await(Duration.ofSeconds(20), "a keep-alive comment", idle::comments,
                    comments -> comments.contains("keep-alive"));
            assertThat(idle.comments()).first().isEqualTo("taskmill events");
            assertThat(idle.drain()).as("a comment is no event").isEmpty();
            assertThat(idle.ended()).isFalse();
        }
    }
}
