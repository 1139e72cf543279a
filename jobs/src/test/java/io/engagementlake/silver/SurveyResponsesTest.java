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

class SurveyResponsesTest {
    private static final String TS = "2025-01-02T10:00:00Z";

    @Test
    void checksEachScoreAgainstItsSurveyTypesScale() {
        Dataset<Row> bronze = BronzeRows.of(Source.SURVEYS)
                .row("2025-01-02", "a.csv", "R1", "C1", TS, "relationship_nps", "web", "0", "10", "")
                .row("2025-01-02", "a.csv", "R2", "C1", TS, "relationship_nps", "web", "11", "", "")
                .row("2025-01-02", "a.csv", "R3", "C1", TS, "transactional_nps", "web", "10", "", "")
                .row("2025-01-02", "a.csv", "R4", "C1", TS, "csat", "web", "0", "", "")
                .row("2025-01-02", "a.csv", "R5", "C1", TS, "csat", "web", "5", "", "")
                .row("2025-01-02", "a.csv", "R6", "C1", TS, "ces", "web", "7", "", "")
                .row("2025-01-02", "a.csv", "R7", "C1", TS, "ces", "web", "8", "", "")
                .row("2025-01-02", "a.csv", "R8", "C1", TS, "csat", "web", "4.5", "", "")
                .row("2025-01-02", "a.csv", "R9", "C1", TS, "csat", "web", "4", "6", "")
                .row("2025-01-02", "a.csv", "R10", "C1", TS, "nps_v2", "web", "4", "", "")
                .row("2025-01-02", "a.csv", "R11", "C1", TS, "csat", "web", "", "", "")
                .row("2025-01-02", "a.csv", "R12", "C9", TS, "csat", "web", "3", "", "")
                .row("2025-01-03", "a.csv", "R1", "C1", TS, "relationship_nps", "web", "0", "10", "")
                .toDataset();

        java.util.List<String> outcomes = SurveyResponses.classify(bronze, customers()).collectAsList().stream()
                .map(row -> row.getAs("response_id") + "@" + row.getAs("_landing_date") + ":"
                        + (row.getAs(Classification.REASON) == null ? "kept" : row.getAs(Classification.REASON)))
                .toList();

        assertThat(outcomes).containsExactlyInAnyOrder(
                "R1@2025-01-02:kept",
                "R1@2025-01-03:duplicate",
                "R2@2025-01-02:score_out_of_range",
                "R3@2025-01-02:kept",
                "R4@2025-01-02:score_out_of_range",
                "R5@2025-01-02:kept",
                "R6@2025-01-02:kept",
                "R7@2025-01-02:score_out_of_range",
                "R8@2025-01-02:score_out_of_range",
                "R9@2025-01-02:score_out_of_range",
                "R10@2025-01-02:unknown_survey_type",
                "R11@2025-01-02:missing_field",
                "R12@2025-01-02:unknown_customer");
    }

    @Test
    void keepsCommentsWithCommasQuotesAndNewlinesAsLanded() {
        Dataset<Row> bronze = BronzeRows.of(Source.SURVEYS)
                .row("2025-01-02", "a.csv", "R1", "C1", TS, "relationship_nps", "delivery", "3", "8", "Late, \"again\"\nand rude")
                .row("2025-01-02", "a.csv", "R2", "C1", TS, "csat", "web", "5", "", "  ")
                .toDataset();

        Map<String, Row> responses = byId(SurveyResponses.toSilver(SurveyResponses.classify(bronze, customers())), "response_id");

        assertThat(responses.get("R1").<String>getAs("comment")).isEqualTo("Late, \"again\"\nand rude");
        assertThat(responses.get("R1").<Integer>getAs("score")).isEqualTo(3);
        assertThat(responses.get("R1").<Integer>getAs("expectation_score")).isEqualTo(8);
        assertThat(responses.get("R2").<String>getAs("comment")).isNull();
        assertThat(responses.get("R2").<Integer>getAs("expectation_score")).isNull();
    }

    @Test
    void unknownCustomerIsAdmittedOnceTheCustomerHasLanded() {
        Dataset<Row> bronze = BronzeRows.of(Source.SURVEYS)
                .row("2025-01-02", "a.csv", "R1", "C3", TS, "csat", "web", "4", "", "")
                .toDataset();
        Dataset<Row> before = SparkTestSession.get().sql("SELECT 'C1' AS customer_id");
        Dataset<Row> after = SparkTestSession.get().sql("SELECT * FROM VALUES ('C1'), ('C3') AS t(customer_id)");

        assertThat(reasonsById(SurveyResponses.classify(bronze, before), "response_id")).containsOnly(entry("R1", "unknown_customer"));
        assertThat(reasonsById(SurveyResponses.classify(bronze, after), "response_id")).containsOnly(entry("R1", "kept"));
    }

    private static Dataset<Row> customers() {
        return SparkTestSession.get().sql("SELECT * FROM VALUES ('C1'), ('C2') AS customers(customer_id)");
    }
}
