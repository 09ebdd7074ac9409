package dev.taskmill.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.domain.TaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PositionIndexTest {

    private final PositionIndex index = new PositionIndex();
    private final Map<Long, TaskId> ids = new HashMap<>();

    @Test
    void givenAdditionsOutOfOrder_forEachAfter_givesThemInPositionOrder() {
        add(5);
        add(1);
        add(9);
        add(3);

        assertThat(after(0, 10)).containsExactly(id(1), id(3), id(5), id(9));
        assertThat(after(3, 10)).containsExactly(id(5), id(9));
        assertThat(after(4, 1)).containsExactly(id(5));
    }

    @Test
    void givenRemovals_forEachAfterAndSize_skipTheGaps() {
        for (long position = 1; position <= 10; position++) {
            add(position);
        }

        assertThat(index.remove(2)).isTrue();
        assertThat(index.remove(2)).isFalse();
        assertThat(index.remove(42)).isFalse();
        index.remove(7);

        assertThat(index.size()).isEqualTo(8);
        assertThat(after(0, 3)).containsExactly(id(1), id(3), id(4));
        assertThat(after(6, 10)).containsExactly(id(8), id(9), id(10));
    }

    @Test
    void givenPositionHeld_add_isRefused() {
        add(1);

        assertThatThrownBy(() -> index.add(1, TaskId.random())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenRandomAdditionsAndRemovals_indexAgreesWithASortedMap() {
        Random random = new Random(7);
        TreeMap<Long, TaskId> expected = new TreeMap<>();
        long next = 0;
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                next += 1 + random.nextInt(3);
                add(next);
                expected.put(next, id(next));
            } else if (action < 6 && next > 10) {
                long back = next - 1 - random.nextInt(10);
                if (!expected.containsKey(back)) {
                    add(back);
                    expected.put(back, id(back));
                }
            } else if (!expected.isEmpty()) {
                long victim = expected.ceilingKey((long) random.nextInt((int) next + 1)) == null
                        ? expected.firstKey() : expected.ceilingKey((long) random.nextInt((int) next + 1));
                assertThat(index.remove(victim)).isTrue();
                expected.remove(victim);
            }
            if (step % 500 == 0) {
                long from = random.nextInt((int) next + 1);
                assertThat(after(from, Integer.MAX_VALUE))
                        .containsExactlyElementsOf(expected.tailMap(from, false).values());
                assertThat(index.size()).isEqualTo(expected.size());
            }
        }
    }

    private void add(long position) {
        index.add(position, id(position));
    }

    private TaskId id(long position) {
        return ids.computeIfAbsent(position, p -> TaskId.random());
    }

    private List<TaskId> after(long position, int limit) {
        List<TaskId> found = new ArrayList<>();
        index.forEachAfter(position, id -> {
            found.add(id);
            return found.size() < limit;
        });
        return found;
    }
}
