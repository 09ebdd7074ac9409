package dev.taskmill.application.port.out;

import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskCondition.After;
import dev.taskmill.domain.TaskCondition.All;
import dev.taskmill.domain.TaskCondition.Any;
import dev.taskmill.domain.TaskCondition.Before;
import dev.taskmill.domain.TaskCondition.Bound;
import dev.taskmill.domain.TaskCondition.ContainsAll;
import dev.taskmill.domain.TaskCondition.Equal;
import dev.taskmill.domain.TaskCondition.Matches;
import dev.taskmill.domain.TaskCondition.Not;
import dev.taskmill.domain.TaskCondition.OneOf;
import dev.taskmill.domain.TaskCondition.Present;
import dev.taskmill.domain.TaskCondition.SubmittedBy;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskSearch.SortKey;
import dev.taskmill.domain.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link TaskRepository#search} must do on every store: find exactly the tasks {@link
 * TaskCondition#test} says match, in the search's order, the page asked for. A storage adapter
 * extends this class and returns a fresh, empty store from {@link #newRepository()}.
 */
public abstract class TaskSearchContractTest {

    /** A time with a part of a millisecond, which reports do not show. */
    private static final String OTHER_WORKER = "taskmill-0a1b2c3d-2";
    private static final Instant STARTED = T0.plusSeconds(10).plusNanos(123_456);

    protected TaskRepository repository;
    /** The stored tasks, oldest first: see {@link #storeTasksOfEveryKind}. */
    private List<Task> stored;

    /** A new, empty repository; called before each test. */
    protected abstract TaskRepository newRepository();

    /**
     * Twelve tasks: four operations, three submitters and none, tags shared and not, every
     * state, start and finish times with parts of a millisecond.
     */
    @BeforeEach
    void storeTasksOfEveryKind() {
        repository = newRepository();
        String[] operations = {"sleep", "digest", "echo", "sleep"};
        String[] submitters = {"alice", "bob", null};
        List<Task> admitted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            var submission = aSubmission().withOperation(operations[i % 4]).submittedAt(T0.plusMillis(i))
                    .withTags("team:" + (i % 3 == 0 ? "ops" : "dev"), "n:" + i);
            if (submitters[i % 3] != null) {
                submission.submittedBy(submitters[i % 3]);
            }
            if (i % 5 == 0) {
                submission.claiming("repository", "r" + i, ResourceOperation.READ);
            }
            admitted.add(repository.admit(submission.buildSubmission()));
        }
        // tasks 0-7 start, in order, a second apart; 8-11 wait, of which 10 and 11 are cancelled
        for (int i = 0; i < 8; i++) {
            Task running = repository.claimNextRunnable(STARTED.plusSeconds(i), i % 2 == 0 ? WORKER : OTHER_WORKER).orElseThrow();
            assertThat(running.id()).isEqualTo(admitted.get(i).id());
            Instant end = STARTED.plusSeconds(i).plusMillis(500).plusNanos(999);
            switch (i % 4) {
                case 0 -> repository.update(running.finish(Map.of("i", i), end).releaseClaims());
                case 1 -> repository.update(running.fail(ErrorCode.OPERATION_FAILED, "Error: " + i, null, end)
                        .releaseClaims());
                case 2 -> repository.update(running.cancel(end));
                default -> {
                    // still running
                }
            }
        }
        for (int i = 10; i < 12; i++) {
            repository.update(repository.findById(admitted.get(i).id()).orElseThrow().cancel(T0.plusSeconds(60)));
        }
        stored = admitted.stream().map(task -> repository.findById(task.id()).orElseThrow()).toList();
    }

    static Stream<Arguments> conditions() {
        Instant startOf3 = STARTED.plusSeconds(3);
        Instant reportedStartOf3 = startOf3.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return Stream.of(
                Arguments.of("everything", TaskCondition.everything()),
                Arguments.of("nothing", new Any(List.of())),
                Arguments.of("state", new Equal(SearchField.STATE, "running")),
                Arguments.of("state unknown", new Equal(SearchField.STATE, "suspended")),
                Arguments.of("state in", new OneOf(SearchField.STATE, List.of("waiting", "running", "accepted"))),
                Arguments.of("state not in", new Not(new OneOf(SearchField.STATE, List.of("waiting", "running")))),
                Arguments.of("state ne", new Not(new Equal(SearchField.STATE, "finished"))),
                Arguments.of("tag", new Equal(SearchField.TAGS, "team:ops")),
                Arguments.of("tag none", new Equal(SearchField.TAGS, "team:nobody")),
                Arguments.of("tag ne", new Not(new Equal(SearchField.TAGS, "team:ops"))),
                Arguments.of("tag in", new OneOf(SearchField.TAGS, Arrays.asList("n:1", "n:2", "team:ops", null))),
                Arguments.of("tag nin", new Not(new OneOf(SearchField.TAGS, List.of("n:1", "n:2")))),
                Arguments.of("tags all", new ContainsAll(SearchField.TAGS, List.of("team:ops", "pulp:action:sleep"))),
                Arguments.of("tags whole", new Equal(SearchField.TAGS, List.of("team:dev", "n:1", "pulp:action:digest"))),
                Arguments.of("tags whole out of order",
                        new Equal(SearchField.TAGS, List.of("n:1", "team:dev", "pulp:action:digest"))),
                Arguments.of("tag regex", new Matches(SearchField.TAGS, Pattern.compile("^pulp:repository:r"))),
                Arguments.of("tag not regex", new Not(new Matches(SearchField.TAGS, Pattern.compile("^n:1")))),
                Arguments.of("tags exist", new Present(SearchField.TAGS)),
                Arguments.of("type", new Equal(SearchField.TASK_TYPE, "digest")),
                Arguments.of("type regex ignoring case", new Matches(SearchField.TASK_TYPE,
                        Pattern.compile("^SL", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))),
                Arguments.of("type not regex", new Not(new Matches(SearchField.TASK_TYPE, Pattern.compile("e")))),
                Arguments.of("response", new Equal(SearchField.RESPONSE, "accepted")),
                Arguments.of("worker", new Equal(SearchField.WORKER_NAME, WORKER)),
                Arguments.of("worker ne", new Not(new Equal(SearchField.WORKER_NAME, WORKER))),
                Arguments.of("worker null", new Equal(SearchField.WORKER_NAME, null)),
                Arguments.of("worker regex", new Matches(SearchField.WORKER_NAME, Pattern.compile("-1$"))),
                Arguments.of("group null", new Equal(SearchField.TASK_GROUP_ID, null)),
                Arguments.of("group ne", new Not(new Equal(SearchField.TASK_GROUP_ID, "g1"))),
                Arguments.of("group exists", new Present(SearchField.TASK_GROUP_ID)),
                Arguments.of("schedule in with null", new OneOf(SearchField.SCHEDULE_ID, Arrays.asList("s1", null))),
                Arguments.of("schedule nin with null",
                        new Not(new OneOf(SearchField.SCHEDULE_ID, Arrays.asList("s1", null)))),
                Arguments.of("started", new Present(SearchField.START_TIME)),
                Arguments.of("not started", new Not(new Present(SearchField.START_TIME))),
                Arguments.of("finish null", new Equal(SearchField.FINISH_TIME, null)),
                Arguments.of("start equals reported", new Equal(SearchField.START_TIME, reportedStartOf3)),
                Arguments.of("start equals exact", new Equal(SearchField.START_TIME, startOf3)),
                Arguments.of("start ne reported", new Not(new Equal(SearchField.START_TIME, reportedStartOf3))),
                Arguments.of("start in", new OneOf(SearchField.START_TIME, Arrays.asList(reportedStartOf3, null))),
                Arguments.of("start gt", new After(SearchField.START_TIME, reportedStartOf3, Bound.EXCLUSIVE)),
                Arguments.of("start gte", new After(SearchField.START_TIME, reportedStartOf3, Bound.INCLUSIVE)),
                Arguments.of("start gte exact", new After(SearchField.START_TIME, startOf3, Bound.INCLUSIVE)),
                Arguments.of("start gt exact", new After(SearchField.START_TIME, startOf3, Bound.EXCLUSIVE)),
                Arguments.of("start lt", new Before(SearchField.START_TIME, reportedStartOf3, Bound.EXCLUSIVE)),
                Arguments.of("start lte", new Before(SearchField.START_TIME, reportedStartOf3, Bound.INCLUSIVE)),
                Arguments.of("start lt exact", new Before(SearchField.START_TIME, startOf3, Bound.EXCLUSIVE)),
                Arguments.of("start lte exact", new Before(SearchField.START_TIME, startOf3, Bound.INCLUSIVE)),
                Arguments.of("start not lt", new Not(new Before(SearchField.START_TIME, reportedStartOf3,
                        Bound.EXCLUSIVE))),
                Arguments.of("finish range", new All(List.of(
                        new After(SearchField.FINISH_TIME, STARTED.plusSeconds(1), Bound.INCLUSIVE),
                        new Before(SearchField.FINISH_TIME, STARTED.plusSeconds(6), Bound.EXCLUSIVE)))),
                Arguments.of("far future", new Before(SearchField.FINISH_TIME, Instant.parse("9999-12-31T23:59:59Z"),
                        Bound.INCLUSIVE)),
                Arguments.of("far past", new After(SearchField.START_TIME, Instant.parse("0001-01-01T00:00:00Z"),
                        Bound.EXCLUSIVE)),
                Arguments.of("id not a uuid", new Equal(SearchField.TASK_ID, "42")),
                Arguments.of("id regex", new Matches(SearchField.TASK_ID, Pattern.compile("^[0-9a-f]"))),
                Arguments.of("submitter", new SubmittedBy("alice")),
                Arguments.of("not submitter", new Not(new SubmittedBy("alice"))),
                Arguments.of("or", new Any(List.of(new Equal(SearchField.STATE, "error"),
                        new Equal(SearchField.TASK_TYPE, "echo")))),
                Arguments.of("nor", new Not(new Any(List.of(new Equal(SearchField.STATE, "error"),
                        new Equal(SearchField.TASK_TYPE, "echo"))))),
                Arguments.of("not and", new Not(new All(List.of(new Equal(SearchField.TAGS, "team:dev"),
                        new Present(SearchField.FINISH_TIME))))),
                Arguments.of("not nothing", new Not(new Any(List.of()))),
                Arguments.of("not everything", new Not(TaskCondition.everything())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void givenTasksOfEveryKind_search_findsExactlyWhatTheConditionSaysInAdmissionOrder(String name,
            TaskCondition condition) {
        List<Task> expected = stored.stream().filter(condition::test).toList();

        assertThat(repository.search(new TaskSearch(condition, List.of(), 0, 100))).as(name)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void givenTasksOfEveryKind_theConditionsThemselves_meanWhatMongoDbMeant() {
        // pinned here, so that stores agreeing with test() agree with Pulp 2's searches
        assertThat(ids(new Equal(SearchField.STATE, "running"))).containsExactly(3, 7);
        assertThat(ids(new Not(new Equal(SearchField.TASK_GROUP_ID, "g1")))).hasSize(12); // $ne matches no value
        assertThat(ids(new OneOf(SearchField.TAGS, List.of("n:1", "n:2")))).containsExactly(1, 2);
        assertThat(ids(new Equal(SearchField.TAGS, List.of("team:dev", "n:1", "pulp:action:digest"))))
                .containsExactly(1);
        assertThat(ids(new Equal(SearchField.START_TIME, STARTED.plusSeconds(3).truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS)))).containsExactly(3);
        assertThat(ids(new Equal(SearchField.START_TIME, STARTED.plusSeconds(3)))).isEmpty();
        assertThat(ids(new After(SearchField.START_TIME, STARTED.plusSeconds(6), Bound.INCLUSIVE)))
                .containsExactly(7); // 6 started at ...123456 ns, after the millisecond reports show
        assertThat(ids(new Before(SearchField.FINISH_TIME, STARTED.plusSeconds(1).plusMillis(500), Bound.INCLUSIVE)))
                .containsExactly(0, 1);
        assertThat(ids(new Not(new Present(SearchField.START_TIME)))).containsExactly(8, 9, 10, 11);
        assertThat(ids(new Equal(SearchField.WORKER_NAME, OTHER_WORKER))).containsExactly(1, 3, 5, 7);
        assertThat(ids(new Not(new Equal(SearchField.WORKER_NAME, OTHER_WORKER)))).containsExactly(0, 2, 4, 6, 8, 9,
                10, 11);
    }

    @Test
    void givenIdsAmongOthers_searchByIdIn_findsThemInAdmissionOrder() {
        List<Task> wanted = List.of(stored.get(9), stored.get(2), stored.get(5));
        List<Object> ids = new ArrayList<>(wanted.stream().map(task -> (Object) task.id().toString()).toList());
        ids.add(TaskId.random().toString());
        ids.add("not-an-id");

        List<Task> found = repository.search(new TaskSearch(new OneOf(SearchField.TASK_ID, ids), List.of(), 0, 100));

        assertThat(found).containsExactly(stored.get(2), stored.get(5), stored.get(9));
    }

    @Test
    void givenASortOnTime_search_putsTasksWithoutOneFirstAscendingAndLastDescending_thenAdmissionOrder() {
        List<Task> ascending = repository.search(new TaskSearch(TaskCondition.everything(),
                List.of(new SortKey(SearchField.FINISH_TIME, false)), 0, 100));
        List<Task> descending = repository.search(new TaskSearch(TaskCondition.everything(),
                List.of(new SortKey(SearchField.FINISH_TIME, true)), 0, 100));

        assertThat(ascending).map(stored::indexOf).containsExactly(3, 7, 8, 9, 0, 1, 2, 4, 5, 6, 10, 11);
        assertThat(descending).map(stored::indexOf).containsExactly(10, 11, 6, 5, 4, 2, 1, 0, 3, 7, 8, 9);
    }

    @Test
    void givenSeveralSortKeys_search_sortsByEachInTurn() {
        TaskSearch search = new TaskSearch(TaskCondition.everything(), List.of(new SortKey(SearchField.TASK_TYPE, false),
                new SortKey(SearchField.STATE, true)), 0, 100);

        assertThat(repository.search(search)).containsExactlyElementsOf(
                stored.stream().sorted(search.comparator()).toList());
        assertThat(repository.search(search).get(0).operation()).isEqualTo("digest");
    }

    @Test
    void givenSkipAndLimit_search_pagesWithoutMissingOrRepeatingATask() {
        for (List<SortKey> order : List.of(List.<SortKey>of(), List.of(new SortKey(SearchField.STATE, false)),
                List.of(new SortKey(SearchField.START_TIME, true)))) {
            Set<TaskId> seen = new HashSet<>();
            List<Task> all = new ArrayList<>();
            for (int skip = 0; ; skip += 5) {
                List<Task> page = repository.search(new TaskSearch(TaskCondition.everything(), order, skip, 5));
                all.addAll(page);
                page.forEach(task -> assertThat(seen.add(task.id())).as("repeated: %s", task.id()).isTrue());
                if (page.size() < 5) {
                    break;
                }
            }
            assertThat(all).as("order %s", order).containsExactlyElementsOf(stored.stream()
                    .sorted(new TaskSearch(TaskCondition.everything(), order, 0, 1).comparator()).toList());
        }
        assertThat(repository.search(new TaskSearch(TaskCondition.everything(), List.of(), 100, 5))).isEmpty();
        assertThat(repository.search(new TaskSearch(TaskCondition.everything(), List.of(), 0, 0))).isEmpty();
    }

    @Test
    void givenAStateAndATagTogether_search_appliesBoth() {
        TaskCondition condition = new All(List.of(new OneOf(SearchField.STATE, List.of("waiting", "running")),
                new Equal(SearchField.TAGS, "team:ops")));

        assertThat(ids(condition)).containsExactly(3, 9);
        assertThat(repository.search(new TaskSearch(condition, List.of(), 0, 100))).map(stored::indexOf)
                .containsExactly(3, 9);
    }

    private List<Integer> ids(TaskCondition condition) {
        return stored.stream().filter(condition::test).map(stored::indexOf).toList();
    }
}
