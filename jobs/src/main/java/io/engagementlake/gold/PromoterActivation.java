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
 * Gold {@code promoter_activation} (spec §7.5, §5.2): who to ask for a referral or a review.
 * Customers whose latest NPS response up to D ({@link LatestNps}) is a promoter response
 * (9–10) dated in the window of {@code actions.promoter_days} days, who accept marketing
 * ({@code consent_marketing} true in their current customers row) and sent no referral
 * invite in the engagement window; ranked by social_score, then engagement_score.
 *
 * <p>{@code priority} comes from {@link ActionListRanking}, which never sorts the list in a
 * single partition. No survey comment is carried (spec §5.2).
 */
public final class PromoterActivation {
    private PromoterActivation() {}

    /**
     * Grain: one row per listed customer, columns as in
     * {@code schemas/gold/promoter_activation.yaml}. Only customers in the
     * customer_engagement snapshot of D can be listed; its rows of other as-of dates are
     * ignored.
     *
     * @param customerEngagement gold customer_engagement (as_of_date, customer_id, segment,
     *     referral_invites_90d, social_score, engagement_score, revenue_365d)
     * @param surveyResponses silver survey_responses
     * @param customers silver customers (customer_id, consent_marketing)
     */
    public static Dataset<Row> build(
            Dataset<Row> customerEngagement,
            Dataset<Row> surveyResponses,
            Dataset<Row> customers,
            LocalDate asOf,
            EngagementConfig.Actions actions) {
        requireColumns(customerEngagement,
                "as_of_date", "customer_id", "segment", "referral_invites_90d", "social_score", "engagement_score", "revenue_365d");
        requireColumns(customers, "customer_id", "consent_marketing");
        AsOfWindow window = AsOfWindow.of(asOf, actions.promoterDays());
        Dataset<Row> promoters = LatestNps.perCustomer(surveyResponses, asOf)
                .where(window.contains(col("ts")).and(col("score").geq(9)));
        Dataset<Row> consenting = customers.where(col("consent_marketing").equalTo(lit(true))).select(col("customer_id"));
        Dataset<Row> list = customerEngagement
                .where(col("as_of_date").equalTo(lit(asOf)).and(col("referral_invites_90d").equalTo(0)))
                .select(col("customer_id"), col("segment"), col("social_score"), col("engagement_score"), col("revenue_365d"))
                .join(consenting, "customer_id")
                .join(promoters, "customer_id");
        return ActionListRanking.withPriority(list, List.of("social_score", "engagement_score"), col("customer_id").asc())
                .select(
                        lit(asOf).as("as_of_date"),
                        col("priority"),
                        col("customer_id"),
                        col("segment"),
                        col("survey_type"),
                        col("touchpoint"),
                        col("score").cast("int").as("score"),
                        col("response_date"),
                        col("social_score"),
                        col("engagement_score"),
                        col("revenue_365d"));
    }
}
