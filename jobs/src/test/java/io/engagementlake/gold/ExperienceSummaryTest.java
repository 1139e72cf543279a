package io.engagementlake.gold;

import static io.engagementlake.gold.GoldTableChecks.assertRatesWithinUnitInterval;
import static io.engagementlake.gold.GoldTableChecks.collectChecked;
import static io.engagementlake.gold.GoldTableChecks.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExperienceSummaryTest {
    private static final LocalDate D = LocalDate.parse("2025-02-10");
    private static final LocalDate JAN = LocalDate.parse("2025-01-01");
    private static final LocalDate FEB = LocalDate.parse("2025-02-01");

    private static List<Row> rows;

    @BeforeAll
    static void build() {
        Dataset<Row> customers = SparkTestSession.get().sql(
                "SELECT * FROM VALUES ('C1', 'B2C'), ('C2', 'B2B'), ('C3', 'B2C') AS customers(customer_id, segment)");
        Dataset<Row> responses = SparkTestSession.get().sql("""
                SELECT response_id, customer_id, CAST(ts AS TIMESTAMP) AS ts, survey_type, touchpoint,
                       CAST(score AS INT) AS score, CAST(expectation_score AS INT) AS expectation_score
                FROM VALUES
                ('R1', 'C1', '2025-01-05 10:00:00', 'relationship_nps', 'web', 6, 8),
                ('R2', 'C1', '2025-01-06 10:00:00', 'relationship_nps', 'web', 7, NULL),
                ('R3', 'C3', '2025-01-07 10:00:00', 'relationship_nps', 'app', 8, 9),
                ('R4', 'C2', '2025-01-31 23:59:59', 'relationship_nps', 'app', 9, 7),
                ('R5', 'C2', '2025-01-20 10:00:00', 'relationship_nps', 'web', 10, NULL),
                ('R6', 'C1', '2025-01-21 10:00:00', 'relationship_nps', NULL, 0, NULL),
                ('R11', 'C3', '2025-01-08 10:00:00', 'relationship_nps', 'app', 9, NULL),
                ('R7', 'C1', '2025-02-10 23:59:59', 'csat', 'web', 4, 5),
                ('R8', 'C1', '2025-02-11 00:00:00', 'csat', 'web', 1, 1),
                ('R9', 'C2', '2025-02-01 00:00:00', 'csat', 'web', 5, NULL)
                AS responses(response_id, customer_id, ts, survey_type, touchpoint, score, expectation_score)""");
        rows = collectChecked(ExperienceSummary.build(responses, customers, D), "experience_summary", D);
    }

    private static Row group(LocalDate month, String surveyType, String touchpoint, String segment) {
        return row(rows, "response_month", month, "survey_type", surveyType, "touchpoint", touchpoint, "segment", segment);
    }

    @Test
    void oneRowPerMonthTypeTouchpointAndSegmentWithResponses() {
        // Jan NPS: web (B2C, B2B, ALL), app (B2C, B2B, ALL), unknown (B2C, ALL), ALL (B2C, B2B, ALL) = 11;
        // Feb csat: web and ALL x (B2C, B2B, ALL) = 6. R8 (D+1 00:00) is out.
        assertThat(rows).hasSize(17);
        assertThat(group(FEB, "csat", "ALL", "ALL").<Long>getAs("responses")).isEqualTo(2L);
    }

    @Test
    void npsOfAllResponsesWithItsMarginOfError() {
        // Scores 6, 7, 8, 9, 10, 0, 9: promoters 3 (9, 10, 9), passives 2 (7, 8), detractors 2 (6, 0).
        Row all = group(JAN, "relationship_nps", "ALL", "ALL");
        assertThat(all.<Long>getAs("responses")).isEqualTo(7L);
        assertThat(all.<Long>getAs("promoters")).isEqualTo(3L);
        assertThat(all.<Long>getAs("passives")).isEqualTo(2L);
        assertThat(all.<Long>getAs("detractors")).isEqualTo(2L);
        assertThat(all.<Double>getAs("avg_score")).isCloseTo(49.0 / 7, within(1e-12));
        // nps = 100 x (3 - 2) / 7 = 14.2857...
        assertThat(all.<Double>getAs("nps")).isCloseTo(100.0 / 7, within(1e-12));
        // p = 3/7, d = 2/7: p + d - (p - d)^2 = 5/7 - 1/49 = 34/49; 196 x sqrt(34/49 / 7) = 196 x sqrt(34/343) = 61.70899...
        assertThat(all.<Double>getAs("nps_margin_of_error")).isCloseTo(61.708994482166, within(1e-9));
    }

    @Test
    void scoresSixSevenEightAndNineFallInTheirCategories() {
        // web/B2C: R1 = 6 (detractor), R2 = 7 (passive).
        Row web = group(JAN, "relationship_nps", "web", "B2C");
        assertThat(web.<Long>getAs("detractors")).isEqualTo(1L);
        assertThat(web.<Long>getAs("passives")).isEqualTo(1L);
        assertThat(web.<Long>getAs("promoters")).isZero();
        assertThat(web.<Double>getAs("nps")).isEqualTo(-50.0);
        // app/B2C: R3 = 8 (passive), R11 = 9 (promoter).
        Row app = group(JAN, "relationship_nps", "app", "B2C");
        assertThat(app.<Long>getAs("passives")).isEqualTo(1L);
        assertThat(app.<Long>getAs("promoters")).isEqualTo(1L);
        assertThat(app.<Long>getAs("detractors")).isZero();
        assertThat(app.<Double>getAs("nps")).isEqualTo(50.0);
        // B2C: 6, 7, 8, 0, 9: p = 0.2, d = 0.4: nps -20; 196 x sqrt((0.6 - 0.04) / 5) = 196 x sqrt(0.112) = 65.594...
        Row b2c = group(JAN, "relationship_nps", "ALL", "B2C");
        assertThat(b2c.<Double>getAs("nps")).isCloseTo(-20.0, within(1e-12));
        assertThat(b2c.<Double>getAs("nps_margin_of_error")).isCloseTo(65.594146080272, within(1e-9));
        // B2B: 9 and 10, all promoters: nps 100, no spread, margin 0.
        Row b2b = group(JAN, "relationship_nps", "ALL", "B2B");
        assertThat(b2b.<Double>getAs("nps")).isEqualTo(100.0);
        assertThat(b2b.<Double>getAs("nps_margin_of_error")).isZero();
    }

    @Test
    void expectationGapOnlyOverResponsesWithAnExpectation() {
        // Expectations: R1 6 vs 8 (-2), R3 8 vs 9 (-1), R4 9 vs 7 (+2); R2, R5, R6, R11 have none.
        // avg_expectation = 24/3 = 8, gap = -1/3 (not avg_score 7 - 8 = -1).
        Row all = group(JAN, "relationship_nps", "ALL", "ALL");
        assertThat(all.<Double>getAs("avg_expectation")).isCloseTo(8.0, within(1e-12));
        assertThat(all.<Double>getAs("expectation_gap")).isCloseTo(-1.0 / 3, within(1e-12));
        // web/B2B: R5 only, no expectation: both null.
        Row none = group(JAN, "relationship_nps", "web", "B2B");
        assertThat(none.<Double>getAs("avg_expectation")).isNull();
        assertThat(none.<Double>getAs("expectation_gap")).isNull();
        // A response without touchpoint is grouped as unknown (R6, score 0).
        Row unknown = group(JAN, "relationship_nps", "unknown", "ALL");
        assertThat(unknown.<Long>getAs("detractors")).isEqualTo(1L);
        assertThat(unknown.<Double>getAs("nps")).isEqualTo(-100.0);
    }

    @Test
    void csatHasNoNpsColumnsAndCountsResponsesUpToTheEndOfD() {
        // R7 (4, expected 5) at 23:59:59 on D, R9 (5, none); R8 at D+1 00:00 is out.
        Row all = group(FEB, "csat", "ALL", "ALL");
        assertThat(all.<Double>getAs("avg_score")).isEqualTo(4.5);
        assertThat(all.<Double>getAs("avg_expectation")).isEqualTo(5.0);
        assertThat(all.<Double>getAs("expectation_gap")).isEqualTo(-1.0);
        assertThat(all.<Long>getAs("promoters")).isNull();
        assertThat(all.<Long>getAs("passives")).isNull();
        assertThat(all.<Long>getAs("detractors")).isNull();
        assertThat(all.<Double>getAs("nps")).isNull();
        assertThat(all.<Double>getAs("nps_margin_of_error")).isNull();
    }

    @Test
    void touchpointsAndSegmentsAddUpToAll() {
        for (Row row : rows) {
            if (row.getAs("promoters") != null) {
                assertThat(row.<Long>getAs("promoters") + row.<Long>getAs("passives") + row.<Long>getAs("detractors"))
                        .isEqualTo(row.<Long>getAs("responses"));
                assertThat(row.<Double>getAs("nps")).isBetween(-100.0, 100.0);
            }
        }
        assertRatesWithinUnitInterval(rows);
        // Per month, type and segment, the touchpoints add up to ALL; per touchpoint, B2B + B2C = ALL.
        assertAddsUp("touchpoint", "segment");
        assertAddsUp("segment", "touchpoint");
    }

    private static void assertAddsUp(String rolledUp, String other) {
        Map<List<Object>, List<Row>> groups = rows.stream().collect(Collectors.groupingBy(
                row -> List.of(row.getAs("response_month"), row.getAs("survey_type"), row.getAs(other))));
        groups.forEach((key, group) -> {
            long all = group.stream().filter(row -> row.getAs(rolledUp).equals("ALL")).mapToLong(row -> row.<Long>getAs("responses")).sum();
            long parts = group.stream().filter(row -> !row.getAs(rolledUp).equals("ALL")).mapToLong(row -> row.<Long>getAs("responses")).sum();
            assertThat(parts).as("%s of %s", rolledUp, key).isEqualTo(all).isPositive();
        });
    }
}
