package io.engagementlake.gold;

import static io.engagementlake.gold.GoldTableChecks.assertRatesWithinUnitInterval;
import static io.engagementlake.gold.GoldTableChecks.collectChecked;
import static io.engagementlake.gold.GoldTableChecks.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CohortRetentionTest {
    private static final LocalDate D = LocalDate.parse("2025-03-15");
    private static final LocalDate JAN = LocalDate.parse("2025-01-01");
    private static final LocalDate FEB = LocalDate.parse("2025-02-01");
    private static final LocalDate MAR = LocalDate.parse("2025-03-01");

    private static List<Row> rows;

    static Dataset<Row> customers() {
        return SparkTestSession.get().sql("""
                SELECT * FROM VALUES
                ('C1', 'B2C'), ('C2', 'B2C'), ('C3', 'B2B'), ('C4', 'B2B'), ('C5', 'B2C'), ('C6', 'B2B'), ('C7', 'B2C'), ('C8', 'B2C')
                AS customers(customer_id, segment)""");
    }

    static Dataset<Row> transactions() {
        return SparkTestSession.get().sql("""
                SELECT transaction_id, customer_id, CAST(ts AS TIMESTAMP) AS ts, type, CAST(net_amount AS DECIMAL(18,2)) AS net_amount
                FROM VALUES
                -- Jan cohort, B2C: C1 buys in Jan and Mar, not in Feb; C2 in Jan and Feb (with a refund).
                ('T1', 'C1', '2025-01-10 09:00:00', 'purchase', 100.00),
                ('T2', 'C1', '2025-03-05 09:00:00', 'purchase', 50.00),
                ('T3', 'C2', '2025-01-20 09:00:00', 'purchase', 40.00),
                ('T4', 'C2', '2025-02-03 09:00:00', 'purchase', 30.00),
                ('T5', 'C2', '2025-02-10 09:00:00', 'refund', -10.00),
                -- Jan cohort, B2B: nobody buys in Feb; C3 buys at the last instant of D, not at D+1 00:00.
                ('T6', 'C3', '2025-01-31 23:59:59', 'purchase', 200.00),
                ('T7', 'C3', '2025-03-15 23:59:59.999999', 'purchase', 20.00),
                ('T8', 'C3', '2025-03-16 00:00:00', 'purchase', 999.00),
                ('T9', 'C6', '2024-12-20 09:00:00', 'refund', -15.00),
                ('T10', 'C6', '2025-01-05 09:00:00', 'purchase', 80.00),
                -- Refund-only customer: no cohort.
                ('T11', 'C4', '2025-01-12 09:00:00', 'refund', -5.00),
                -- Feb cohort: month-0 revenue refunded to 0.
                ('T12', 'C5', '2025-02-14 09:00:00', 'purchase', 60.00),
                ('T13', 'C5', '2025-02-20 09:00:00', 'refund', -60.00),
                ('T14', 'C5', '2025-03-01 00:00:00', 'purchase', 25.00),
                -- Mar cohort (the month of D); C8's first purchase is after D.
                ('T15', 'C7', '2025-03-10 09:00:00', 'purchase', 10.00),
                ('T16', 'C8', '2025-03-16 00:00:00', 'purchase', 70.00)
                AS transactions(transaction_id, customer_id, ts, type, net_amount)""");
    }

    @BeforeAll
    static void build() {
        rows = collectChecked(CohortRetention.build(transactions(), customers(), D), "cohort_retention", D);
    }

    private static Row cohort(LocalDate cohortMonth, String segment, int period) {
        return row(rows, "cohort_month", cohortMonth, "segment", segment, "period", period);
    }

    @Test
    void onePeriodPerMonthFromTheCohortToTheMonthOfDIncludingMonthsWithoutActivity() {
        // Jan: 3 periods x (B2C, B2B, ALL); Feb: 2 x (B2C, ALL); Mar: 1 x (B2C, ALL). No B2B row for
        // Feb and Mar (no B2B customer), no cohort for the refund-only C4 or for C8 (first purchase after D).
        assertThat(rows).hasSize(9 + 4 + 2);
        assertThat(rows).extracting(row -> row.<LocalDate>getAs("period_month").toString())
                .doesNotContain("2025-04-01", "2024-12-01");
        assertThat(cohort(MAR, "B2C", 0).<Long>getAs("cohort_size")).isEqualTo(1L);
    }

    @Test
    void retentionAndChurnOfTheJanuaryB2cCohort() {
        // C1, C2. Jan: both buy (140.00). Feb: C2 only (30 - 10 = 20.00); C1 lost -> churn 1/2.
        // Mar: C1 comes back (50.00); C2 lost -> churn 1/1.
        Row january = cohort(JAN, "B2C", 0);
        assertThat(january.<Long>getAs("cohort_size")).isEqualTo(2L);
        assertThat(january.<Long>getAs("active_customers")).isEqualTo(2L);
        assertThat(january.<Double>getAs("retention_rate")).isEqualTo(1.0);
        assertThat(january.<Long>getAs("customers_lost")).isZero();
        assertThat(january.<Double>getAs("churn_rate")).isNull();
        assertThat(january.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("140.00");
        assertThat(january.<Double>getAs("revenue_retention")).isEqualTo(1.0);
        assertThat(january.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("70.00");
        assertThat(january.<Boolean>getAs("is_complete_period")).isTrue();

        Row february = cohort(JAN, "B2C", 1);
        assertThat(february.<LocalDate>getAs("period_month")).isEqualTo(FEB);
        assertThat(february.<Long>getAs("active_customers")).isEqualTo(1L);
        assertThat(february.<Double>getAs("retention_rate")).isEqualTo(0.5);
        assertThat(february.<Long>getAs("customers_lost")).isEqualTo(1L);
        assertThat(february.<Double>getAs("churn_rate")).isEqualTo(0.5);
        assertThat(february.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("20.00");
        assertThat(february.<Double>getAs("revenue_retention")).isCloseTo(20.0 / 140.0, within(1e-12));
        assertThat(february.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("80.00");

        Row march = cohort(JAN, "B2C", 2);
        assertThat(march.<Long>getAs("active_customers")).isEqualTo(1L);
        assertThat(march.<Long>getAs("customers_lost")).isEqualTo(1L);
        assertThat(march.<Double>getAs("churn_rate")).isEqualTo(1.0);
        assertThat(march.<Double>getAs("revenue_retention")).isCloseTo(50.0 / 140.0, within(1e-12));
        assertThat(march.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("105.00");
        // D = 15 March: the month of D is not complete yet.
        assertThat(march.<Boolean>getAs("is_complete_period")).isFalse();
    }

    @Test
    void aMonthWithoutActivityLosesEveryoneAndLeavesNoChurnRateForTheNextMonth() {
        // B2B Jan cohort C3, C6: 200 + 80 = 280.00 (C6's December refund precedes the cohort).
        Row january = cohort(JAN, "B2B", 0);
        assertThat(january.<Long>getAs("cohort_size")).isEqualTo(2L);
        assertThat(january.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("280.00");
        // Feb: nobody buys: both lost, churn 2/2, revenue 0.
        Row february = cohort(JAN, "B2B", 1);
        assertThat(february.<Long>getAs("active_customers")).isZero();
        assertThat(february.<Double>getAs("retention_rate")).isZero();
        assertThat(february.<Long>getAs("customers_lost")).isEqualTo(2L);
        assertThat(february.<Double>getAs("churn_rate")).isEqualTo(1.0);
        assertThat(february.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("0.00");
        assertThat(february.<Double>getAs("revenue_retention")).isZero();
        assertThat(february.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("140.00");
        // Mar: C3 buys at 23:59:59.999999 on D (20.00; the 999.00 at D+1 00:00 is out). Nobody was
        // active in Feb: nobody lost, churn rate null.
        Row march = cohort(JAN, "B2B", 2);
        assertThat(march.<Long>getAs("active_customers")).isEqualTo(1L);
        assertThat(march.<Long>getAs("customers_lost")).isZero();
        assertThat(march.<Double>getAs("churn_rate")).isNull();
        assertThat(march.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("20.00");
        assertThat(march.<Double>getAs("revenue_retention")).isCloseTo(20.0 / 280.0, within(1e-12));
        // (280 + 0 + 20) / 2
        assertThat(march.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("150.00");
    }

    @Test
    void allIsBothSegmentsTogether() {
        // C1, C2, C3, C6. Feb: C2 active; C1, C3, C6 lost (3/4). Mar: C1, C3 active; C2 lost (1/1).
        Row february = cohort(JAN, "ALL", 1);
        assertThat(february.<Long>getAs("cohort_size")).isEqualTo(4L);
        assertThat(february.<Long>getAs("customers_lost")).isEqualTo(3L);
        assertThat(february.<Double>getAs("churn_rate")).isEqualTo(0.75);
        assertThat(february.<Double>getAs("revenue_retention")).isCloseTo(20.0 / 420.0, within(1e-12));
        Row march = cohort(JAN, "ALL", 2);
        assertThat(march.<Long>getAs("active_customers")).isEqualTo(2L);
        assertThat(march.<Long>getAs("customers_lost")).isEqualTo(1L);
        assertThat(march.<Double>getAs("churn_rate")).isEqualTo(1.0);
        assertThat(march.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("70.00");
        // (420 + 20 + 70) / 4 = 127.50
        assertThat(march.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("127.50");

        // Every count and amount of ALL is the sum of B2B and B2C.
        Map<List<Object>, List<Row>> byCohortPeriod = rows.stream()
                .collect(Collectors.groupingBy(row -> List.of(row.getAs("cohort_month"), row.getAs("period"))));
        assertThat(byCohortPeriod).hasSize(6);
        byCohortPeriod.forEach((key, group) -> {
            Row all = group.stream().filter(row -> row.getAs("segment").equals("ALL")).findFirst().orElseThrow();
            List<Row> segments = group.stream().filter(row -> !row.getAs("segment").equals("ALL")).toList();
            assertThat(segments).extracting(row -> row.<String>getAs("segment")).isSubsetOf("B2B", "B2C");
            for (String count : List.of("cohort_size", "active_customers", "customers_lost")) {
                assertThat(segments.stream().mapToLong(row -> row.<Long>getAs(count)).sum()).as("%s %s", count, key)
                        .isEqualTo(all.<Long>getAs(count));
            }
            assertThat(segments.stream().map(row -> row.<BigDecimal>getAs("net_revenue")).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("net_revenue %s", key).isEqualByComparingTo(all.<BigDecimal>getAs("net_revenue"));
        });
    }

    @Test
    void revenueRetentionIsNullWhenTheCohortMonthRevenueIsZero() {
        // C5: 60.00 bought and refunded in Feb (0.00), 25.00 on 1 March 00:00.
        Row february = cohort(FEB, "B2C", 0);
        assertThat(february.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("0.00");
        assertThat(february.<Double>getAs("revenue_retention")).isNull();
        assertThat(february.<Boolean>getAs("is_complete_period")).isTrue();
        Row march = cohort(FEB, "ALL", 1);
        assertThat(march.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("25.00");
        assertThat(march.<Double>getAs("revenue_retention")).isNull();
        assertThat(march.<Long>getAs("customers_lost")).isZero();
        assertThat(march.<Double>getAs("churn_rate")).isZero();
        assertThat(march.<BigDecimal>getAs("cumulative_revenue_per_customer")).isEqualByComparingTo("25.00");
    }

    @Test
    void ratesStayWithinZeroAndOneAndActiveNeverExceedsTheCohort() {
        assertRatesWithinUnitInterval(rows, "retention_rate", "churn_rate");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.<Long>getAs("active_customers")).isLessThanOrEqualTo(row.<Long>getAs("cohort_size"));
            assertThat(row.<Integer>getAs("period") == 0 ? row.<Long>getAs("active_customers") : row.<Long>getAs("cohort_size"))
                    .isEqualTo(row.<Long>getAs("cohort_size"));
        });
    }

    @Test
    void theMonthOfDIsCompleteWhenDIsItsLastDay() {
        LocalDate endOfMarch = LocalDate.parse("2025-03-31");
        List<Row> atEndOfMonth = collectChecked(CohortRetention.build(transactions(), customers(), endOfMarch), "cohort_retention", endOfMarch);

        assertThat(atEndOfMonth).allSatisfy(row -> assertThat(row.<Boolean>getAs("is_complete_period")).isTrue());
        // C8 (16 March) now starts the March cohort with C7; T8 (999.00) counts for C3.
        assertThat(row(atEndOfMonth, "cohort_month", MAR, "segment", "B2C", "period", 0).<Long>getAs("cohort_size")).isEqualTo(2L);
        assertThat(row(atEndOfMonth, "cohort_month", JAN, "segment", "B2B", "period", 2).<BigDecimal>getAs("net_revenue"))
                .isEqualByComparingTo("1019.00");
    }
}
