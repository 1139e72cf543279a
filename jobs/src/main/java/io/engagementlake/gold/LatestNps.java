package io.engagementlake.gold;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.silver.Fields;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A customer's latest NPS response (spec §7.1, §7.5): of their relationship_nps and
 * transactional_nps responses with ts before D + 1 day, the one with the latest ts, ties
 * broken by the greatest response_id; and the NPS category of a score. Shared by
 * customer_engagement and the action lists so that they always agree on "latest".
 */
public final class LatestNps {
    public static final List<String> NPS_TYPES = List.of("relationship_nps", "transactional_nps");

    private LatestNps() {}

    /** True for an NPS survey type. */
    public static Column isNps(Column surveyType) {
        return surveyType.isin(NPS_TYPES.toArray());
    }

    /**
     * Aggregate: the latest NPS response of the group as a struct {@code (ts, response_id,
     * payload...)}, null if the group has none. Structs compare field by field, so the
     * maximum is the latest ts and, among equal ts, the greatest response_id. The caller
     * filters ts to ≤ D. {@code payload} are further columns of the response to carry.
     */
    public static Column latest(String... payload) {
        List<Column> fields = new ArrayList<>(List.of(col("ts"), col("response_id")));
        for (String column : payload) {
            fields.add(col(column));
        }
        return max(when(isNps(col("survey_type")), struct(fields.toArray(Column[]::new))));
    }

    /**
     * The latest NPS response up to D of every customer that has one, with its
     * survey_type, touchpoint, score, comment and UTC response_date. Grain: one row per
     * customer with at least one NPS response with ts before D + 1 day.
     */
    public static Dataset<Row> perCustomer(Dataset<Row> surveyResponses, LocalDate asOf) {
        requireColumns(surveyResponses, "response_id", "customer_id", "ts", "survey_type", "touchpoint", "score", "comment");
        return surveyResponses
                .where(AsOfWindow.upTo(asOf, col("ts")).and(isNps(col("survey_type"))))
                .groupBy(col("customer_id"))
                .agg(latest("survey_type", "touchpoint", "score", "comment").as("_latest"))
                .select(
                        col("customer_id"),
                        col("_latest.response_id").as("response_id"),
                        col("_latest.ts").as("ts"),
                        Fields.utcDate(col("_latest.ts")).as("response_date"),
                        col("_latest.survey_type").as("survey_type"),
                        col("_latest.touchpoint").as("touchpoint"),
                        col("_latest.score").as("score"),
                        col("_latest.comment").as("comment"));
    }

    /** promoter (9–10), passive (7–8), detractor (0–6), none (null score: no NPS response). */
    public static Column category(Column score) {
        return when(score.isNull(), lit("none"))
                .when(score.geq(9), lit("promoter"))
                .when(score.geq(7), lit("passive"))
                .otherwise(lit("detractor"));
    }
}
