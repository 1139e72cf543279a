package io.engagementlake.silver;

import static io.engagementlake.silver.TransactionsTest.byId;
import static io.engagementlake.silver.TransactionsTest.reasonsById;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.engagementlake.BronzeRows;
import io.engagementlake.SparkTestSession;
import io.engagementlake.bronze.Source;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class EventsTest {
    /** C1 and C2 consent to tracking, C3 does not. */
    private static Dataset<Row> customers() {
        return SparkTestSession.get().sql(
                "SELECT * FROM VALUES ('C1', true), ('C2', true), ('C3', false) AS customers(customer_id, consent_tracking)");
    }

    private static BronzeRows event(BronzeRows rows, String eventId, String anonymousId, String customerId, String ts, String type) {
        return rows.row("2025-01-02", "a.jsonl", eventId, anonymousId, customerId, ts, type, "https://shop/p", null, "mobile");
    }

    /**
     * Each shuffle moves every landed event with all its columns, the largest cost of the
     * job: one by event_id to find copies, one by anonymous_id to stitch. The few customers
     * who refused tracking are broadcast to the events, not the events shuffled to them.
     */
    @Test
    void classifyingShufflesTheEventsOncePerKey() {
        BronzeRows rows = BronzeRows.of(Source.CLICKSTREAM);
        event(rows, "E1", "anon-1", "C1", "2025-01-02T10:00:00Z", "login");

        String plan = Events.classify(rows.toDataset(), customers()).queryExecution().executedPlan().toString();

        assertThat(plan.split("Exchange hashpartitioning", -1)).as(plan).hasSize(3);
        assertThat(plan).contains("BroadcastHashJoin");
    }

    @Test
    void stitchesEventsBeforeAndAfterLoginToTheCustomer() {
        BronzeRows rows = BronzeRows.of(Source.CLICKSTREAM);
        event(rows, "E1", "anon-1", null, "2025-01-02T10:00:00Z", "page_view");
        event(rows, "E2", "anon-1", "C1", "2025-01-02T10:05:00Z", "login");
        event(rows, "E3", "anon-1", null, "2025-01-02T10:10:00Z", "product_view");
        // Never logged in: stays anonymous.
        event(rows, "E4", "anon-2", null, "2025-01-02T10:00:00Z", "page_view");

        Map<String, Row> events = byId(Events.toSilver(Events.classify(rows.toDataset(), customers())), "event_id");

        assertThat(events.get("E1").<String>getAs("customer_key")).isEqualTo("C1");
        assertThat(events.get("E1").<String>getAs("customer_id")).isNull();
        assertThat(events.get("E2").<String>getAs("customer_key")).isEqualTo("C1");
        assertThat(events.get("E3").<String>getAs("customer_key")).isEqualTo("C1");
        assertThat(events.get("E3").<String>getAs("visitor_key")).isEqualTo("C1");
        assertThat(events.get("E4").<String>getAs("customer_key")).isNull();
        assertThat(events.get("E4").<String>getAs("visitor_key")).isEqualTo("anon-2");
    }

    @Test
    void anAnonymousIdUsedByTwoCustomersBelongsToTheLatestLogin() {
        BronzeRows rows = BronzeRows.of(Source.CLICKSTREAM);
        event(rows, "E1", "anon-1", "C1", "2025-01-02T09:00:00Z", "login");
        event(rows, "E2", "anon-1", null, "2025-01-02T09:30:00Z", "page_view");
        event(rows, "E3", "anon-1", "C2", "2025-01-02T11:00:00Z", "login");
        // Same ts as E3: the tie goes to the larger event_id, E4 (C1).
        event(rows, "E4", "anon-1", "C1", "2025-01-02T11:00:00Z", "page_view");
        // An invalid event with a later login does not count.
        event(rows, "E5", "anon-1", "C2", "2025-01-02T12:00:00Z", "hover");

        Map<String, Row> events = byId(Events.toSilver(Events.classify(rows.toDataset(), customers())), "event_id");

        assertThat(events).containsOnlyKeys("E1", "E2", "E3", "E4");
        assertThat(events.values()).extracting(row -> row.<String>getAs("customer_key")).containsOnly("C1");
        // The landed customer_id is kept as it was.
        assertThat(events.get("E3").<String>getAs("customer_id")).isEqualTo("C2");
    }

    @Test
    void excludesEventsOfCustomersWithoutTrackingConsentIncludingStitchedAnonymousOnes() {
        BronzeRows rows = BronzeRows.of(Source.CLICKSTREAM);
        event(rows, "E1", "anon-3", null, "2025-01-02T10:00:00Z", "page_view");
        event(rows, "E2", "anon-3", "C3", "2025-01-02T10:05:00Z", "login");
        event(rows, "E3", "anon-1", "C1", "2025-01-02T10:05:00Z", "login");
        // A customer not landed yet: nobody refused, so the event stays.
        event(rows, "E4", "anon-4", "C4", "2025-01-02T10:05:00Z", "login");
        event(rows, "E5", "anon-1", "C1", "2025-01-02T10:06:00Z", "jump");
        event(rows, "E6", "anon-1", "C1", "2025-01-02T10:06:00", "page_view");
        event(rows, "E3", "anon-1", "C1", "2025-01-02T10:05:00Z", "login");

        Dataset<Row> classified = Events.classify(rows.toDataset(), customers());

        assertThat(TransactionsTest.countByReason(classified)).containsOnly(
                entry("kept", 2L),
                entry("excluded_no_consent", 2L),
                entry("unknown_event_type", 1L),
                entry("bad_timestamp", 1L),
                entry("duplicate", 1L));
        assertThat(byId(Events.toSilver(classified), "event_id")).containsOnlyKeys("E3", "E4");
    }

    @Test
    void readsTheSameReasonsFromJsonRows() {
        BronzeRows rows = BronzeRows.of(Source.CLICKSTREAM);
        event(rows, "E1", "anon-1", null, "2025-01-02T10:00:00Z", "page_view");
        rows.malformed("2025-01-02", "a.jsonl", "{\"event_id\": \"E2\", \"ts\": ");
        event(rows, "E3", "", null, "2025-01-02T10:00:00Z", "page_view");
        event(rows, "E4", "anon-1", null, "2025-01-05T10:00:00Z", "page_view");

        assertThat(reasonsById(Events.classify(rows.toDataset(), customers()), "event_id")).containsOnly(
                entry("E1", "kept"),
                entry("{\"event_id\": \"E2\", \"ts\": ", "malformed"),
                entry("E3", "missing_field"),
                entry("E4", "timestamp_in_future"));
    }
}
