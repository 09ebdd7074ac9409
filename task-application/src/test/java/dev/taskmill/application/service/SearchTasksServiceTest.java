package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.InvalidCriteriaException;
import dev.taskmill.application.port.in.SearchCriteria;
import dev.taskmill.application.port.in.SearchTasksQuery;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskSearch;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchTasksServiceTest {

    private static final Caller READER = Caller.user("rita", Set.of(Permission.READ));

    private final SimpleTaskRepository repository = new SimpleTaskRepository();

    @Test
    void givenMoreMatchesThanOneAnswerHolds_andNoLimit_searchRefusesAndSaysToPage_neverCutsTheList() {
        for (int i = 0; i < SearchTasksQuery.MAX_LIMIT + 1; i++) {
            repository.admit(aSubmission().buildSubmission());
        }
        SearchTasksService service = new SearchTasksService(repository);

        assertThatThrownBy(() -> service.search(READER, SearchTasksQuery.everything()))
                .isInstanceOf(InvalidCriteriaException.class).hasMessageContaining("'skip' and 'limit'");
        assertThat(service.search(READER, new SearchTasksQuery(SearchTasksQuery.everything().condition(), List.of(),
                1, OptionalInt.empty()))).as("one fewer after a skip: all of them").hasSize(SearchTasksQuery.MAX_LIMIT);
        assertThat(service.search(READER, SearchCriteria.parse(Map.of("limit", 10_000, "skip", 10_000))))
                .hasSize(1);
    }

    @Test
    void givenACallerWithoutRead_searchLooksOnlyAmongTheirOwnTasks() {
        Task mine = repository.admit(aSubmission().submittedBy("sam").buildSubmission());
        repository.admit(aSubmission().submittedBy("other").buildSubmission());
        SearchTasksService service = new SearchTasksService(repository);

        assertThat(service.search(Caller.user("sam", Set.of(Permission.CREATE)), SearchTasksQuery.everything()))
                .containsExactly(mine);
        assertThat(service.search(READER, SearchTasksQuery.everything())).hasSize(2);
        assertThat(service.search(Caller.anonymous(), SearchTasksQuery.everything())).hasSize(2);
    }

    @Test
    void givenAPatternTheStoreRefuses_searchIsRefusedAsBadCriteria() {
        SearchTasksService service = new SearchTasksService(new DelegatingTaskRepository(repository) {
            @Override
            public List<Task> search(TaskSearch search) {
                throw new IllegalArgumentException("PostgreSQL refuses a pattern: invalid regular expression");
            }
        });

        assertThatThrownBy(() -> service.search(READER, SearchTasksQuery.everything()))
                .isInstanceOf(InvalidCriteriaException.class).hasMessageContaining("refuses a pattern");
    }
}
