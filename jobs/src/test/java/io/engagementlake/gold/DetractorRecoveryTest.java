package io.engagementlake.gold;

import static io.engagementlake.gold.GoldInputs.ACTIONS;
import static io.engagementlake.gold.GoldInputs.D;
import static io.engagementlake.gold.GoldInputs.surveys;
import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.config.Contracts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * detractor_recovery at D = 2025-06-30 with the 30-day window [2025-06-01 00:00, 2025-07-01 00:00).
 * customer_engagement is given directly: only the columns the list reads.
 */
class DetractorRecoveryTest {
    private static List<Row> list;
    private static Dataset<Row> output;

    /** (as_of_date, customer_id, segment, revenue_365d, engagement_score). */
    static Dataset<Row> engagement(String values) {
        return GoldInputs.sql("SELECT CAST(as_of_date AS DATE) AS as_of_date, customer_id, segment, "
                + "CAST(revenue_365d AS DECIMAL(18,2)) AS revenue_365d, CAST(engagement_score AS DOUBLE) AS engagement_score FROM VALUES "
                + values + " AS customer_engagement(as_of_date, customer_id, segment, revenue_365d, engagement_score)");
    }

    @BeforeAll
    static void build() {
        Dataset<Row> engagement = engagement("""
                ('2025-06-30', 'K01', 'B2C', 100.00, 70.0),
                ('2025-06-29', 'K01', 'B2C', 999.00, 99.0),
                ('2025-06-30', 'K02', 'B2C', 100.00, 50.0),
                ('2025-06-30', 'K03', 'B2C', 100.00, 50.0),
                ('2025-06-30', 'K04', 'B2C', 100.00, 50.0),
                ('2025-06-30', 'K05', 'B2B', 250.00, 70.0),
                ('2025-06-30', 'K06', 'B2C', 100.00, 50.0),
                ('2025-06-30', 'K07', 'B2C', 250.00, 70.0),
                ('2025-06-30', 'K08', 'B2C', 100.00, 50.0),
                ('2025-06-29', 'K09', 'B2C', 100.00, 50.0),
                ('2025-06-30', 'K10', 'B2B', 10.00, 85.5),
                ('2025-06-30', 'K11', 'B2C', 0.00, 70.5),
                ('2025-06-30', 'K12', 'B2C', -5.00, 0.0)""");
        Dataset<Row> responses = surveys("""
                ('R01', 'K01', '2025-06-10 10:00:00', 'relationship_nps', 6, 'slow delivery'),
                ('R02', 'K02', '2025-06-10 10:00:00', 'transactional_nps', 7, 'ok'),
                ('R03a', 'K03', '2025-06-05 10:00:00', 'relationship_nps', 2, 'bad'),
                ('R03b', 'K03', '2025-06-20 10:00:00', 'relationship_nps', 9, 'better now'),
                ('R04', 'K04', '2025-05-31 23:59:59.999999', 'relationship_nps', 1, 'awful'),
                ('R05', 'K05', '2025-06-01 00:00:00', 'transactional_nps', 0, NULL),
                ('R06a', 'K06', '2025-06-15 10:00:00', 'relationship_nps', 8, NULL),
                ('R06b', 'K06', '2025-07-01 00:00:00', 'relationship_nps', 3, 'after D'),
                ('R07a', 'K07', '2025-06-20 12:00:00', 'relationship_nps', 9, 'great'),
                ('R07b', 'K07', '2025-06-20 12:00:00', 'relationship_nps', 4, 'meh, "quoted", text'),
                ('R08', 'K08', '2025-06-20 12:00:00', 'csat', 1, 'csat is not NPS'),
                ('R09', 'K09', '2025-06-25 10:00:00', 'relationship_nps', 5, 'not in the snapshot of D'),
                ('R10', 'K10', '2025-06-30 23:59:59', 'relationship_nps', 3, 'no'),
                ('R11', 'K11', '2025-06-11 10:00:00', 'transactional_nps', 6, NULL),
                ('R12', 'K12', '2025-06-12 10:00:00', 'relationship_nps', 3, NULL)""");
        output = DetractorRecovery.build(engagement, responses, D, ACTIONS);
        list = output.orderBy("priority").collectAsList();
    }

    @Test
    void listsCustomersWhoseLatestNpsUpToDIsARecentDetractorResponse() {
        // Out: K02 (7 is passive), K03 (a later 9), K04 (a microsecond before the window),
        // K06 (the 3 is after D; latest up to D is an 8), K08 (csat), K09 (not in the snapshot of D).
        // In: K05 at the window's first instant, K07 whose tie at 12:00 goes to R07b (4).
        assertThat(list).extracting(row -> row.<String>getAs("customer_id"))
                .containsExactlyInAnyOrder("K01", "K05", "K07", "K10", "K11", "K12");
    }

    @Test
    void ranksByEngagementThenRevenueThenCustomerId() {
        // K10 85.5; K11 70.5; then the 70.0s: K05 and K07 (revenue 250, tie → customer_id), K01 (revenue 100); K12 0.
        assertThat(list).extracting(row -> row.<Integer>getAs("priority") + ":" + row.<String>getAs("customer_id"))
                .containsExactly("1:K10", "2:K11", "3:K05", "4:K07", "5:K01", "6:K12");
    }

    @Test
    void carriesTheResponseItsCommentAndTheCustomersValues() {
        Row k07 = list.get(3);
        assertThat(k07.<String>getAs("response_id")).isEqualTo("R07b");
        assertThat(k07.<Integer>getAs("score")).isEqualTo(4);
        assertThat(k07.<String>getAs("comment")).isEqualTo("meh, \"quoted\", text");
        assertThat(k07.<LocalDate>getAs("response_date")).isEqualTo(LocalDate.parse("2025-06-20"));
        assertThat(k07.<String>getAs("touchpoint")).isEqualTo("web");
        Row k01 = list.get(4);
        assertThat(k01.<String>getAs("survey_type")).isEqualTo("relationship_nps");
        assertThat(k01.<BigDecimal>getAs("revenue_365d")).isEqualByComparingTo("100.00");   // D's slice, not 2025-06-29's
        assertThat(k01.<Double>getAs("engagement_score")).isEqualTo(70.0);
        Row k05 = list.get(2);
        assertThat(k05.<String>getAs("segment")).isEqualTo("B2B");
        assertThat(k05.<String>getAs("comment")).isNull();
        assertThat(k05.<Integer>getAs("score")).isZero();
        assertThat(list).allSatisfy(row -> assertThat(row.<LocalDate>getAs("as_of_date")).isEqualTo(D));
    }

    @Test
    void hasTheContractsColumnsAndTypes() {
        var contract = Contracts.load("gold", "detractor_recovery");
        assertThat(output.columns()).containsExactlyElementsOf(contract.columnNames());
        assertThat(output.schema().fields()).extracting(field -> field.dataType())
                .containsExactlyElementsOf(java.util.Arrays.stream(contract.schema().fields()).map(field -> field.dataType()).toList());
    }
}
