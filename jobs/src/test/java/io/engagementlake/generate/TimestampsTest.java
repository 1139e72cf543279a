package io.engagementlake.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void writesUtcWithZAndOtherOffsetsAsLocalTime() {
        long instant = Instant.parse("2025-03-01T08:00:00Z").toEpochMilli();

        assertThat(Timestamps.withOffset(instant, 0)).isEqualTo("2025-03-01T08:00:00Z");
        assertThat(Timestamps.withOffset(instant, 2 * 3600)).isEqualTo("2025-03-01T10:00:00+02:00");
        assertThat(Timestamps.withOffset(instant, -5 * 3600)).isEqualTo("2025-03-01T03:00:00-05:00");
        assertThat(Timestamps.withOffset(instant, 5 * 3600 + 1800)).isEqualTo("2025-03-01T13:30:00+05:30");
    }

    @Test
    void writesMillisecondsOnlyWhenThereAreAny() {
        long instant = Instant.parse("2025-12-31T23:59:59.007Z").toEpochMilli();

        assertThat(Timestamps.withOffset(instant, 3600)).isEqualTo("2026-01-01T00:59:59.007+01:00");
        assertThat(Timestamps.withOffset(instant - 7, 0)).isEqualTo("2025-12-31T23:59:59Z");
    }

    @Test
    void agreesWithJavaTimeAcrossYearsAndOffsets() {
        for (long millis = -86_400_000L * 30; millis < 86_400_000L * 366 * 60; millis += 7_777_777_777L / 7) {
            for (int offset : new int[] {0, 3600, -18_000, 19_800, 50_400, -43_200}) {
                String text = Timestamps.withOffset(millis, offset);
                assertThat(OffsetDateTime.parse(text).toInstant().toEpochMilli()).as(text).isEqualTo(millis);
                assertThat(OffsetDateTime.parse(text).getOffset()).isEqualTo(ZoneOffset.ofTotalSeconds(offset));
            }
        }
    }

    @Test
    void formatsAmountsWithTwoDecimals() {
        assertThat(CustomerActivity.amountText(5)).isEqualTo("0.05");
        assertThat(CustomerActivity.amountText(50)).isEqualTo("0.50");
        assertThat(CustomerActivity.amountText(123_456)).isEqualTo("1234.56");
        assertThat(CustomerActivity.amountText(100)).isEqualTo("1.00");
    }
}
