package io.engagementlake.gold;

import static io.engagementlake.gold.GoldTableChecks.assertRatesWithinUnitInterval;
import static io.engagementlake.gold.GoldTableChecks.collectChecked;
import static io.engagementlake.gold.GoldTableChecks.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import io.engagementlake.silver.Sessions;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JourneyFunnelTest {
    private static final LocalDate D = LocalDate.parse("2025-02-10");
    private static final LocalDate JAN = LocalDate.parse("2025-01-01");
    private static final LocalDate FEB = LocalDate.parse("2025-02-01");
    private static final List<String> COUNTS = List.of(
            "sessions", "product_view_sessions", "add_to_cart_sessions", "checkout_sessions", "order_completed_sessions");

    private static List<Row> rows;

    @BeforeAll
    static void build() {
        // One visitor per session (apart from V1); silver sessions are cut from these events as silver does.
        Dataset<Row> events = Sessions.sessionize(SparkTestSession.get().sql("""
                SELECT event_id, visitor_key, visitor_key AS customer_key, CAST(ts AS TIMESTAMP) AS ts, event_type, device FROM VALUES
                -- S1: the whole path; the device is the first event's (mobile), not the later desktop.
                ('E10', 'V1', '2025-01-05 10:00:00', 'product_view', 'mobile'),
                ('E11', 'V1', '2025-01-05 10:01:00', 'add_to_cart', 'desktop'),
                ('E12', 'V1', '2025-01-05 10:02:00', 'checkout', 'desktop'),
                ('E13', 'V1', '2025-01-05 10:03:00', 'order_completed', 'desktop'),
                -- S2: add_to_cart before the product_view: stops at product_view.
                ('E20', 'V2', '2025-01-06 10:00:00', 'add_to_cart', 'desktop'),
                ('E21', 'V2', '2025-01-06 10:01:00', 'product_view', 'desktop'),
                ('E22', 'V2', '2025-01-06 10:02:00', 'checkout', 'desktop'),
                ('E23', 'V2', '2025-01-06 10:03:00', 'order_completed', 'desktop'),
                -- S3: checkout without add_to_cart: stops at product_view.
                ('E30', 'V3', '2025-01-07 10:00:00', 'product_view', 'desktop'),
                ('E31', 'V3', '2025-01-07 10:01:00', 'checkout', 'desktop'),
                ('E32', 'V3', '2025-01-07 10:02:00', 'order_completed', 'desktop'),
                -- S4: one instant, ordered by event_id: view, cart, checkout; the order (E39) comes first: not counted.
                ('E39', 'V4', '2025-01-08 10:00:00', 'order_completed', 'desktop'),
                ('E40', 'V4', '2025-01-08 10:00:00', 'product_view', 'desktop'),
                ('E41', 'V4', '2025-01-08 10:00:00', 'add_to_cart', 'desktop'),
                ('E42', 'V4', '2025-01-08 10:00:00', 'checkout', 'desktop'),
                -- S5: no funnel event.
                ('E50', 'V5', '2025-01-09 10:00:00', 'page_view', 'tablet'),
                -- S6: view, checkout, cart, checkout: the second checkout follows the cart: reaches checkout.
                ('E60', 'V6', '2025-01-10 10:00:00', 'product_view', 'mobile'),
                ('E61', 'V6', '2025-01-10 10:01:00', 'checkout', 'mobile'),
                ('E62', 'V6', '2025-01-10 10:02:00', 'add_to_cart', 'mobile'),
                ('E63', 'V6', '2025-01-10 10:03:00', 'checkout', 'mobile'),
                -- S7: starts on D without a device and runs past midnight: its cart counts.
                ('E70', 'V7', '2025-02-10 23:50:00', 'product_view', NULL),
                ('E71', 'V7', '2025-02-11 00:10:00', 'add_to_cart', 'mobile'),
                -- S8: starts after D: not counted.
                ('E80', 'V8', '2025-02-11 00:30:00', 'product_view', 'mobile'),
                -- S9: V1 again in February.
                ('E90', 'V1', '2025-02-01 10:00:00', 'product_view', 'mobile'),
                ('E91', 'V1', '2025-02-01 10:05:00', 'add_to_cart', 'mobile')
                AS events(event_id, visitor_key, ts, event_type, device)"""), 30);
        rows = collectChecked(JourneyFunnel.build(events, Sessions.fromEvents(events), D), "journey_funnel", D);
    }

    private static Row group(LocalDate month, String device) {
        return row(rows, "session_month", month, "device", device);
    }

    private static List<Long> counts(Row row) {
        return COUNTS.stream().map(column -> row.<Long>getAs(column)).toList();
    }

    @Test
    void countsTheSessionsThatReachEachStepInOrder() {
        // mobile: S1 (all four), S6 (up to checkout).
        assertThat(counts(group(JAN, "mobile"))).containsExactly(2L, 2L, 2L, 2L, 1L);
        // desktop: S2 and S3 (product_view only), S4 (up to checkout).
        assertThat(counts(group(JAN, "desktop"))).containsExactly(3L, 3L, 1L, 1L, 0L);
        // tablet: S5, no step.
        assertThat(counts(group(JAN, "tablet"))).containsExactly(1L, 0L, 0L, 0L, 0L);
        assertThat(counts(group(JAN, "ALL"))).containsExactly(6L, 5L, 3L, 3L, 1L);
        // February: S9 (mobile) and S7 (no device); S8 is after D.
        assertThat(counts(group(FEB, "mobile"))).containsExactly(1L, 1L, 1L, 0L, 0L);
        assertThat(counts(group(FEB, "unknown"))).containsExactly(1L, 1L, 1L, 0L, 0L);
        assertThat(counts(group(FEB, "ALL"))).containsExactly(2L, 2L, 2L, 0L, 0L);
        assertThat(rows).hasSize(7);
    }

    @Test
    void conversionFromProductViewAndDropOffFromThePreviousStep() {
        // ALL, January: 5 viewed, 3 carted, 3 checked out, 1 ordered.
        Row all = group(JAN, "ALL");
        assertThat(all.<Double>getAs("add_to_cart_conversion_rate")).isCloseTo(0.6, within(1e-12));
        assertThat(all.<Double>getAs("checkout_conversion_rate")).isCloseTo(0.6, within(1e-12));
        assertThat(all.<Double>getAs("order_completed_conversion_rate")).isCloseTo(0.2, within(1e-12));
        assertThat(all.<Double>getAs("add_to_cart_drop_off_rate")).isCloseTo(0.4, within(1e-12));
        assertThat(all.<Double>getAs("checkout_drop_off_rate")).isZero();
        assertThat(all.<Double>getAs("order_completed_drop_off_rate")).isCloseTo(2.0 / 3, within(1e-12));
        // Desktop: 3 viewed, 1 carted: 1/3 conversion, 2/3 drop-off; nobody ordered after checkout.
        Row desktop = group(JAN, "desktop");
        assertThat(desktop.<Double>getAs("add_to_cart_conversion_rate")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(desktop.<Double>getAs("add_to_cart_drop_off_rate")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(desktop.<Double>getAs("order_completed_drop_off_rate")).isEqualTo(1.0);
        // Tablet: no product view: every rate null.
        Row tablet = group(JAN, "tablet");
        for (String rate : List.of("add_to_cart_conversion_rate", "checkout_conversion_rate", "order_completed_conversion_rate",
                "add_to_cart_drop_off_rate", "checkout_drop_off_rate", "order_completed_drop_off_rate")) {
            assertThat(tablet.<Double>getAs(rate)).as(rate).isNull();
        }
        // Feb mobile: carted, no checkout: checkout drop-off 1; no checkout to drop off from: null.
        Row february = group(FEB, "mobile");
        assertThat(february.<Double>getAs("checkout_drop_off_rate")).isEqualTo(1.0);
        assertThat(february.<Double>getAs("order_completed_drop_off_rate")).isNull();
    }

    @Test
    void devicesAddUpToAllAndStepsNeverGrow() {
        assertRatesWithinUnitInterval(rows, "add_to_cart_conversion_rate", "checkout_conversion_rate", "order_completed_conversion_rate",
                "add_to_cart_drop_off_rate", "checkout_drop_off_rate", "order_completed_drop_off_rate");
        assertThat(rows).allSatisfy(row -> assertThat(counts(row)).isSortedAccordingTo((a, b) -> Long.compare(b, a)));
        Map<LocalDate, List<Row>> byMonth = rows.stream().collect(Collectors.groupingBy(row -> row.getAs("session_month")));
        byMonth.forEach((month, group) -> {
            Row all = group.stream().filter(row -> row.getAs("device").equals("ALL")).findFirst().orElseThrow();
            for (String count : COUNTS) {
                long devices = group.stream().filter(row -> !row.getAs("device").equals("ALL")).mapToLong(row -> row.<Long>getAs(count)).sum();
                assertThat(devices).as("%s %s", count, month).isEqualTo(all.<Long>getAs(count));
            }
        });
    }
}
