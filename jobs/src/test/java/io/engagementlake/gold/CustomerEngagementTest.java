package io.engagementlake.gold;

import static io.engagementlake.gold.GoldInputs.CHURN;
import static io.engagementlake.gold.GoldInputs.D;
import static io.engagementlake.gold.GoldInputs.TIERS;
import static io.engagementlake.gold.GoldInputs.customers;
import static io.engagementlake.gold.GoldInputs.engagement;
import static io.engagementlake.gold.GoldInputs.events;
import static io.engagementlake.gold.GoldInputs.noEvents;
import static io.engagementlake.gold.GoldInputs.noSessions;
import static io.engagementlake.gold.GoldInputs.noSurveys;
import static io.engagementlake.gold.GoldInputs.noTransactions;
import static io.engagementlake.gold.GoldInputs.sessions;
import static io.engagementlake.gold.GoldInputs.surveys;
import static io.engagementlake.gold.GoldInputs.transactions;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.config.ColumnContract;
import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * customer_engagement on hand-made fixtures; D = 2025-06-30, so the economic window (365
 * days) is [2024-07-01 00:00, 2025-07-01 00:00) and the engagement window (90 days) is
 * [2025-04-02 00:00, 2025-07-01 00:00), UTC. Each fixture is built once and checked by
 * several tests, and every output also passes the table checks of {@link #assertTableChecks}.
 */
class CustomerEngagementTest {
    private static final Set<String> SCORE_COLUMNS = Set.of(
            "economic_score", "social_score", "sessions_score", "engaged_minutes_score", "visitor_score", "engagement_score");

    private static Dataset<Row> economicCustomers;
    private static Dataset<Row> economicTransactions;
    private static Map<String, Row> economic;
    private static Map<String, Row> activity;
    private static Map<String, Row> experience;

    @BeforeAll
    static void buildFixtures() {
        // --- economic: transactions around the window bounds, refunds, signups around D ---
        economicCustomers = customers("""
                ('A', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('B', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('C', 'B2B', '2023-01-01 00:00:00', NULL, true),
                ('D', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('E', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('F', 'B2C', '2025-07-01 00:00:00', NULL, true),
                ('G', 'B2C', '2025-06-30 23:59:59.999999', NULL, true),
                ('H', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('I', 'B2C', '2023-01-01 00:00:00', NULL, true)""");
        economicTransactions = transactions("""
                ('A', '2024-07-01 00:00:00', 'purchase', 100.00),
                ('A', '2025-06-30 23:59:59.999999', 'purchase', 50.00),
                ('A', '2025-07-01 00:00:00', 'purchase', 999.00),
                ('A', '2024-06-30 23:59:59.999999', 'purchase', 20.00),
                ('A', '2025-03-01 10:00:00', 'refund', 10.00),
                ('B', '2025-05-01 10:00:00', 'refund', 30.00),
                ('C', '2025-01-15 12:00:00', 'purchase', 20.00),
                ('C', '2025-02-01 12:00:00', 'refund', 50.00),
                ('D', '2025-04-01 09:00:00', 'purchase', 10.00),
                ('E', '2025-03-31 23:59:59', 'purchase', 10.00),
                ('F', '2025-06-30 10:00:00', 'purchase', 500.00),
                ('H', '2025-06-01 10:00:00', 'purchase', 10.00),
                ('H', '2025-06-02 10:00:00', 'purchase', 10.01),
                ('I', '2023-05-01 10:00:00', 'purchase', 100.00)""");
        economic = collect(engagement(economicCustomers, economicTransactions, noSessions(), noEvents(), noSurveys()));

        // --- visitor and social: sessions and events around the engagement window, referrals ---
        Dataset<Row> activityCustomers = customers("""
                ('V1', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('V2', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('R1', 'B2C', '2024-07-01 00:00:00', 'V1', true),
                ('R2', 'B2C', '2024-06-30 23:59:59', 'V1', true),
                ('R3', 'B2C', '2025-07-01 00:00:00', 'V1', true)""");
        Dataset<Row> activityTransactions = transactions("""
                ('R1', '2025-01-01 10:00:00', 'purchase', 40.00),
                ('R2', '2025-02-01 10:00:00', 'purchase', 15.00),
                ('R2', '2025-02-02 10:00:00', 'refund', 5.00),
                ('R3', '2025-06-30 10:00:00', 'purchase', 70.00)""");
        Dataset<Row> activitySessions = sessions("""
                ('V1', '2025-04-02', 600),
                ('V1', '2025-04-01', 1200),
                ('V1', '2025-06-30', 90),
                ('V1', '2025-07-01', 900),
                ('V2', '2025-06-01', 3000),
                (NULL, '2025-06-01', 7200)""");
        Dataset<Row> activityEvents = events("""
                ('V1', '2025-04-01 23:59:59', 'page_view'),
                ('V1', '2025-04-02 00:00:00', 'page_view'),
                ('V1', '2025-04-02 10:00:00', 'share'),
                ('V1', '2025-05-10 08:00:00', 'page_view'),
                ('V1', '2025-05-10 09:00:00', 'comment'),
                ('V1', '2025-05-10 09:30:00', 'review'),
                ('V1', '2025-06-30 23:59:59', 'referral_invite'),
                ('V1', '2025-07-01 00:00:00', 'page_view'),
                ('V1', '2025-07-01 00:00:00', 'share'),
                ('V2', '2025-06-01 10:00:00', 'share'),
                ('V2', '2025-06-01 10:05:00', 'share'),
                ('R1', '2025-01-01 09:00:00', 'page_view'),
                (NULL, '2025-06-01 10:00:00', 'share')""");

        // --- experience: NPS category boundaries, ties, csat (same snapshot as the activity) ---
        Dataset<Row> experienceCustomers = customers("""
                ('N6', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('N7', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('N8', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('N9', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('NT', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('NX', 'B2C', '2023-01-01 00:00:00', NULL, true)""");
        Dataset<Row> experienceSurveys = surveys("""
                ('R01', 'N6', '2025-01-01 10:00:00', 'relationship_nps', 9, NULL),
                ('R02', 'N6', '2025-06-30 23:59:59', 'transactional_nps', 6, 'meh'),
                ('R03', 'N6', '2025-07-01 00:00:00', 'relationship_nps', 10, NULL),
                ('R04', 'N7', '2025-03-01 10:00:00', 'relationship_nps', 7, NULL),
                ('R05', 'N7', '2024-07-01 00:00:00', 'csat', 4, NULL),
                ('R06', 'N7', '2025-06-01 10:00:00', 'csat', 5, NULL),
                ('R07', 'N7', '2024-06-30 23:59:59', 'csat', 1, NULL),
                ('R08', 'N8', '2025-03-01 10:00:00', 'transactional_nps', 8, NULL),
                ('R09', 'N9', '2024-03-01 10:00:00', 'relationship_nps', 9, NULL),
                ('R10-b', 'NT', '2025-05-05 10:00:00', 'relationship_nps', 3, NULL),
                ('R10-a', 'NT', '2025-05-05 10:00:00', 'relationship_nps', 10, NULL),
                ('R11', 'NT', '2025-06-01 10:00:00', 'csat', 5, NULL),
                ('R12', 'NX', '2025-06-01 10:00:00', 'csat', 2, NULL),
                ('R13', 'NX', '2025-06-02 10:00:00', 'ces', 7, NULL)""");
        activity = collect(engagement(activityCustomers.unionByName(experienceCustomers), activityTransactions, activitySessions,
                activityEvents, experienceSurveys));
        experience = activity;
    }

    private static Map<String, Row> collect(Dataset<Row> engagement) {
        List<Row> rows = engagement.collectAsList();
        assertTableChecks(engagement, rows);
        return rows.stream().collect(Collectors.toMap(row -> row.<String>getAs("customer_id"), row -> row));
    }

    @Test
    void oneRowPerCustomerWhoSignedUpBeforeTheEndOfD() {
        // F signed up at D + 1 day 00:00 (absent, its purchase too); G a microsecond before (present).
        assertThat(economic).containsOnlyKeys("A", "B", "C", "D", "E", "G", "H", "I");
        assertThat(activity).containsOnlyKeys("V1", "V2", "R1", "R2", "N6", "N7", "N8", "N9", "NT", "NX");
        assertThat(economic.get("G").<LocalDate>getAs("signup_date")).isEqualTo(LocalDate.parse("2025-06-30"));
        assertThat(economic.get("G").<LocalDate>getAs("as_of_date")).isEqualTo(D);
    }

    @Test
    void economicMeasuresIncludeTheWindowsFirstInstantAndExcludeDPlusOneDay() {
        Row a = economic.get("A");
        // In the window: 100.00 (2024-07-01 00:00, first instant) + 50.00 − 10.00 refund;
        // 20.00 a microsecond before the window counts for lifetime only; 999.00 at D+1 not at all.
        assertThat(a.<Long>getAs("orders_365d")).isEqualTo(2L);
        assertThat(a.<BigDecimal>getAs("revenue_365d")).isEqualByComparingTo("140.00");
        assertThat(a.<BigDecimal>getAs("avg_order_value_365d")).isEqualByComparingTo("75.00");   // (100 + 50) / 2
        assertThat(a.<BigDecimal>getAs("lifetime_revenue")).isEqualByComparingTo("160.00");      // 140 + 20
        assertThat(a.<LocalDate>getAs("first_purchase_date")).isEqualTo(LocalDate.parse("2024-06-30"));
        assertThat(a.<LocalDate>getAs("last_purchase_date")).isEqualTo(LocalDate.parse("2025-06-30"));
        assertThat(a.<Integer>getAs("recency_days")).isZero();
        assertThat(a.<String>getAs("status")).isEqualTo("active");
        // Purchases outside the window only: revenue 0, but a purchase history.
        Row i = economic.get("I");
        assertThat(i.<Long>getAs("orders_365d")).isZero();
        assertThat(i.<BigDecimal>getAs("revenue_365d")).isEqualByComparingTo("0.00");
        assertThat(i.<BigDecimal>getAs("avg_order_value_365d")).isNull();
        assertThat(i.<BigDecimal>getAs("lifetime_revenue")).isEqualByComparingTo("100.00");
        assertThat(i.<String>getAs("status")).isEqualTo("churned");
    }

    @Test
    void averageOrderValueRoundsHalfUp() {
        // (10.00 + 10.01) / 2 = 10.005 → 10.01 (half-up, not half-even).
        assertThat(economic.get("H").<BigDecimal>getAs("avg_order_value_365d")).isEqualByComparingTo("10.01");
    }

    @Test
    void refundOnlyCustomersAreProspectsWithNegativeRevenueAndEconomicScoreZero() {
        Row b = economic.get("B");
        assertThat(b.<Long>getAs("orders_365d")).isZero();
        assertThat(b.<BigDecimal>getAs("revenue_365d")).isEqualByComparingTo("-30.00");
        assertThat(b.<BigDecimal>getAs("avg_order_value_365d")).isNull();
        assertThat(b.<BigDecimal>getAs("lifetime_revenue")).isEqualByComparingTo("-30.00");
        assertThat(b.<LocalDate>getAs("first_purchase_date")).isNull();
        assertThat(b.<LocalDate>getAs("last_purchase_date")).isNull();
        assertThat(b.<Integer>getAs("recency_days")).isNull();
        assertThat(b.<String>getAs("status")).isEqualTo("prospect");
        assertThat(b.<BigDecimal>getAs("economic_value")).isEqualByComparingTo("-30.00");
        assertThat(b.<Double>getAs("economic_score")).isZero();
    }

    @Test
    void refundsLargerThanPurchasesGiveNegativeRevenueAndEconomicScoreZero() {
        Row c = economic.get("C");
        // 20.00 purchase − 50.00 refund; last purchase 2025-01-15 is 166 days before D.
        assertThat(c.<Long>getAs("orders_365d")).isEqualTo(1L);
        assertThat(c.<BigDecimal>getAs("revenue_365d")).isEqualByComparingTo("-30.00");
        assertThat(c.<BigDecimal>getAs("avg_order_value_365d")).isEqualByComparingTo("20.00");
        assertThat(c.<Integer>getAs("recency_days")).isEqualTo(166);
        assertThat(c.<String>getAs("status")).isEqualTo("churned");
        assertThat(c.<Double>getAs("economic_score")).isZero();
        assertThat(c.<String>getAs("engagement_tier")).isEqualTo("inactive");
    }

    @Test
    void statusTurnsChurnedTheDayAfterTheInactivityLimit() {
        // D − 90 days = 2025-04-01: recency 90 is still active, 91 (2025-03-31) churned.
        assertThat(economic.get("D").<Integer>getAs("recency_days")).isEqualTo(90);
        assertThat(economic.get("D").<String>getAs("status")).isEqualTo("active");
        assertThat(economic.get("E").<Integer>getAs("recency_days")).isEqualTo(91);
        assertThat(economic.get("E").<String>getAs("status")).isEqualTo("churned");
        assertThat(economic.get("G").<String>getAs("status")).isEqualTo("prospect");
    }

    @Test
    void economicScoresArePercentilesOfEconomicValueAmongTheSnapshot() {
        // economic_value of the 8 customers: B −30, C −30, G 0, I 0, D 10, E 10, H 20.01, A 140.
        // pct: A 8/8 = 100, H 7/8 = 87.5, D and E (tied) 6/8 = 75, the others ≤ 0 → 0.
        // No social or visitor activity, so engagement = 0.5 × economic: A 50 → casual,
        // H 43.75, D/E 37.5 → casual, the others 0 → inactive.
        Map<String, Double> scores = economic.values().stream()
                .collect(Collectors.toMap(row -> row.<String>getAs("customer_id"), row -> row.<Double>getAs("economic_score")));
        assertThat(scores).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", 100.0, "H", 87.5, "D", 75.0, "E", 75.0, "B", 0.0, "C", 0.0, "G", 0.0, "I", 0.0));
        assertThat(economic.get("A").<Double>getAs("engagement_score")).isEqualTo(50.0);
        assertThat(economic.get("H").<Double>getAs("engagement_score")).isEqualTo(43.75);
        assertThat(economic.get("D").<String>getAs("engagement_tier")).isEqualTo("casual");
        assertThat(economic.get("G").<String>getAs("engagement_tier")).isEqualTo("inactive");
        assertThat(economic.get("A").<Double>getAs("p_alive")).isNull();
        assertThat(economic.get("A").<BigDecimal>getAs("predicted_clv_365d")).isNull();
        assertThat(economic.get("A").<BigDecimal>getAs("economic_value")).isEqualByComparingTo("140.00");
    }

    @Test
    void economicValueAddsThePredictedValueAndCountsANullPredictionAsZero() {
        Dataset<Row> rows = engagement(
                customers("""
                        ('P', 'B2C', '2023-01-01 00:00:00', NULL, true),
                        ('Q', 'B2C', '2023-01-01 00:00:00', NULL, true),
                        ('S', 'B2C', '2023-01-01 00:00:00', NULL, true)"""),
                transactions("""
                        ('P', '2025-06-01 10:00:00', 'purchase', 100.00),
                        ('Q', '2025-06-01 10:00:00', 'purchase', 100.00)"""),
                noSessions(), noEvents(), noSurveys(),
                GoldInputs.predictions("('P', 0.75, 2.5, 50.25), ('Q', 0.5, 1.25, NULL)"));
        Map<String, Row> byCustomer = collect(rows);
        // P: 100.00 + 50.25; Q: 100.00 + 0 (no spend model); S never purchased: no prediction row.
        assertThat(byCustomer.get("P").<BigDecimal>getAs("economic_value")).isEqualByComparingTo("150.25");
        assertThat(byCustomer.get("P").<Double>getAs("p_alive")).isEqualTo(0.75);
        assertThat(byCustomer.get("P").<Double>getAs("predicted_orders_365d")).isEqualTo(2.5);
        assertThat(byCustomer.get("P").<BigDecimal>getAs("predicted_clv_365d")).isEqualByComparingTo("50.25");
        assertThat(byCustomer.get("Q").<BigDecimal>getAs("economic_value")).isEqualByComparingTo("100.00");
        assertThat(byCustomer.get("Q").<BigDecimal>getAs("predicted_clv_365d")).isNull();
        assertThat(byCustomer.get("S").<Double>getAs("p_alive")).isNull();
        assertThat(byCustomer.get("S").<BigDecimal>getAs("economic_value")).isEqualByComparingTo("0.00");
        // P 150.25 > Q 100 > S 0: scores 3/3 = 100, 2/3 = 66.67, 0.
        assertThat(byCustomer.get("P").<Double>getAs("economic_score")).isEqualTo(100.0);
        assertThat(byCustomer.get("Q").<Double>getAs("economic_score")).isCloseTo(66.67, within(0.06));
        assertThat(byCustomer.get("S").<Double>getAs("economic_score")).isZero();
    }

    @Test
    void revenueOfTheSnapshotAddsUpToTheNetAmountsInTheWindow() {
        // The dbt-style total: Σ revenue_365d = Σ net_amount with ts in the window of the
        // snapshot's customers, computed here straight from the inputs.
        BigDecimal expected = economicTransactions
                .join(economicCustomers.where(col("signup_ts").lt(java.time.Instant.parse("2025-07-01T00:00:00Z"))), "customer_id")
                .where(AsOfWindow.of(D, 365).contains(col("ts")))
                .agg(org.apache.spark.sql.functions.sum("net_amount")).first().getDecimal(0);
        BigDecimal total = economic.values().stream().map(row -> row.<BigDecimal>getAs("revenue_365d")).reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(total).isEqualByComparingTo(expected).isEqualByComparingTo("120.01");  // 140 − 30 − 30 + 10 + 10 + 20.01 + 0 + 0
        assertThat(economic.values().stream().mapToLong(row -> row.<Long>getAs("orders_365d")).sum()).isEqualTo(7L);
    }

    @Test
    void visitorMeasuresCountSessionsByTheirDateAndEventsByTheirTimestamp() {
        Row v1 = activity.get("V1");
        // Sessions dated 2025-04-02 (first day, 600 s) and 2025-06-30 (90 s); 2025-04-01 and 2025-07-01 are outside.
        assertThat(v1.<Long>getAs("sessions_90d")).isEqualTo(2L);
        assertThat(v1.<Double>getAs("engaged_minutes_90d")).isEqualTo(11.5);   // 690 s / 60
        // Event dates in the window: 2025-04-02, 2025-05-10, 2025-06-30; page_views at 04-02 00:00 and 05-10.
        assertThat(v1.<Long>getAs("active_days_90d")).isEqualTo(3L);
        assertThat(v1.<Long>getAs("page_views_90d")).isEqualTo(2L);
        assertThat(v1.<LocalDate>getAs("last_visit_date")).isEqualTo(LocalDate.parse("2025-06-30"));
        // R1 visited before the window only; R2 never.
        assertThat(activity.get("R1").<Long>getAs("active_days_90d")).isZero();
        assertThat(activity.get("R1").<LocalDate>getAs("last_visit_date")).isEqualTo(LocalDate.parse("2025-01-01"));
        assertThat(activity.get("R2").<LocalDate>getAs("last_visit_date")).isNull();
        assertThat(activity.get("R2").<Double>getAs("engaged_minutes_90d")).isZero();
    }

    @Test
    void socialMeasuresCountActionsInTheWindowAndReferralsUpToD() {
        Row v1 = activity.get("V1");
        assertThat(v1.<Long>getAs("shares_90d")).isEqualTo(1L);   // the share at D + 1 day 00:00 is out
        assertThat(v1.<Long>getAs("comments_90d")).isEqualTo(1L);
        assertThat(v1.<Long>getAs("reviews_90d")).isEqualTo(1L);
        assertThat(v1.<Long>getAs("referral_invites_90d")).isEqualTo(1L);   // 2025-06-30 23:59:59
        // R1 (signed up at the economic window's first instant) and R2 (a second before it);
        // R3 signed up after D. Their revenue_365d: 40.00 and 15.00 − 5.00.
        assertThat(v1.<Long>getAs("referred_customers")).isEqualTo(2L);
        assertThat(v1.<Long>getAs("referred_signups_365d")).isEqualTo(1L);
        assertThat(v1.<BigDecimal>getAs("referred_revenue_365d")).isEqualByComparingTo("50.00");
        // 1 share + 1 comment + 2 × 1 review + 2 × 1 invite + 10 × 1 referred signup.
        assertThat(v1.<Double>getAs("social_points")).isEqualTo(16.0);
        assertThat(activity.get("V2").<Double>getAs("social_points")).isEqualTo(2.0);
        assertThat(activity.get("R1").<Long>getAs("referred_customers")).isZero();
        assertThat(activity.get("R1").<BigDecimal>getAs("referred_revenue_365d")).isEqualByComparingTo("0.00");
    }

    @Test
    void scoresOfTheActivityFixtureWorkedOutByHand() {
        // 10 customers: V1, V2, R1, R2 and the six N* (no activity, all values 0).
        // economic_value: R1 40, R2 10, 8 × 0 → R1 10/10 = 100, R2 9/10 = 90, the others 0.
        // social_points: V1 16, V2 2, 8 × 0 → V1 100, V2 90.
        // sessions: V1 2, V2 1 → V1 100, V2 90; minutes: V1 11.5, V2 50 → V1 90, V2 100.
        // visitor: V1 (100 + 90) / 2 = 95, V2 (90 + 100) / 2 = 95.
        // engagement: V1 0.25 × 100 + 0.25 × 95 = 48.75; V2 0.25 × 90 + 0.25 × 95 = 46.25;
        //             R1 0.5 × 100 = 50; R2 0.5 × 90 = 45; N* 0.
        assertScores(activity.get("V1"), 0, 100, 100, 90, 95, 48.75);
        assertScores(activity.get("V2"), 0, 90, 90, 100, 95, 46.25);
        assertScores(activity.get("R1"), 100, 0, 0, 0, 0, 50);
        assertScores(activity.get("R2"), 90, 0, 0, 0, 0, 45);
        assertScores(activity.get("NT"), 0, 0, 0, 0, 0, 0);
        assertThat(Set.of("V1", "V2", "R1", "R2")).allSatisfy(id ->
                assertThat(activity.get(id).<String>getAs("engagement_tier")).isEqualTo("casual"));
        assertThat(activity.get("NT").<String>getAs("engagement_tier")).isEqualTo("inactive");
    }

    @Test
    void engagementScoreIsTheWeightedSumRoundedHalfUp() {
        // 0.25 × 62.5 = 15.625 → 15.63 (half-even would give 15.62): dormant.
        // visitor (62.5 + 0.1) / 2 = 31.3; 0.5 × 10 + 0.25 × 0 + 0.25 × 31.3 = 12.825 → 12.83.
        Dataset<Row> parts = GoldInputs.sql("""
                SELECT * FROM VALUES
                  ('A', 0.0D, 62.5D, 0.0D, 0.0D, CAST(NULL AS DATE), CAST(NULL AS INT)),
                  ('B', 10.0D, 0.0D, 62.5D, 0.1D, CAST(NULL AS DATE), CAST(NULL AS INT))
                AS t(customer_id, economic_score, social_score, sessions_score, engaged_minutes_score, last_purchase_date, recency_days)""");

        Map<String, Row> scored = CustomerEngagement.withEngagementScore(parts, GoldInputs.SCORES.weights(), TIERS, CHURN)
                .collectAsList().stream().collect(Collectors.toMap(row -> row.<String>getAs("customer_id"), row -> row));

        assertThat(scored.get("A").<Double>getAs("engagement_score")).isEqualTo(15.63);
        assertThat(scored.get("A").<String>getAs("engagement_tier")).isEqualTo("dormant");
        assertThat(scored.get("B").<Double>getAs("visitor_score")).isEqualTo(31.3);
        assertThat(scored.get("B").<Double>getAs("engagement_score")).isEqualTo(12.83);
    }

    private static void assertScores(Row row, double economic, double social, double sessions, double minutes, double visitor,
            double engagement) {
        assertThat(row.<Double>getAs("economic_score")).as("economic_score").isEqualTo(economic);
        assertThat(row.<Double>getAs("social_score")).as("social_score").isEqualTo(social);
        assertThat(row.<Double>getAs("sessions_score")).as("sessions_score").isEqualTo(sessions);
        assertThat(row.<Double>getAs("engaged_minutes_score")).as("engaged_minutes_score").isEqualTo(minutes);
        assertThat(row.<Double>getAs("visitor_score")).as("visitor_score").isEqualTo(visitor);
        assertThat(row.<Double>getAs("engagement_score")).as("engagement_score").isEqualTo(engagement);
    }

    @Test
    void npsCategoryBoundariesAndTheLatestResponseUpToD() {
        // N6: the 6 at 23:59:59 on D beats the earlier 9; the 10 at D + 1 day is not seen.
        assertNps("N6", 6, "2025-06-30", "detractor");
        assertNps("N7", 7, "2025-03-01", "passive");
        assertNps("N8", 8, "2025-03-01", "passive");
        assertNps("N9", 9, "2024-03-01", "promoter");   // any age: latest up to D
        // NT: two responses at the same instant; the greater response_id (R10-b, score 3) wins.
        assertNps("NT", 3, "2025-05-05", "detractor");
        assertNps("NX", null, null, "none");             // csat/ces only
    }

    private static void assertNps(String customer, Integer score, String date, String category) {
        Row row = experience.get(customer);
        assertThat(row.<Integer>getAs("last_nps_score")).as(customer).isEqualTo(score);
        assertThat(row.<LocalDate>getAs("last_nps_date")).as(customer).isEqualTo(date == null ? null : LocalDate.parse(date));
        assertThat(row.<String>getAs("nps_category")).as(customer).isEqualTo(category);
    }

    @Test
    void averageCsatOverTheEconomicWindow() {
        // N7: 4 at the window's first instant and 5 count, the 1 a second before does not: 4.5.
        assertThat(experience.get("N7").<Double>getAs("avg_csat_365d")).isEqualTo(4.5);
        assertThat(experience.get("NX").<Double>getAs("avg_csat_365d")).isEqualTo(2.0);   // the ces 7 is not csat
        assertThat(experience.get("N8").<Double>getAs("avg_csat_365d")).isNull();
    }

    @Test
    void tiersAndStatusAtTheirBoundaries() {
        Dataset<Row> values = GoldInputs.sql("""
                SELECT * FROM VALUES
                  (100.0, 0), (80.0, 0), (79.99, 0), (60.0, 0), (59.99, 0), (30.0, 0), (29.99, 0), (0.01, 0), (0.0, 0)
                  AS t(engagement_score, unused)""");
        List<String> tiers = values.select(CustomerEngagement.tier(col("engagement_score"), TIERS)).as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(tiers).containsExactly(
                "champion", "champion", "engaged", "engaged", "casual", "casual", "dormant", "dormant", "inactive");

        Dataset<Row> purchases = GoldInputs.sql("""
                SELECT CAST(last_purchase_date AS DATE) AS last_purchase_date, recency_days FROM VALUES
                  (NULL, NULL), ('2025-06-30', 0), ('2025-04-01', 90), ('2025-03-31', 91) AS t(last_purchase_date, recency_days)""");
        List<String> statuses = purchases.select(CustomerEngagement.status(col("last_purchase_date"), col("recency_days"), CHURN)).as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(statuses).containsExactly("prospect", "active", "active", "churned");
    }

    @Test
    void namesTheMissingInputColumns() {
        assertThatThrownBy(() -> engagement(
                customers("('A', 'B2C', '2023-01-01 00:00:00', NULL, true)").drop("referred_by"),
                noTransactions(), noSessions(), noEvents(), noSurveys()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("missing columns [referred_by]");
    }

    /**
     * A few hundred generated customers with random activity around every window bound: the
     * table checks hold, the totals add up to the inputs, and every percentile score is
     * within 0.5 points of the exact one computed here from the output's own values.
     */
    @Test
    void generatedCustomersPassTheTableChecksAndTheExactPercentileBound() {
        Generated generated = Generated.of(new Random(42), 300);
        Dataset<Row> output = engagement(customers(generated.customers()), transactions(generated.transactions()),
                sessions(generated.sessions()), events(generated.events()), noSurveys());
        List<Row> rows = output.collectAsList();

        assertTableChecks(output, rows);
        assertThat(rows).hasSize(generated.snapshot.size());
        BigDecimal revenue = rows.stream().map(row -> row.<BigDecimal>getAs("revenue_365d")).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal lifetime = rows.stream().map(row -> row.<BigDecimal>getAs("lifetime_revenue")).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(revenue).isEqualByComparingTo(generated.revenueInWindow);
        assertThat(lifetime).isEqualByComparingTo(generated.revenueUpToD);
        assertThat(rows.stream().mapToLong(row -> row.<Long>getAs("orders_365d")).sum()).isEqualTo(generated.ordersInWindow);
        assertThat(rows.stream().mapToLong(row -> row.<Long>getAs("sessions_90d")).sum()).isEqualTo(generated.sessionsInWindow);
        assertExactPercentiles(rows, "economic_value", "economic_score", row -> row.<BigDecimal>getAs("economic_value").doubleValue());
        assertExactPercentiles(rows, "social_points", "social_score", row -> row.<Double>getAs("social_points"));
        assertExactPercentiles(rows, "sessions_90d", "sessions_score", row -> row.<Long>getAs("sessions_90d"));
        assertExactPercentiles(rows, "engaged_minutes_90d", "engaged_minutes_score", row -> row.<Double>getAs("engaged_minutes_90d"));
    }

    private static void assertExactPercentiles(List<Row> rows, String value, String score, ToDoubleFunction<Row> valueOf) {
        double[] sorted = rows.stream().mapToDouble(valueOf).sorted().toArray();
        for (Row row : rows) {
            double x = valueOf.applyAsDouble(row);
            long atMost = Arrays.stream(sorted).filter(v -> v <= x).count();
            double exact = x <= 0 ? 0 : 100.0 * atMost / sorted.length;
            assertThat(row.<Double>getAs(score)).as("%s of %s = %s", score, row.getAs("customer_id"), x).isCloseTo(exact, within(0.5));
        }
    }

    /**
     * dbt-style checks on any customer_engagement output: the contract's columns, order and
     * types; a unique non-null key; no null in a non-nullable column; scores in [0, 100]
     * with 2 decimals; and every derived score recomputed from the row's own columns.
     */
    static void assertTableChecks(Dataset<Row> output, List<Row> rows) {
        TableContract contract = Contracts.load("gold", "customer_engagement");
        assertThat(output.columns()).containsExactlyElementsOf(contract.columnNames());
        for (StructField field : contract.schema().fields()) {
            DataType actual = output.schema().apply(field.name()).dataType();
            assertThat(actual).as(field.name()).isEqualTo(field.dataType());
        }
        Set<String> keys = new HashSet<>();
        for (Row row : rows) {
            String id = row.getAs("customer_id");
            assertThat(id).isNotNull();
            assertThat(keys.add(id)).as("unique customer_id %s", id).isTrue();
            for (ColumnContract column : contract.columns()) {
                if (!column.nullable()) {
                    assertThat(row.<Object>getAs(column.name())).as("%s of %s", column.name(), id).isNotNull();
                }
            }
            for (String score : SCORE_COLUMNS) {
                double value = row.<Double>getAs(score);
                assertThat(value).as("%s of %s", score, id).isBetween(0.0, 100.0);
                assertThat(Math.abs(value * 100 - Math.round(value * 100))).as("%s has 2 decimals", score).isLessThan(1e-6);
            }
            assertExplainable(row);
        }
    }

    /** Each score and label follows from the row's own columns. */
    private static void assertExplainable(Row row) {
        String id = row.getAs("customer_id");
        double socialPoints = row.<Long>getAs("shares_90d") + row.<Long>getAs("comments_90d") + 2 * row.<Long>getAs("reviews_90d")
                + 2 * row.<Long>getAs("referral_invites_90d") + 10 * row.<Long>getAs("referred_signups_365d");
        assertThat(row.<Double>getAs("social_points")).as("social_points of %s", id).isEqualTo(socialPoints);
        BigDecimal clv = row.<BigDecimal>getAs("predicted_clv_365d");
        assertThat(row.<BigDecimal>getAs("economic_value")).as("economic_value of %s", id)
                .isEqualByComparingTo(row.<BigDecimal>getAs("revenue_365d").add(clv == null ? BigDecimal.ZERO : clv));
        if (row.<BigDecimal>getAs("economic_value").signum() <= 0) {
            assertThat(row.<Double>getAs("economic_score")).as("economic_score of %s", id).isZero();
        }
        if (socialPoints == 0) {
            assertThat(row.<Double>getAs("social_score")).isZero();
        }
        double visitor = halfUp((row.<Double>getAs("sessions_score") + row.<Double>getAs("engaged_minutes_score")) / 2);
        assertThat(row.<Double>getAs("visitor_score")).as("visitor_score of %s", id).isEqualTo(visitor);
        double engagement = halfUp(0.5 * row.<Double>getAs("economic_score") + 0.25 * row.<Double>getAs("social_score")
                + 0.25 * row.<Double>getAs("visitor_score"));
        assertThat(row.<Double>getAs("engagement_score")).as("engagement_score of %s", id).isEqualTo(engagement);
        double score = row.<Double>getAs("engagement_score");
        String tier = score >= 80 ? "champion" : score >= 60 ? "engaged" : score >= 30 ? "casual" : score > 0 ? "dormant" : "inactive";
        assertThat(row.<String>getAs("engagement_tier")).as("tier of %s", id).isEqualTo(tier);
        Integer recency = row.getAs("recency_days");
        String status = row.getAs("last_purchase_date") == null ? "prospect" : recency <= 90 ? "active" : "churned";
        assertThat(row.<String>getAs("status")).as("status of %s", id).isEqualTo(status);
        LocalDate last = row.getAs("last_purchase_date");
        if (last != null) {
            assertThat(recency).isEqualTo((int) (D.toEpochDay() - last.toEpochDay()));
        }
        assertThat(row.<String>getAs("nps_category")).isIn("promoter", "passive", "detractor", "none");
    }

    private static double halfUp(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** Random silver rows around every bound, with the totals the output must reproduce. */
    private static final class Generated {
        private static final LocalDate FIRST = LocalDate.parse("2023-06-01");
        private static final String[] EVENT_TYPES = {"page_view", "product_view", "share", "comment", "review", "referral_invite", "login"};
        private final List<String> customers = new ArrayList<>();
        private final List<String> transactions = new ArrayList<>();
        private final List<String> sessions = new ArrayList<>();
        private final List<String> events = new ArrayList<>();
        private final Set<String> snapshot = new HashSet<>();
        private BigDecimal revenueInWindow = BigDecimal.ZERO;
        private BigDecimal revenueUpToD = BigDecimal.ZERO;
        private long ordersInWindow;
        private long sessionsInWindow;

        static Generated of(Random random, int count) {
            Generated generated = new Generated();
            for (int i = 0; i < count; i++) {
                generated.customer(random, String.format("G%04d", i), i);
            }
            return generated;
        }

        /** An instant between 2023-06-01 and 2025-07-05, often exactly at a window bound. */
        private static String instant(Random random) {
            int pick = random.nextInt(10);
            if (pick == 0) {
                return "2024-07-01 00:00:00";
            }
            if (pick == 1) {
                return "2025-07-01 00:00:00";
            }
            if (pick == 2) {
                return "2025-04-02 00:00:00";
            }
            LocalDate date = FIRST.plusDays(random.nextInt(766));
            return date + String.format(" %02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60));
        }

        private static boolean upToD(String instant) {
            return instant.compareTo("2025-07-01") < 0;
        }

        private static boolean inEconomic(String instant) {
            return instant.compareTo("2024-07-01") >= 0 && upToD(instant);
        }

        private static boolean inEngagement(String instant) {
            return instant.compareTo("2025-04-02") >= 0 && upToD(instant);
        }

        private void customer(Random random, String id, int index) {
            String signup = instant(random);
            String referredBy = index > 0 && random.nextInt(4) == 0 ? "'" + String.format("G%04d", random.nextInt(index)) + "'" : "NULL";
            customers.add(String.format("('%s', '%s', '%s', %s, true)", id, random.nextBoolean() ? "B2B" : "B2C", signup, referredBy));
            boolean inSnapshot = upToD(signup);
            if (inSnapshot) {
                snapshot.add(id);
            }
            for (int t = random.nextInt(6); t > 0; t--) {
                String ts = instant(random);
                boolean refund = random.nextInt(5) == 0;
                BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(30_000), 2);
                transactions.add(String.format("('%s', '%s', '%s', %s)", id, ts, refund ? "refund" : "purchase", amount));
                BigDecimal net = refund ? amount.negate() : amount;
                if (inSnapshot && upToD(ts)) {
                    revenueUpToD = revenueUpToD.add(net);
                }
                if (inSnapshot && inEconomic(ts)) {
                    revenueInWindow = revenueInWindow.add(net);
                    ordersInWindow += refund ? 0 : 1;
                }
            }
            for (int s = random.nextInt(4); s > 0; s--) {
                String date = instant(random).substring(0, 10);
                sessions.add(String.format("('%s', '%s', %d)", id, date, random.nextInt(4) == 0 ? 0 : random.nextInt(3600)));
                if (inSnapshot && inEngagement(date + " 00:00:00")) {
                    sessionsInWindow++;
                }
            }
            for (int e = random.nextInt(8); e > 0; e--) {
                events.add(String.format("('%s', '%s', '%s')", id, instant(random), EVENT_TYPES[random.nextInt(EVENT_TYPES.length)]));
            }
        }

        String customers() {
            return String.join(",\n", customers);
        }

        String transactions() {
            return String.join(",\n", transactions);
        }

        String sessions() {
            return String.join(",\n", sessions);
        }

        String events() {
            return String.join(",\n", events);
        }
    }
}
