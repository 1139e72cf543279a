package io.engagementlake.gold;

import static io.engagementlake.gold.GoldTableChecks.assertRatesWithinUnitInterval;
import static io.engagementlake.gold.GoldTableChecks.collectChecked;
import static io.engagementlake.gold.GoldTableChecks.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import io.engagementlake.config.EngagementConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CxImpactTest {
    // A 30-day horizon keeps the dates readable: matured means ts + 30 days < 2025-04-01 00:00,
    // i.e. ts < 2025-03-02 00:00.
    private static final EngagementConfig.Impact HORIZON = new EngagementConfig.Impact(30);
    private static final LocalDate D = LocalDate.parse("2025-03-31");

    private static List<Row> rows;

    static Dataset<Row> customers() {
        return SparkTestSession.get().sql("""
                SELECT customer_id, segment, CAST(signup_ts AS TIMESTAMP) AS signup_ts, referred_by FROM VALUES
                ('C1', 'B2C', '2024-01-01 00:00:00', NULL),
                ('C2', 'B2C', '2024-01-01 00:00:00', NULL),
                ('C3', 'B2B', '2024-01-01 00:00:00', NULL),
                ('C4', 'B2B', '2024-01-01 00:00:00', NULL),
                ('C8', 'B2C', '2024-01-01 00:00:00', NULL),
                -- Referred by C1 inside R1's horizon, and exactly at R1's ts (not after it).
                ('C5', 'B2C', '2025-01-20 00:00:00', 'C1'),
                ('C6', 'B2C', '2025-01-10 10:00:00', 'C1'),
                -- Referred by C3 inside R4's horizon.
                ('C7', 'B2B', '2025-03-10 00:00:00', 'C3')
                AS customers(customer_id, segment, signup_ts, referred_by)""");
    }

    static Dataset<Row> transactions() {
        return SparkTestSession.get().sql("""
                SELECT transaction_id, customer_id, CAST(ts AS TIMESTAMP) AS ts, type, CAST(net_amount AS DECIMAL(18,2)) AS net_amount
                FROM VALUES
                ('T1', 'C1', '2025-01-10 10:00:00', 'purchase', 500.00),
                ('T2', 'C1', '2025-01-15 00:00:00', 'purchase', 100.00),
                ('T3', 'C1', '2025-01-20 00:00:00', 'refund', -30.00),
                ('T4', 'C1', '2025-02-09 10:00:00', 'purchase', 50.00),
                ('T5', 'C1', '2025-02-09 10:00:01', 'purchase', 9.00),
                ('T6', 'C2', '2025-02-05 00:00:00', 'purchase', 20.00),
                ('T7', 'C2', '2025-02-06 00:00:00', 'refund', -20.00),
                ('T8', 'C3', '2025-01-06 00:00:00', 'purchase', 40.00),
                ('T9', 'C3', '2025-03-20 00:00:00', 'purchase', 60.00),
                ('T10', 'C4', '2025-02-15 00:00:00', 'purchase', 30.00)
                AS transactions(transaction_id, customer_id, ts, type, net_amount)""");
    }

    static Dataset<Row> responses(String values) {
        return SparkTestSession.get().sql("""
                SELECT response_id, customer_id, CAST(ts AS TIMESTAMP) AS ts, survey_type, CAST(score AS INT) AS score FROM VALUES
                """ + values + " AS responses(response_id, customer_id, ts, survey_type, score)");
    }

    @BeforeAll
    static void build() {
        Dataset<Row> responses = responses("""
                -- C1 promoter, horizon (Jan 10 10:00, Feb 9 10:00]: T2 + T3 + T4 = 100 - 30 + 50 = 120.00 (T1 is at ts,
                -- T5 one second too late); retained; referrals: C5 (C6 signed up at ts) = 1.
                ('R1', 'C1', '2025-01-10 10:00:00', 'relationship_nps', 10),
                -- C1 promoter again, (Jan 25, Feb 24]: T4 + T5 = 59.00; retained; no referral.
                ('R9', 'C1', '2025-01-25 00:00:00', 'relationship_nps', 9),
                -- C8 promoter, nothing after: 0.00, not retained.
                ('R8', 'C8', '2025-01-02 00:00:00', 'relationship_nps', 9),
                -- C2 detractor (score 6), (Feb 1, Mar 3]: bought 20 and refunded it: 0.00 but retained.
                ('R2', 'C2', '2025-02-01 00:00:00', 'relationship_nps', 6),
                -- C3 passive, (Jan 5, Feb 4]: T8 = 40.00.
                ('R3', 'C3', '2025-01-05 00:00:00', 'relationship_nps', 8),
                -- C3 promoter matured by one second, (Mar 1 23:59:59, Mar 31 23:59:59]: T9 = 60.00; referral C7.
                ('R4', 'C3', '2025-03-01 23:59:59', 'relationship_nps', 9),
                -- C4 exactly at the boundary: ts + 30 days = D+1 00:00, not matured.
                ('R5', 'C4', '2025-03-02 00:00:00', 'relationship_nps', 0),
                -- C4 detractor, (Feb 10, Mar 12]: T10 = 30.00.
                ('R6', 'C4', '2025-02-10 00:00:00', 'relationship_nps', 3),
                -- Not a relationship NPS response.
                ('R7', 'C1', '2025-02-20 00:00:00', 'transactional_nps', 2)""");
        rows = collectChecked(CxImpact.build(responses, transactions(), customers(), D, HORIZON), "cx_impact", D);
    }

    private static Row group(String category, String segment) {
        return row(rows, "nps_category", category, "segment", segment);
    }

    @Test
    void oneRowPerCategoryAndSegmentWithMaturedResponses() {
        // B2C: promoter, detractor; B2B: passive, promoter, detractor; ALL: all three.
        assertThat(rows).hasSize(8);
        assertThat(rows).allSatisfy(row -> assertThat(row.<Integer>getAs("horizon_days")).isEqualTo(30));
        // R5 (at the boundary) is not among the B2B detractors; R7 (transactional) nowhere.
        assertThat(group("detractor", "B2B").<Long>getAs("responses")).isEqualTo(1L);
        assertThat(group("detractor", "ALL").<Long>getAs("responses")).isEqualTo(2L);
        // R4, matured one second before the boundary, is.
        assertThat(group("promoter", "B2B").<Long>getAs("responses")).isEqualTo(1L);
    }

    @Test
    void followsEachResponseOverItsHorizonWithRefundsAndReferrals() {
        // B2C promoters: R1 (120.00, retained, 1 referral), R9 (59.00, retained, 0), R8 (0.00, not retained, 0).
        Row promoters = group("promoter", "B2C");
        assertThat(promoters.<Long>getAs("responses")).isEqualTo(3L);
        assertThat(promoters.<Long>getAs("customers")).isEqualTo(2L);
        // 179 / 3 = 59.666... -> 59.67
        assertThat(promoters.<BigDecimal>getAs("avg_revenue_after")).isEqualByComparingTo("59.67");
        assertThat(promoters.<Double>getAs("retention_rate")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(promoters.<Double>getAs("churn_rate")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(promoters.<Double>getAs("avg_referrals_after")).isCloseTo(1.0 / 3, within(1e-12));
        // B2C detractor R2: a purchase refunded inside the horizon: revenue 0.00, yet retained.
        Row detractors = group("detractor", "B2C");
        assertThat(detractors.<BigDecimal>getAs("avg_revenue_after")).isEqualByComparingTo("0.00");
        assertThat(detractors.<Double>getAs("retention_rate")).isEqualTo(1.0);
        assertThat(detractors.<Double>getAs("churn_rate")).isZero();
        // B2B promoter R4: 60.00 and C7's signup.
        Row b2bPromoters = group("promoter", "B2B");
        assertThat(b2bPromoters.<BigDecimal>getAs("avg_revenue_after")).isEqualByComparingTo("60.00");
        assertThat(b2bPromoters.<Double>getAs("avg_referrals_after")).isEqualTo(1.0);
        // ALL promoters: R1, R9, R8, R4 = (120 + 59 + 0 + 60) / 4 = 59.75; customers C1, C8, C3.
        Row allPromoters = group("promoter", "ALL");
        assertThat(allPromoters.<Long>getAs("responses")).isEqualTo(4L);
        assertThat(allPromoters.<Long>getAs("customers")).isEqualTo(3L);
        assertThat(allPromoters.<BigDecimal>getAs("avg_revenue_after")).isEqualByComparingTo("59.75");
        assertThat(allPromoters.<Double>getAs("retention_rate")).isEqualTo(0.75);
        assertThat(allPromoters.<Double>getAs("avg_referrals_after")).isEqualTo(0.5);
    }

    @Test
    void revenueIndexIsOnTheSameSegmentsDetractorsAndNullWhenTheirRevenueIsZero() {
        // B2B detractors (R6) average 30.00: passive 40 / 30, promoter 60 / 30, detractor 1.
        assertThat(group("passive", "B2B").<Double>getAs("revenue_index")).isCloseTo(40.0 / 30, within(1e-12));
        assertThat(group("promoter", "B2B").<Double>getAs("revenue_index")).isEqualTo(2.0);
        assertThat(group("detractor", "B2B").<Double>getAs("revenue_index")).isEqualTo(1.0);
        // B2C detractors average 0.00: no index.
        assertThat(group("promoter", "B2C").<Double>getAs("revenue_index")).isNull();
        assertThat(group("detractor", "B2C").<Double>getAs("revenue_index")).isNull();
        // ALL detractors (R2, R6) average 15.00: promoters 59.75 / 15, passives 40 / 15.
        assertThat(group("detractor", "ALL").<BigDecimal>getAs("avg_revenue_after")).isEqualByComparingTo("15.00");
        assertThat(group("promoter", "ALL").<Double>getAs("revenue_index")).isCloseTo(59.75 / 15, within(1e-12));
        assertThat(group("passive", "ALL").<Double>getAs("revenue_index")).isCloseTo(40.0 / 15, within(1e-12));
    }

    @Test
    void revenueIndexIsNullWithoutDetractors() {
        Dataset<Row> responses = responses("('R1', 'C1', '2025-01-10 10:00:00', 'relationship_nps', 10)");

        List<Row> promotersOnly = collectChecked(CxImpact.build(responses, transactions(), customers(), D, HORIZON), "cx_impact", D);

        assertThat(promotersOnly).extracting(row -> row.<String>getAs("segment")).containsExactlyInAnyOrder("B2C", "ALL");
        assertThat(promotersOnly).allSatisfy(row -> {
            assertThat(row.<BigDecimal>getAs("avg_revenue_after")).isEqualByComparingTo("120.00");
            assertThat(row.<Double>getAs("revenue_index")).isNull();
        });
    }

    @Test
    void segmentsAddUpToAllAndRatesStayWithinZeroAndOne() {
        assertRatesWithinUnitInterval(rows, "retention_rate", "churn_rate");
        for (String category : List.of("promoter", "passive", "detractor")) {
            List<Row> ofCategory = rows.stream().filter(row -> row.getAs("nps_category").equals(category)).toList();
            long all = ofCategory.stream().filter(row -> row.getAs("segment").equals("ALL")).mapToLong(row -> row.<Long>getAs("responses")).sum();
            long segments = ofCategory.stream().filter(row -> !row.getAs("segment").equals("ALL")).mapToLong(row -> row.<Long>getAs("responses")).sum();
            assertThat(segments).as(category).isEqualTo(all).isPositive();
        }
        assertThat(rows).allSatisfy(row -> assertThat(row.<Double>getAs("retention_rate") + row.<Double>getAs("churn_rate"))
                .isCloseTo(1.0, within(1e-12)));
    }
}
