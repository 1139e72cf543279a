package io.engagementlake.gold;

import static io.engagementlake.gold.GoldInputs.ACTIONS;
import static io.engagementlake.gold.GoldInputs.D;
import static io.engagementlake.gold.GoldInputs.customers;
import static io.engagementlake.gold.GoldInputs.surveys;
import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.config.Contracts;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** promoter_activation at D = 2025-06-30 with the 90-day window [2025-04-02 00:00, 2025-07-01 00:00). */
class PromoterActivationTest {
    private static List<Row> list;
    private static Dataset<Row> output;

    @BeforeAll
    static void build() {
        // (as_of_date, customer_id, segment, referral_invites_90d, social_score, engagement_score, revenue_365d)
        Dataset<Row> engagement = GoldInputs.sql("""
                SELECT CAST(as_of_date AS DATE) AS as_of_date, customer_id, segment, CAST(referral_invites_90d AS BIGINT) AS referral_invites_90d,
                       CAST(social_score AS DOUBLE) AS social_score, CAST(engagement_score AS DOUBLE) AS engagement_score,
                       CAST(revenue_365d AS DECIMAL(18,2)) AS revenue_365d
                FROM VALUES
                  ('2025-06-30', 'P01', 'B2C', 0, 80.0, 10.0, 5.00),
                  ('2025-06-30', 'P02', 'B2C', 0, 90.0, 90.0, 5.00),
                  ('2025-06-30', 'P03', 'B2C', 1, 90.0, 90.0, 5.00),
                  ('2025-06-30', 'P04', 'B2C', 0, 90.0, 90.0, 5.00),
                  ('2025-06-30', 'P05', 'B2C', 0, 90.0, 90.0, 5.00),
                  ('2025-06-30', 'P06', 'B2C', 0, 90.0, 90.0, 5.00),
                  ('2025-06-30', 'P07', 'B2B', 0, 50.0, 60.0, 7.00),
                  ('2025-06-30', 'P08', 'B2C', 0, 50.0, 60.0, 9.00),
                  ('2025-06-30', 'P09', 'B2C', 0, 50.0, 70.0, 1.00),
                  ('2025-06-30', 'P10', 'B2C', 0, 0.0, 0.0, 0.00),
                  ('2025-06-29', 'P10', 'B2C', 0, 99.0, 99.0, 0.00)
                AS customer_engagement(as_of_date, customer_id, segment, referral_invites_90d, social_score, engagement_score, revenue_365d)""");
        Dataset<Row> customers = customers("""
                ('P01', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P02', 'B2C', '2023-01-01 00:00:00', NULL, false),
                ('P03', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P04', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P05', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P06', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P07', 'B2B', '2023-01-01 00:00:00', NULL, true),
                ('P08', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P09', 'B2C', '2023-01-01 00:00:00', NULL, true),
                ('P10', 'B2C', '2023-01-01 00:00:00', NULL, true)""");
        Dataset<Row> responses = surveys("""
                ('R01', 'P01', '2025-04-02 00:00:00', 'relationship_nps', 9, 'love it'),
                ('R02', 'P02', '2025-06-01 10:00:00', 'relationship_nps', 10, NULL),
                ('R03', 'P03', '2025-06-01 10:00:00', 'relationship_nps', 10, NULL),
                ('R04', 'P04', '2025-06-01 10:00:00', 'relationship_nps', 8, NULL),
                ('R05', 'P05', '2025-04-01 23:59:59', 'relationship_nps', 9, NULL),
                ('R06a', 'P06', '2025-05-01 10:00:00', 'relationship_nps', 10, NULL),
                ('R06b', 'P06', '2025-06-01 10:00:00', 'transactional_nps', 5, NULL),
                ('R07', 'P07', '2025-06-01 10:00:00', 'transactional_nps', 10, NULL),
                ('R08', 'P08', '2025-06-02 10:00:00', 'relationship_nps', 9, NULL),
                ('R09', 'P09', '2025-06-03 10:00:00', 'relationship_nps', 9, NULL),
                ('R10', 'P10', '2025-06-30 23:59:59', 'relationship_nps', 10, NULL)""");
        output = PromoterActivation.build(engagement, responses, customers, D, ACTIONS);
        list = output.orderBy("priority").collectAsList();
    }

    @Test
    void listsRecentPromotersWhoAcceptMarketingAndSentNoInvite() {
        // Out: P02 (consent_marketing false), P03 (an invite in 90 days), P04 (8 is passive),
        // P05 (a second before the window), P06 (latest response is a 5).
        assertThat(list).extracting(row -> row.<String>getAs("customer_id"))
                .containsExactlyInAnyOrder("P01", "P07", "P08", "P09", "P10");
    }

    @Test
    void ranksBySocialScoreThenEngagementThenCustomerId() {
        // P01 social 80; the 50s: P09 (engagement 70), then P07 and P08 (60, tie → customer_id); P10 0.
        assertThat(list).extracting(row -> row.<Integer>getAs("priority") + ":" + row.<String>getAs("customer_id"))
                .containsExactly("1:P01", "2:P09", "3:P07", "4:P08", "5:P10");
    }

    @Test
    void carriesTheResponseAndTheScoresButNoComment() {
        Row p01 = list.get(0);
        assertThat(p01.<Integer>getAs("score")).isEqualTo(9);
        assertThat(p01.<LocalDate>getAs("response_date")).isEqualTo(LocalDate.parse("2025-04-02"));
        assertThat(p01.<Double>getAs("social_score")).isEqualTo(80.0);
        assertThat(list.get(2).<String>getAs("survey_type")).isEqualTo("transactional_nps");
        assertThat(list.get(2).<String>getAs("segment")).isEqualTo("B2B");
        assertThat(list.get(4).<Double>getAs("social_score")).isZero();   // D's slice, not 2025-06-29's
        var contract = Contracts.load("gold", "promoter_activation");
        assertThat(output.columns()).containsExactlyElementsOf(contract.columnNames()).doesNotContain("comment");
        assertThat(output.schema().fields()).extracting(field -> field.dataType())
                .containsExactlyElementsOf(java.util.Arrays.stream(contract.schema().fields()).map(field -> field.dataType()).toList());
    }
}
