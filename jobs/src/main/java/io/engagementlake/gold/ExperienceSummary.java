package io.engagementlake.gold;

import static io.engagementlake.gold.GoldColumns.groupingSets;
import static io.engagementlake.gold.GoldColumns.valueOrAll;
import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.silver.Fields;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Gold {@code experience_summary}: NPS, CSAT and CES by month, touchpoint and segment (spec §7.3). */
public final class ExperienceSummary {
    /** The survey types whose scores are NPS scores (0–10) and get promoter/detractor counts. */
    static final List<String> NPS_TYPES = List.of("relationship_nps", "transactional_nps");

    /** The touchpoint of responses that name none, so that the touchpoint rows add up to ALL. */
    static final String NO_TOUCHPOINT = "unknown";

    private ExperienceSummary() {}

    /**
     * Summarises the survey responses with ts &lt; D+1 day by UTC month of the response,
     * survey type, touchpoint (each, and {@code ALL}) and the customer's current segment
     * (B2B, B2C and {@code ALL}), in one pass with grouping sets. Groups without a response
     * have no row. Grain: one row per (response_month, survey_type, touchpoint, segment);
     * the columns of {@code schemas/gold/experience_summary.yaml}.
     *
     * @param surveyResponses silver survey_responses (customer_id, ts, survey_type, touchpoint, score, expectation_score)
     * @param customers silver customers (customer_id, segment)
     */
    public static Dataset<Row> build(Dataset<Row> surveyResponses, Dataset<Row> customers, LocalDate asOf) {
        requireColumns(surveyResponses, "customer_id", "ts", "survey_type", "touchpoint", "score", "expectation_score");
        requireColumns(customers, "customer_id", "segment");
        Dataset<Row> responses = surveyResponses
                .where(AsOfWindow.upTo(asOf, col("ts")))
                .join(customers.select(col("customer_id"), col("segment")), "customer_id")
                .select(
                        trunc(Fields.utcDate(col("ts")), "month").as("response_month"),
                        col("survey_type"),
                        coalesce(col("touchpoint"), lit(NO_TOUCHPOINT)).as("touchpoint"),
                        col("segment"),
                        col("score"),
                        col("expectation_score"));
        Column month = col("response_month");
        Column type = col("survey_type");
        Column touchpoint = col("touchpoint");
        Column segment = col("segment");
        Dataset<Row> groups = groupingSets(responses,
                List.of(List.of(month, type, touchpoint, segment), List.of(month, type, touchpoint),
                        List.of(month, type, segment), List.of(month, type)),
                month, type, touchpoint, segment)
                .agg(
                        valueOrAll("touchpoint").as("_touchpoint"),
                        valueOrAll("segment").as("_segment"),
                        count(lit(1)).as("responses"),
                        avg(col("score")).as("avg_score"),
                        avg(col("expectation_score")).as("avg_expectation"),
                        // Null where expectation_score is, so only responses with one count.
                        avg(col("score").minus(col("expectation_score"))).as("expectation_gap"),
                        countWhere(col("score").geq(lit(9))).as("_promoters"),
                        countWhere(col("score").between(7, 8)).as("_passives"),
                        countWhere(col("score").leq(lit(6))).as("_detractors"));
        Column isNps = col("survey_type").isin(NPS_TYPES.toArray());
        Column responsesCount = col("responses");
        Column promoterShare = col("_promoters").divide(responsesCount);
        Column detractorShare = col("_detractors").divide(responsesCount);
        // p + d - (p - d)^2 is the variance of the +1/0/-1 score; never negative except by rounding.
        Column variance = greatest(lit(0.0), promoterShare.plus(detractorShare).minus(pow(promoterShare.minus(detractorShare), 2)));
        return groups.select(
                lit(asOf).as("as_of_date"),
                col("response_month"),
                col("survey_type"),
                col("_touchpoint").as("touchpoint"),
                col("_segment").as("segment"),
                responsesCount,
                col("avg_score"),
                col("avg_expectation").cast("double").as("avg_expectation"),
                col("expectation_gap").cast("double").as("expectation_gap"),
                when(isNps, col("_promoters")).as("promoters"),
                when(isNps, col("_passives")).as("passives"),
                when(isNps, col("_detractors")).as("detractors"),
                when(isNps, lit(100.0).multiply(col("_promoters").minus(col("_detractors"))).divide(responsesCount)).as("nps"),
                when(isNps, lit(196.0).multiply(sqrt(variance.divide(responsesCount)))).as("nps_margin_of_error"));
    }

    private static Column countWhere(Column condition) {
        return sum(when(condition, 1).otherwise(0)).cast("bigint");
    }
}
