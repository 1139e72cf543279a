package io.engagementlake.gold;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.engagementlake.config.EngagementConfig;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gold {@code detractor_recovery} (spec §7.5): who to call back first. Customers whose latest
 * NPS response up to D ({@link LatestNps}) is a detractor response (0–6) dated in the window
 * of {@code actions.detractor_days} days, with what they said, ranked by engagement.
 *
 * <p>The list is the customer_engagement slice of D joined to one aggregate of the survey
 * responses; {@code priority} comes from {@link ActionListRanking}, which never sorts the
 * list in a single partition.
 */
public final class DetractorRecovery {
    private DetractorRecovery() {}

    /**
     * Grain: one row per listed customer, columns as in
     * {@code schemas/gold/detractor_recovery.yaml}. Only customers in the customer_engagement
     * snapshot of D (signed up ≤ D) can be listed; its rows of other as-of dates are ignored.
     *
     * @param customerEngagement gold customer_engagement (as_of_date, customer_id, segment, revenue_365d, engagement_score)
     * @param surveyResponses silver survey_responses
     */
    public static Dataset<Row> build(
            Dataset<Row> customerEngagement, Dataset<Row> surveyResponses, LocalDate asOf, EngagementConfig.Actions actions) {
        requireColumns(customerEngagement, "as_of_date", "customer_id", "segment", "revenue_365d", "engagement_score");
        AsOfWindow window = AsOfWindow.of(asOf, actions.detractorDays());
        Dataset<Row> detractors = LatestNps.perCustomer(surveyResponses, asOf)
                .where(window.contains(col("ts")).and(col("score").leq(6)));
        Dataset<Row> list = customerEngagement
                .where(col("as_of_date").equalTo(lit(asOf)))
                .select(col("customer_id"), col("segment"), col("revenue_365d"), col("engagement_score"))
                .join(detractors, "customer_id");
        return ActionListRanking.withPriority(list, List.of("engagement_score"), col("revenue_365d").desc(), col("customer_id").asc())
                .select(
                        lit(asOf).as("as_of_date"),
                        col("priority"),
                        col("customer_id"),
                        col("segment"),
                        col("response_id"),
                        col("survey_type"),
                        col("touchpoint"),
                        col("score").cast("int").as("score"),
                        col("response_date"),
                        col("comment"),
                        col("revenue_365d"),
                        col("engagement_score"));
    }
}
