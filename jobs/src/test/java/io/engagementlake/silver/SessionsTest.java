package io.engagementlake.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.SparkTestSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static Dataset<Row> events(String values) {
        return SparkTestSession.get().sql("SELECT event_id, visitor_key, customer_key, CAST(ts AS TIMESTAMP) AS ts, event_type, device FROM VALUES "
                + values + " AS events(event_id, visitor_key, customer_key, ts, event_type, device)");
    }

    @Test
    void aGapOfExactlyTheTimeoutStaysInTheSessionOneSecondMoreStartsANewOne() {
        Dataset<Row> events = events("""
                ('E1', 'C1', 'C1', '2025-01-02 10:00:00', 'page_view', 'mobile'),
                ('E2', 'C1', 'C1', '2025-01-02 10:30:00', 'page_view', 'desktop'),
                ('E3', 'C1', 'C1', '2025-01-02 11:00:01', 'product_view', 'desktop'),
                ('E4', 'C1', 'C1', '2025-01-02 11:10:00', 'page_view', 'desktop')""");

        Map<String, String> sessionOfEvent = Sessions.sessionize(events, 30).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getAs("event_id"), row -> row.getAs("session_id")));

        assertThat(sessionOfEvent.get("E1")).isEqualTo(sessionOfEvent.get("E2"));
        assertThat(sessionOfEvent.get("E3")).isEqualTo(sessionOfEvent.get("E4")).isNotEqualTo(sessionOfEvent.get("E1"));
    }

    @Test
    void aggregatesSessionsByTheDateAndDeviceOfTheirFirstEvent() {
        // A session across midnight belongs to the date it started; ties in ts order by event_id.
        Dataset<Row> events = events("""
                ('E2', 'C1', 'C1', '2025-01-01 23:50:00', 'page_view', 'tablet'),
                ('E1', 'C1', 'C1', '2025-01-01 23:50:00', 'page_view', 'mobile'),
                ('E3', 'C1', 'C1', '2025-01-02 00:15:30', 'checkout', 'mobile'),
                ('E4', 'anon-9', NULL, '2025-01-02 08:00:00', 'page_view', 'desktop')""");

        List<Row> sessions = Sessions.fromEvents(Sessions.sessionize(events, 30)).orderBy("session_start").collectAsList();

        assertThat(sessions).hasSize(2);
        Row first = sessions.get(0);
        assertThat(first.<String>getAs("visitor_key")).isEqualTo("C1");
        assertThat(first.<String>getAs("customer_key")).isEqualTo("C1");
        assertThat(first.<LocalDate>getAs("session_date")).isEqualTo(LocalDate.parse("2025-01-01"));
        assertThat(first.<Instant>getAs("session_end")).isEqualTo(Instant.parse("2025-01-02T00:15:30Z"));
        assertThat(first.<Double>getAs("duration_seconds")).isEqualTo(25 * 60 + 30.0);
        assertThat(first.<Long>getAs("event_count")).isEqualTo(3L);
        assertThat(first.<Long>getAs("page_views")).isEqualTo(2L);
        assertThat(first.<String>getAs("device")).isEqualTo("mobile");
        Row anonymous = sessions.get(1);
        assertThat(anonymous.<String>getAs("customer_key")).isNull();
        assertThat(anonymous.<String>getAs("visitor_key")).isEqualTo("anon-9");
        assertThat(anonymous.<Double>getAs("duration_seconds")).isZero();
    }

    @Test
    void sessionIdsAreStableAcrossRuns() {
        Dataset<Row> events = events("('E1', 'C1', 'C1', '2025-01-02 10:00:00', 'page_view', 'mobile')");

        String first = Sessions.sessionize(events, 30).first().getAs("session_id");
        String second = Sessions.sessionize(events, 30).first().getAs("session_id");

        assertThat(first).isEqualTo(second).hasSize(64);
    }
}
