package dev.taskmill.adapter.rest.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The contract's time format, written directly, is the pattern's to the character. */
class WireTimeTest {

    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesMillisecondsInUtcWithZ() {
        assertThat(WireTime.format(Instant.parse("2012-05-13T23:00:02Z"))).isEqualTo("2012-05-13T23:00:02.000Z");
        assertThat(WireTime.format(Instant.parse("2024-02-29T07:08:09.123999999Z")))
                .as("truncated, not rounded").isEqualTo("2024-02-29T07:08:09.123Z");
        assertThat(WireTime.format(null)).isNull();
    }

    @Test
    void agreesWithThePatternFromYearZeroToPastYear9999() {
        Instant[] edges = {Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.ofEpochSecond(-1, 1)};
        for (Instant instant : edges) {
            assertThat(WireTime.format(instant)).as(instant.toString()).isEqualTo(PATTERN.format(instant));
        }
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            assertThat(WireTime.format(instant)).isEqualTo(PATTERN.format(instant));
        }
    }
}
