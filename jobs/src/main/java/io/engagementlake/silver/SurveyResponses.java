package io.engagementlake.silver;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Silver {@code survey_responses}: valid, deduplicated responses of known customers (spec §6). */
public final class SurveyResponses {
    private static final List<String> REQUIRED = List.of("response_id", "customer_id", "ts", "survey_type", "score");

    /** The scale of each survey type, lowest and highest score (spec §5.1). */
    public static final Map<String, int[]> SCALES = Map.of(
            "relationship_nps", new int[] {0, 10},
            "transactional_nps", new int[] {0, 10},
            "csat", new int[] {1, 5},
            "ces", new int[] {1, 7});

    private SurveyResponses() {}

    /**
     * Classifies landed survey rows like transactions: rule violations quarantined, later
     * copies of a response_id dropped, responses of customers not landed yet quarantined as
     * {@code unknown_customer}. Grain: one row per landed row.
     */
    public static Dataset<Row> classify(Dataset<Row> bronze, Dataset<Row> customers) {
        requireColumns(bronze, "_malformed_text", "_landing_date", "_landing_file", "_record_index");
        return bronze
                .transform(SurveyResponses::withParsedFields)
                .transform(rows -> Classification.withFirstViolation(rows, rules()))
                .transform(rows -> Classification.markDuplicates(rows, "response_id"))
                .transform(rows -> Classification.markUnknownCustomers(rows, customers));
    }

    /** Typed silver columns of the kept rows. Grain: one row per survey response. */
    public static Dataset<Row> toSilver(Dataset<Row> classified) {
        return Classification.kept(classified).select(
                Fields.text("response_id").as("response_id"),
                Fields.text("customer_id").as("customer_id"),
                col("_ts").as("ts"),
                Fields.utcDate(col("_ts")).as("response_date"),
                Fields.text("survey_type").as("survey_type"),
                Fields.text("touchpoint").as("touchpoint"),
                col("_score").as("score"),
                col("_expectation_score").as("expectation_score"),
                // Comments are free text: keep them as landed, only blank ones become null.
                when(Fields.text("comment").isNotNull(), col("comment")).as("comment"),
                col("_landing_date").as("landing_date"));
    }

    static Dataset<Row> withParsedFields(Dataset<Row> rows) {
        return rows
                .withColumn("_ts", Fields.instant("ts"))
                .withColumn("_score", Fields.integer("score"))
                .withColumn("_expectation_score", Fields.integer("expectation_score"));
    }

    static List<Rule> rules() {
        Column type = Fields.text("survey_type");
        return Rules.builder()
                .malformed()
                .missing(REQUIRED)
                .badTimestamp("ts", "_ts")
                .inFuture("ts", "_ts")
                .add(Rule.onColumn(Reason.UNKNOWN_SURVEY_TYPE, "survey_type", type.isin(SCALES.keySet().toArray()).unary_$bang()))
                .add(Rule.onColumn(Reason.SCORE_OUT_OF_RANGE, "score", outOfScale("_score", type)))
                .add(Rule.onColumn(Reason.SCORE_OUT_OF_RANGE, "expectation_score",
                        Fields.text("expectation_score").isNotNull().and(outOfScale("_expectation_score", type))))
                .build();
    }

    /** True when the parsed score is missing (not an integer) or off the type's scale. */
    private static Column outOfScale(String parsedColumn, Column type) {
        Column score = col(parsedColumn);
        Column inScale = lit(false);
        for (Map.Entry<String, int[]> scale : SCALES.entrySet()) {
            inScale = inScale.or(type.equalTo(lit(scale.getKey()))
                    .and(score.between(scale.getValue()[0], scale.getValue()[1])));
        }
        return score.isNull().or(inScale.unary_$bang());
    }
}
