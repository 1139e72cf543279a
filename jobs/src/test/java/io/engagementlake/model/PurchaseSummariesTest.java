package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Purchase summaries at D = 2025-06-30 with the holdout calibration end D − 90 days =
 * 2025-04-01; day counts below are worked out on the calendar.
 */
class PurchaseSummariesTest {
    private static final LocalDate D = LocalDate.parse("2025-06-30");
    private static final LocalDate HOLDOUT_CALIBRATION_END = LocalDate.parse("2025-04-01");

    private static Map<String, Row> summaries;

    @BeforeAll
    static void summarize() {
        Dataset<Row> transactions = transactions("""
                ('A', '2025-01-10 10:00:00', 'purchase', 20.00),
                ('A', '2025-01-10 18:00:00', 'purchase', 5.00),
                ('A', '2025-02-01 10:00:00', 'refund', 100.00),
                ('A', '2025-03-01 10:00:00', 'purchase', 30.00),
                ('A', '2025-05-01 10:00:00', 'purchase', 40.00),
                ('A', '2025-06-30 23:59:59.999999', 'purchase', 10.00),
                ('A', '2025-07-01 00:00:00', 'purchase', 999.00),
                ('B', '2025-06-15 12:00:00', 'purchase', 12.50),
                ('C', '2025-03-01 12:00:00', 'refund', 12.50),
                ('E', '2025-04-01 23:00:00', 'purchase', 3.00),
                ('E', '2025-04-02 00:00:00', 'purchase', 7.00)""");
        summaries = PurchaseSummaries.summarize(transactions, D, HOLDOUT_CALIBRATION_END).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<String>getAs("customer_id"), row -> row));
    }

    static Dataset<Row> transactions(String values) {
        return SparkTestSession.get().sql("SELECT customer_id, CAST(ts AS TIMESTAMP) AS ts, type, "
                + "CAST(amount AS DECIMAL(18,2)) AS amount_reporting FROM VALUES " + values
                + " AS transactions(customer_id, ts, type, amount)");
    }

    @Test
    void oneRowPerCustomerWithAPurchaseUpToD() {
        // C only has a refund.
        assertThat(summaries).containsOnlyKeys("A", "B", "E");
    }

    @Test
    void sameDayPurchasesMergeAndRefundsAndPurchasesAfterDAreLeftOut() {
        Row a = summaries.get("A");
        // Purchase days 01-10 (20 + 5), 03-01, 05-01, 06-30 (a microsecond before D + 1 day).
        assertThat(a.<LocalDate>getAs("first_purchase_date")).isEqualTo(LocalDate.parse("2025-01-10"));
        assertThat(a.<Integer>getAs("frequency")).isEqualTo(3);
        // 2025-01-10 → 2025-06-30: 21 + 28 + 31 + 30 + 31 + 30 = 171 days.
        assertThat(a.<Double>getAs("recency")).isEqualTo(171.0);
        assertThat(a.<Double>getAs("age")).isEqualTo(171.0);
        // Repeat days only (the first day's 25.00 left out): (30 + 40 + 10) / 3.
        assertThat(a.<Double>getAs("mean_repeat_spend")).isCloseTo(80.0 / 3, within(1e-12));
    }

    @Test
    void aSinglePurchaseDayHasFrequencyZeroAndNoRepeatSpend() {
        Row b = summaries.get("B");
        assertThat(b.<Integer>getAs("frequency")).isZero();
        assertThat(b.<Double>getAs("recency")).isZero();
        assertThat(b.<Double>getAs("age")).isEqualTo(15.0);
        assertThat(b.<Double>getAs("mean_repeat_spend")).isZero();
    }

    @Test
    void holdoutColumnsDescribeTheCalibrationAtDMinusHAndCountTheLaterPurchaseDays() {
        Row a = summaries.get("A");
        // Up to 2025-04-01: days 01-10 and 03-01 → x 1, t_x 50 (21 + 28 + 1), T 81 (21 + 28 + 31 + 1).
        assertThat(a.<Integer>getAs("holdout_frequency")).isEqualTo(1);
        assertThat(a.<Double>getAs("holdout_recency")).isEqualTo(50.0);
        assertThat(a.<Double>getAs("holdout_age")).isEqualTo(81.0);
        assertThat(a.<Long>getAs("holdout_actual")).isEqualTo(2L);
        // B's first purchase is after D − H: not part of the holdout check.
        Row b = summaries.get("B");
        assertThat(b.isNullAt(b.fieldIndex("holdout_frequency"))).isTrue();
        assertThat(b.isNullAt(b.fieldIndex("holdout_age"))).isTrue();
        assertThat(b.isNullAt(b.fieldIndex("holdout_actual"))).isTrue();
    }

    @Test
    void theCalibrationEndDayBelongsToTheCalibration() {
        Row e = summaries.get("E");
        // 2025-04-01 23:00 is on D − H (calibration), 2025-04-02 00:00 is the first holdout instant.
        assertThat(e.<Integer>getAs("holdout_frequency")).isZero();
        assertThat(e.<Double>getAs("holdout_age")).isZero();
        assertThat(e.<Long>getAs("holdout_actual")).isEqualTo(1L);
        assertThat(e.<Integer>getAs("frequency")).isEqualTo(1);
        assertThat(e.<Double>getAs("recency")).isEqualTo(1.0);
        assertThat(e.<Double>getAs("age")).isEqualTo(90.0);
        assertThat(e.<Double>getAs("mean_repeat_spend")).isEqualTo(7.0);
    }

    @Test
    void rejectsAHoldoutCalibrationEndNotBeforeD() {
        assertThatThrownBy(() -> PurchaseSummaries.summarize(transactions("('A', '2025-01-10 10:00:00', 'purchase', 1.00)"), D, D))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holdout calibration end 2025-06-30 must be before the as-of date 2025-06-30");
    }

    @Test
    void rejectsInputWithoutTheColumnsItNeeds() {
        assertThatThrownBy(() -> PurchaseSummaries.summarize(
                transactions("('A', '2025-01-10 10:00:00', 'purchase', 1.00)").drop("type"), D, HOLDOUT_CALIBRATION_END))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("missing columns [type]");
    }
}
