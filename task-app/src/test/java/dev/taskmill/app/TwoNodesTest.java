package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.app.contract.EventStream;
import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.GetStatusUseCase;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.nio.file.Path;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Taskmill nodes, each with its own engine and connection pool, on one PostgreSQL database. */
class TwoNodesTest {

    private static final Caller ANYONE = Caller.anonymous();

    @TempDir
    Path dir;

    private Taskmill nodeA;
    private Taskmill nodeB;

    @BeforeEach
    void startNodes() {
        StoreConfig store = TestPostgres.emptyDatabase(dir);
        nodeA = Taskmill.start(config(store, 1));
        nodeB = Taskmill.start(config(store, 1));
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void givenTwoNodes_theStatusOfEither_listsTheWorkersOfBoth() {
        List<String> fromA = nodeA.useCases().status().status().workers().stream()
                .map(GetStatusUseCase.Worker::name).toList();
        List<String> fromB = nodeB.useCases().status().status().workers().stream()
                .map(GetStatusUseCase.Worker::name).toList();

        assertThat(fromA).hasSize(2).allMatch(name -> name.matches("taskmill-[0-9a-f]{8}-1")).doesNotHaveDuplicates();
        assertThat(fromB).containsExactlyInAnyOrderElementsOf(fromA);
        assertThat(nodeA.useCases().status().status().storeConnected()).isTrue();
    }

    @Test
    void givenBusyNode_aTaskSubmittedToIt_startsOnTheIdleOtherNodeAtOnce() throws Exception {
        // one worker each: two long tasks can only both run if the other node took one
        TaskId first = submit(nodeA, 30, "busy-1", ResourceOperation.UPDATE).id();
        TaskId second = submit(nodeA, 30, "busy-2", ResourceOperation.UPDATE).id();

        NodeTasks.await(nodeB, first, running(), Duration.ofSeconds(3));
        NodeTasks.await(nodeB, second, running(), Duration.ofSeconds(3));
    }

    @Test
    void givenTasksRunningOnBothNodes_eachNamesTheWorkerOfTheNodeRunningIt_untilItRunsElsewhere() throws Exception {
        // one worker each: of two long tasks, each node runs one
        TaskId first = submit(nodeA, 30, "where-1", ResourceOperation.UPDATE).id();
        TaskId second = submit(nodeA, 30, "where-2", ResourceOperation.UPDATE).id();
        String one = NodeTasks.await(nodeA, first, running(), Duration.ofSeconds(3)).workerName();
        String two = NodeTasks.await(nodeA, second, running(), Duration.ofSeconds(3)).workerName();
        assertThat(List.of(one, two)).containsExactlyInAnyOrder(nodeA.nodeName() + "-1", nodeB.nodeName() + "-1");
        assertThat(nodeB.useCases().status().status().workers()).extracting(GetStatusUseCase.Worker::name)
                .containsExactlyInAnyOrder(one, two);

        // stopping the node the first names stops it there: it waits again, without a worker
        Taskmill runsFirst = one.equals(nodeA.nodeName() + "-1") ? nodeA : nodeB;
        Taskmill other = runsFirst == nodeA ? nodeB : nodeA;
        runsFirst.close();
        Task stopped = NodeTasks.await(other, first, state(TaskState.WAITING), Duration.ofSeconds(10));
        assertThat(stopped.workerName()).isNull();
        assertThat(other.useCases().get().getTask(ANYONE, second).workerName()).isEqualTo(other.nodeName() + "-1");

        // and once the other node's worker is free, it runs there under that worker's name
        other.useCases().cancel().cancel(ANYONE, second);
        Task again = NodeTasks.await(other, first, running(), Duration.ofSeconds(10));
        assertThat(again.workerName()).isEqualTo(other.nodeName() + "-1");
    }

    @Test
    void givenTasksRunningOnBothNodes_cancelsSentToOneNode_stopTheOperationsOnBoth() throws Exception {
        TaskId first = submit(nodeA, 30, "cancel-1", ResourceOperation.UPDATE).id();
        TaskId second = submit(nodeA, 30, "cancel-2", ResourceOperation.UPDATE).id();
        NodeTasks.await(nodeA, first, running(), Duration.ofSeconds(3));
        NodeTasks.await(nodeA, second, running(), Duration.ofSeconds(3));
        TaskId afterFirst = submit(nodeA, 0, "cancel-1", ResourceOperation.UPDATE).id();
        TaskId afterSecond = submit(nodeA, 0, "cancel-2", ResourceOperation.UPDATE).id();

        nodeA.useCases().cancel().cancel(ANYONE, first);
        nodeA.useCases().cancel().cancel(ANYONE, second);

        // each successor runs only once the canceled operation's code has returned and released r1
        NodeTasks.await(nodeB, afterFirst, state(TaskState.FINISHED), Duration.ofSeconds(5));
        NodeTasks.await(nodeB, afterSecond, state(TaskState.FINISHED), Duration.ofSeconds(5));
        assertThat(nodeB.useCases().get().getTask(ANYONE, first).state()).isEqualTo(TaskState.CANCELED);
        assertThat(nodeB.useCases().get().getTask(ANYONE, second).state()).isEqualTo(TaskState.CANCELED);
    }

    @Test
    void givenGroupSubmittedToOneNode_aDeleteSentToTheOther_cancelsItsTasksWhereverTheyRun() throws Exception {
        NodeHttp http = new NodeHttp(Duration.ofSeconds(10));
        // one worker each: the first two calls run, one on each node; the third waits behind the first
        NodeHttp.Reply submitted = http.post(nodeA.baseUri().resolve("v2/task_groups/"), "{\"calls\": ["
                + String.join(", ", groupSleep("group-1"), groupSleep("group-2"), groupSleep("group-1")) + "]}");
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
        String group = submitted.json().get("group_id").asText();
        List<TaskId> tasks = new ArrayList<>();
        submitted.json().get("spawned_tasks").forEach(task -> tasks.add(TaskId.parse(task.get("task_id").asText())));
        NodeTasks.await(nodeB, tasks.get(0), running(), Duration.ofSeconds(5));
        NodeTasks.await(nodeB, tasks.get(1), running(), Duration.ofSeconds(5));

        NodeHttp.Reply canceled = http.delete(nodeB.baseUri().resolve("v2/task_groups/" + group + "/"));

        assertThat(canceled.status()).as("%s", canceled).isEqualTo(200);
        assertThat(canceled.body().strip()).isEqualTo("null");
        for (TaskId task : tasks) {
            assertThat(nodeA.useCases().get().getTask(ANYONE, task).state()).isEqualTo(TaskState.CANCELED);
        }
        // each operation stopped on the node that ran it and released its resource: what waits for it runs
        TaskId afterFirst = submit(nodeA, 0, "group-1", ResourceOperation.UPDATE).id();
        TaskId afterSecond = submit(nodeB, 0, "group-2", ResourceOperation.UPDATE).id();
        NodeTasks.await(nodeA, afterFirst, state(TaskState.FINISHED), Duration.ofSeconds(5));
        NodeTasks.await(nodeA, afterSecond, state(TaskState.FINISHED), Duration.ofSeconds(5));
        JsonNode summary = http.get(nodeA.baseUri().resolve("v2/task_groups/" + group + "/state_summary/")).json();
        assertThat(summary.get("canceled").asInt()).isEqualTo(3);
        assertThat(summary.get("total").asInt()).isEqualTo(3);
    }

    @Test
    void aStreamOfEventsOnEitherNode_seesTheChangesMadeOnBoth_inOrderPerTask() {
        try (EventStream onA = EventStream.open(nodeA.baseUri().resolve("v2/events/"), null, null, null);
                EventStream onB = EventStream.open(nodeB.baseUri().resolve("v2/events/"), null, null,
                        null)) {
            // a node hears of a stream on the other within milliseconds (a notification); until then it
            // tells nothing: wait until each stream sees a submission made on the other node
            for (EventStream stream : List.of(onA, onB)) {
                Taskmill other = stream == onA ? nodeB : nodeA;
                Eventually.await(Duration.ofSeconds(10), "a stream hearing the other node",
                        () -> sees(stream, submit(other, 0, "probe", ResourceOperation.READ).id()), heard -> heard);
            }
            // one worker each: the two run one on each node, whichever node they were submitted to
            TaskId first = submit(nodeA, 1, "events-1", ResourceOperation.UPDATE).id();
            TaskId second = submit(nodeB, 1, "events-2", ResourceOperation.UPDATE).id();
            Set<String> ranOn = Set.of(nodeRunning(first).nodeName(), nodeRunning(second).nodeName());
            assertThat(ranOn).hasSize(2);
            for (EventStream stream : List.of(onA, onB)) {
                List<EventStream.Event> events = new ArrayList<>();
                Eventually.await(Duration.ofSeconds(15), "both ends on both streams", () -> {
                    events.addAll(stream.drain());
                    return events.stream().filter(event -> event.name().equals("ended"))
                            .filter(event -> List.of(first.toString(), second.toString()).contains(event.taskId()))
                            .count();
                }, ends -> ends == 2);
                for (TaskId id : List.of(first, second)) {
                    List<String> names = events.stream().filter(event -> id.toString().equals(event.taskId()))
                            .map(EventStream.Event::name).filter(name -> !name.equals("progress")).toList();
                    // in order; a submission told after the other node started the task is not told at all
                    assertThat(names).as("events of %s", id).contains("started", "ended").doesNotHaveDuplicates();
                    assertThat(List.of("submitted", "started", "ended")).containsSubsequence(names);
                    // on either node, a submission tells of the task as admitted, though its
                    // admission may have started it (read on the other node once it had)
                    events.stream().filter(event -> id.toString().equals(event.taskId()))
                            .filter(event -> event.name().equals("submitted"))
                            .forEach(event -> assertThat(event.data().get("state").asText()).as("%s", event)
                                    .isEqualTo("waiting"));
                }
            }
        }
    }

    /** Whether {@code stream} tells of the submission of {@code task} within half a second. */
    private static boolean sees(EventStream stream, TaskId task) {
        long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (stream.drain().stream().anyMatch(event -> task.toString().equals(event.taskId()))) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        return false;
    }

    @Test
    void givenTaskRunningOnOneNode_aWaitOnTheOtherNode_answersWhenItEndsThere_orWhenTheWaitIsOver()
            throws Exception {
        NodeHttp http = new NodeHttp(Duration.ofSeconds(15));
        TaskId ending = submit(nodeA, 3, "wait-1", ResourceOperation.UPDATE).id();
        Taskmill runs = nodeRunning(ending);
        Taskmill other = runs == nodeA ? nodeB : nodeA;
        TaskId long_ = submit(other, 30, "wait-2", ResourceOperation.UPDATE).id();
        assertThat(nodeRunning(long_)).as("one worker each: the other node runs the other task").isSameAs(other);

        NodeHttp.Reply ended = http.get(other.baseUri().resolve("v2/tasks/" + ending + "/?wait=20"));

        assertThat(ended.status()).as("%s", ended).isEqualTo(200);
        assertThat(ended.json().get("state").asText()).isEqualTo("finished");
        assertThat(ended.json().get("worker_name").asText()).isEqualTo(runs.nodeName() + "-1");
        // it waited for the rest of the 3 s sleep, and no longer: the safety sweep (every 10 s) comes much later
        assertThat(ended.took()).as("%s", ended).isBetween(Duration.ofMillis(500), Duration.ofMillis(5_500));

        NodeHttp.Reply over = http.get(runs.baseUri().resolve("v2/tasks/" + long_ + "/?wait=1"));

        assertThat(over.status()).as("%s", over).isEqualTo(200);
        assertThat(over.json().get("state").asText()).isEqualTo("running");
        assertThat(over.took()).as("%s", over).isBetween(Duration.ofMillis(950), Duration.ofMillis(3_500));
        // a wait forgets its watch just after its answer leaves: await that rather than race it
        Eventually.await(Duration.ofSeconds(5), "no wait left registered",
                () -> nodeA.waitCount() + nodeB.waitCount() == 0);
    }

    /** The node whose worker runs {@code id}, once it runs. */
    private Taskmill nodeRunning(TaskId id) {
        String worker = NodeTasks.await(nodeA, id, running(), Duration.ofSeconds(5)).workerName();
        return worker.equals(nodeA.nodeName() + "-1") ? nodeA : nodeB;
    }

    private static String groupSleep(String resource) {
        return "{\"operation\": \"sleep\", \"args\": {\"seconds\": 30}, \"resources\": [{\"resource_type\":"
                + " \"repository\", \"resource_id\": \"" + resource + "\", \"operation\": \"update\"}]}";
    }

    @Test
    void givenConflictingCallsSubmittedToBothNodes_theyRunOneAtATimeInAdmissionOrder() throws Exception {
        List<TaskId> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Taskmill node = i % 2 == 0 ? nodeA : nodeB;
            ResourceOperation operation = i % 5 == 4 ? ResourceOperation.READ : ResourceOperation.UPDATE;
            ids.add(submit(node, 0.05, "ordered", operation).id());
        }
        for (TaskId id : ids) {
            NodeTasks.await(nodeA, id, state(TaskState.FINISHED), Duration.ofSeconds(20));
        }

        List<Task> tasks = nodeA.useCases().list().listTasks(ANYONE, new ListTasksQuery(new TaskFilter(
                Set.of(Tag.of("pulp:repository:ordered")), Set.of(TaskState.FINISHED)), 0, 100)).tasks();
        assertThat(tasks).hasSize(16);
        List<Task> byPosition = tasks.stream().sorted(Comparator.comparingLong(Task::position)).toList();
        for (int later = 1; later < byPosition.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                Task first = byPosition.get(earlier);
                Task second = byPosition.get(later);
                if (ConflictMatrix.conflicts(first.claims().get(0).operation(), second.claims().get(0).operation())) {
                    assertThat(second.startTime()).as("task %d starts after the conflicting task %d finished",
                            later, earlier).isAfterOrEqualTo(first.finishTime());
                }
            }
        }
    }

    private TaskmillConfig config(StoreConfig store, int workers) {
        return new TaskmillConfig("127.0.0.1", 0, workers, "/pulp/api", Duration.ofHours(1), dir,
                SecurityConfig.none(), store).withShutdownGrace(Duration.ZERO);
    }

    private static Task submit(Taskmill node, double seconds, String resource, ResourceOperation operation) {
        return node.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep", Map.of("seconds", seconds),
                List.of(new ResourceClaim("repository", resource, operation)), List.of(), Optional.empty()));
    }

    private static Predicate<Task> running() {
        return state(TaskState.RUNNING);
    }

    private static Predicate<Task> state(TaskState state) {
        return task -> task.state() == state;
    }
}
