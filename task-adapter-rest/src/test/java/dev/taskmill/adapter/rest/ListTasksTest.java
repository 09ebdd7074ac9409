package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.TaskList;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskState;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /v2/tasks/}: the query that reaches the use case, paging and the {@code Link} header. */
class ListTasksTest extends RestServerTestBase {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>; *rel=\"next\"");

    private static List<String> ids(JsonNode reports) {
        List<String> ids = new ArrayList<>();
        reports.forEach(report -> ids.add(report.get("task_id").asText()));
        return ids;
    }

    private static URI nextLink(HttpReply reply) {
        String link = reply.header("Link");
        assertThat(link).as("Link header").isNotNull();
        Matcher matcher = LINK.matcher(link);
        assertThat(matcher.matches()).as("RFC 8288 link: %s", link).isTrue();
        return URI.create(matcher.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {TASKS, ROOT + "/v2/tasks"})
    void givenNoParameters_list_asksForWaitingAndRunningTasksAndServesTheirReportsInOrder(String path) {
        Task first = aRunningTask().atPosition(1).build();
        Task second = aWaitingTask().atPosition(2).build();
        fakes.onList = query -> new TaskList(List.of(first, second), OptionalLong.empty());

        HttpReply reply = get(path);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Link")).isNull();
        assertThat(ids(reply.json())).containsExactly(first.id().toString(), second.id().toString());
        assertThat(reply.json().get(0).get("_href").asText()).isEqualTo(TASKS + first.id() + "/");
        assertThat(fakes.queries).containsExactly(
                new ListTasksQuery(TaskFilter.incomplete(Set.of()), 0, ListTasksQuery.MAX_LIMIT));
    }

    @Test
    void givenNothingMatches_list_servesAnEmptyArray() {
        HttpReply reply = get(TASKS);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("[]");
    }

    @Test
    void givenRepeatedTags_list_filtersIncompleteTasksCarryingEveryTag() {
        get(TASKS + "?tag=team:ops&tag=pulp:repository:r%201&tag=team:ops");

        assertThat(fakes.queries).containsExactly(new ListTasksQuery(
                TaskFilter.incomplete(Set.of(Tag.of("team:ops"), Tag.of("pulp:repository:r 1"))), 0,
                ListTasksQuery.MAX_LIMIT));
    }

    @Test
    void givenStates_list_filtersByExactlyThoseStates() {
        get(TASKS + "?state=finished&state=error&state=error&tag=a");

        assertThat(fakes.queries).containsExactly(new ListTasksQuery(
                new TaskFilter(Set.of(Tag.of("a")), EnumSet.of(TaskState.FINISHED, TaskState.ERROR)), 0,
                ListTasksQuery.MAX_LIMIT));
    }

    @Test
    void givenEveryState_list_passesThemAll() {
        StringBuilder query = new StringBuilder("?");
        for (TaskState state : TaskState.values()) {
            query.append("state=").append(state.wireName().replace(" ", "%20")).append('&');
        }

        assertThat(get(TASKS + query).status()).isEqualTo(200);

        assertThat(fakes.queries.get(0).filter().states()).isEqualTo(EnumSet.allOf(TaskState.class));
    }

    @Test
    void givenLimitAndAfter_list_asksForThatPageOnly() {
        get(TASKS + "?limit=2&after=17");

        assertThat(fakes.queries).containsExactly(new ListTasksQuery(TaskFilter.incomplete(Set.of()), 17, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1000"})
    void givenLimitAtItsBounds_list_isAccepted(String limit) {
        assertThat(get(TASKS + "?limit=" + limit).status()).isEqualTo(200);

        assertThat(fakes.queries).extracting(ListTasksQuery::limit).containsExactly(Integer.parseInt(limit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "", "1.5", "99999999999"})
    void givenLimitOutOfBounds_list_returns400(String limit) {
        HttpReply reply = get(TASKS + "?limit=" + limit);

        assertThat(assertErrorObject(reply, 400, "GET", TASKS)).contains("'limit'").contains("1 to 1000");
        assertThat(fakes.queries).isEmpty();
    }

    @Test
    void givenLimitBeyondTheBound_list_returnsTheRuleOfTheQueryPort() {
        assertThat(assertErrorObject(get(TASKS + "?limit=1001"), 400, "GET", TASKS))
                .isEqualTo("Query parameter " + ListTasksQuery.LIMIT_RULE + ", not '1001'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "", "1e3", "99999999999999999999"})
    void givenBadAfter_list_returns400(String after) {
        HttpReply reply = get(TASKS + "?after=" + after);

        assertThat(assertErrorObject(reply, 400, "GET", TASKS)).contains("'after'").contains("non-negative");
        assertThat(fakes.queries).isEmpty();
    }

    @Test
    void givenLimitTwice_list_returns400() {
        assertThat(assertErrorObject(get(TASKS + "?limit=1&limit=2"), 400, "GET", TASKS)).contains("'limit'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sleeping", "timed%20out", "timed_out", "accepted", "suspended", "Finished", ""})
    void givenUnknownState_list_returns400NamingIt(String state) {
        HttpReply reply = get(TASKS + "?state=" + state);

        assertThat(assertErrorObject(reply, 400, "GET", TASKS)).contains("'state'")
                .contains("'" + state.replace("%20", " ") + "'")
                .contains("known states: waiting, running, finished, error, canceled, skipped");
        assertThat(fakes.queries).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "?page=2                 | page",
        "?tag=a&Limit=5          | Limit",
        "?state=waiting&tags=a   | tags",
        "?zeta=1&beta=2          | beta",
    })
    void givenUnknownQueryParameter_list_returns400NamingItAndTheAcceptedOnes(String query, String name) {
        HttpReply reply = get(TASKS + query);

        assertThat(assertErrorObject(reply, 400, "GET", TASKS)).isEqualTo("Unknown query parameter '" + name
                + "'; accepted parameters: after, limit, state, tag");
        assertThat(fakes.queries).isEmpty();
    }

    @Test
    void givenUnknownQueryParameterOnAPage_list_returns400() {
        HttpReply reply = get(TASKS + "?limit=2&after=4&offset=9");

        assertThat(assertErrorObject(reply, 400, "GET", TASKS)).startsWith("Unknown query parameter 'offset'");
        assertThat(fakes.queries).isEmpty();
    }

    @Test
    void givenEmptyTag_list_returns400() {
        HttpReply reply = get(TASKS + "?tag=");

        assertThat(assertErrorObject(reply, 400, "GET", TASKS)).isEqualTo("Query parameter 'tag': tag must not be empty");
    }

    @Test
    void givenAutomaticTagOfLongResourceNames_list_filtersByIt() {
        String longTag = "pulp:" + "t".repeat(255) + ":" + "i".repeat(255);
        fakes.onList = query -> new TaskList(List.of(), OptionalLong.empty());

        HttpReply reply = get(TASKS + "?tag=" + longTag);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(fakes.queries).extracting(query -> query.filter().tags()).containsExactly(Set.of(new Tag(longTag)));
    }

    @Test
    void givenMorePagesAndALimit_list_addsANextLinkKeepingTheOtherParameters() {
        Task task = aWaitingTask().atPosition(41).build();
        fakes.onList = query -> new TaskList(List.of(task), OptionalLong.of(41));

        HttpReply reply = get(TASKS + "?tag=team%3Aops&tag=a%20b&state=error&limit=1&after=7");

        assertThat(reply.status()).isEqualTo(200);
        URI next = nextLink(reply);
        assertThat(next.getScheme()).isEqualTo("http");
        assertThat(next.getPort()).isEqualTo(server.port());
        assertThat(next.getRawPath()).isEqualTo(TASKS);
        assertThat(next.getRawQuery().split("&"))
                .containsExactlyInAnyOrder("tag=team%3Aops", "tag=a%20b", "state=error", "limit=1", "after=41");
    }

    @Test
    void givenNextLink_followed_asksForTheNextPageWithTheSameFilter() {
        fakes.onList = query -> new TaskList(List.of(aWaitingTask().build()), OptionalLong.of(query.after() + 5));
        URI next = nextLink(get(TASKS + "?state=canceled&limit=3"));

        HttpReply second = send(request(next.toString()).GET());

        assertThat(second.status()).isEqualTo(200);
        TaskFilter canceled = new TaskFilter(Set.of(), EnumSet.of(TaskState.CANCELED));
        assertThat(fakes.queries).containsExactly(new ListTasksQuery(canceled, 0, 3), new ListTasksQuery(canceled, 5, 3));
    }

    @Test
    void givenLastPage_list_hasNoLinkHeader() {
        fakes.onList = query -> new TaskList(List.of(aWaitingTask().build()), OptionalLong.empty());

        assertThat(get(TASKS + "?limit=5").header("Link")).isNull();
    }

    @Test
    void givenNoLimitAndSeveralPages_list_concatenatesEveryPageWithoutALink() {
        Task first = aWaitingTask().atPosition(10).build();
        Task second = aWaitingTask().atPosition(20).build();
        Task third = aWaitingTask().atPosition(30).build();
        fakes.onList = query -> switch ((int) query.after()) {
            case 3 -> new TaskList(List.of(first), OptionalLong.of(10));
            case 10 -> new TaskList(List.of(second), OptionalLong.of(20));
            default -> new TaskList(List.of(third), OptionalLong.empty());
        };

        HttpReply reply = get(TASKS + "?tag=a&after=3");

        assertThat(ids(reply.json())).containsExactly(first.id().toString(), second.id().toString(),
                third.id().toString());
        assertThat(reply.header("Link")).isNull();
        TaskFilter filter = TaskFilter.incomplete(Set.of(Tag.of("a")));
        assertThat(fakes.queries).containsExactly(new ListTasksQuery(filter, 3, ListTasksQuery.MAX_LIMIT),
                new ListTasksQuery(filter, 10, ListTasksQuery.MAX_LIMIT),
                new ListTasksQuery(filter, 20, ListTasksQuery.MAX_LIMIT));
    }

    @Test
    void givenUseCaseThatDoesNotAdvance_listWithoutLimit_stopsInsteadOfLooping() {
        fakes.onList = query -> new TaskList(List.of(aWaitingTask().build()), OptionalLong.of(query.after()));

        HttpReply reply = get(TASKS);

        assertThat(reply.json()).hasSize(1);
        assertThat(fakes.queries).hasSize(1);
    }
}
