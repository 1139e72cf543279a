package io.engagementlake.gold;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.silver.Fields;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Gold {@code customer_engagement} (spec §7.1): economic, visitor and social value, latest
 * NPS, churn status and explainable 0–100 scores of every customer at as-of date D.
 *
 * <p>Each silver input is aggregated once, by customer, with conditional aggregates (one
 * {@code groupBy} per input computes all of its measures over the windows they need; events
 * in two steps, by customer and date, then by customer), and the per-customer results are
 * joined to the customers that signed up before D + 1 day. Scores come from
 * {@link PercentileScores}: approximate quantiles, no global sort or window, no UDF.
 *
 * <p>The plan refers to the per-customer rows twice more — for the referrals (revenue of the
 * referred customers) and for the one-row percentile aggregate. Spark reuses the exchanges
 * that come out identical (sessions, survey responses); column pruning makes the transactions
 * and events aggregates of those branches narrower, so Spark computes them again. The job
 * persists those two inputs for the build, so each silver input is scanned once.
 */
public final class CustomerEngagement {
    private static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

    private CustomerEngagement() {}

    /**
     * The snapshot of D. Grain: one row per customer with signup_ts before D + 1 day 00:00
     * UTC, columns as in {@code schemas/gold/customer_engagement.yaml}, in its order.
     *
     * @param customers silver customers (customer_id, segment, country, signup_ts, referred_by)
     * @param transactions silver transactions (customer_id, ts, type, amount_reporting, net_amount)
     * @param sessions silver sessions (customer_key, session_date, duration_seconds)
     * @param events silver events (customer_key, ts, event_type)
     * @param surveyResponses silver survey_responses (response_id, customer_id, ts, survey_type, score)
     * @param predictions model columns by customer (customer_id, p_alive, predicted_orders_365d,
     *     predicted_clv_365d), see {@link io.engagementlake.model.ClvScoring}; customers without a row get nulls
     * @param asOf D
     */
    public static Dataset<Row> build(
            Dataset<Row> customers,
            Dataset<Row> transactions,
            Dataset<Row> sessions,
            Dataset<Row> events,
            Dataset<Row> surveyResponses,
            Dataset<Row> predictions,
            LocalDate asOf,
            EngagementConfig.Windows windows,
            EngagementConfig.Churn churn,
            EngagementConfig.Scores scores,
            EngagementConfig.Tiers tiers) {
        requireColumns(customers, "customer_id", "segment", "country", "signup_ts", "referred_by");
        requireColumns(transactions, "customer_id", "ts", "type", "amount_reporting", "net_amount");
        requireColumns(sessions, "customer_key", "session_date", "duration_seconds");
        requireColumns(events, "customer_key", "ts", "event_type");
        requireColumns(surveyResponses, "response_id", "customer_id", "ts", "survey_type", "score");
        requireColumns(predictions, "customer_id", "p_alive", "predicted_orders_365d", "predicted_clv_365d");
        AsOfWindow economic = AsOfWindow.of(asOf, windows.economicDays());
        AsOfWindow engagement = AsOfWindow.of(asOf, windows.engagementDays());

        Dataset<Row> withEconomic = customers
                .where(AsOfWindow.upTo(asOf, col("signup_ts")))
                .select(col("customer_id"), col("segment"), col("country"), col("signup_ts"), col("referred_by"))
                .join(transactionMeasures(transactions, asOf, economic), "customer_id", "left")
                .withColumn("revenue_365d", coalesce(col("revenue_365d"), lit(0)).cast(MONEY));

        Dataset<Row> measures = withEconomic
                .join(referralMeasures(withEconomic, economic), "customer_id", "left")
                .join(sessionMeasures(sessions, engagement), "customer_id", "left")
                .join(eventMeasures(events, asOf, engagement), "customer_id", "left")
                .join(surveyMeasures(surveyResponses, asOf, economic), "customer_id", "left")
                .join(predictions.select("customer_id", "p_alive", "predicted_orders_365d", "predicted_clv_365d"), "customer_id", "left")
                .transform(rows -> withValues(rows, asOf, scores.socialActionPoints()));

        Map<String, String> percentileScores = new LinkedHashMap<>();
        percentileScores.put("economic_value", "economic_score");
        percentileScores.put("social_points", "social_score");
        percentileScores.put("sessions_90d", "sessions_score");
        percentileScores.put("engaged_minutes_90d", "engaged_minutes_score");

        return PercentileScores.withScores(measures, percentileScores)
                .transform(rows -> withEngagementScore(rows, scores.weights(), tiers, churn))
                .select(contractColumns(asOf));
    }

    /**
     * One pass over the transactions up to D, by customer: the economic-window measures
     * and the all-history ones as conditional aggregates. Grain: one row per customer with
     * a transaction before D + 1 day.
     */
    static Dataset<Row> transactionMeasures(Dataset<Row> transactions, LocalDate asOf, AsOfWindow economic) {
        Column purchase = col("type").equalTo(lit("purchase"));
        Column inWindow = economic.contains(col("ts"));
        Column date = Fields.utcDate(col("ts"));
        Column orders = count(when(purchase.and(inWindow), lit(1)));
        Column purchaseAmount = sum(when(purchase.and(inWindow), col("amount_reporting")));
        return transactions
                .where(AsOfWindow.upTo(asOf, col("ts")))
                .groupBy(col("customer_id"))
                .agg(
                        orders.as("orders_365d"),
                        sum(when(inWindow, col("net_amount"))).as("revenue_365d"),
                        // Half-up, as Spark rounds decimals; null without orders (x / null).
                        round(purchaseAmount.divide(when(orders.gt(0), orders)), 2).cast(MONEY).as("avg_order_value_365d"),
                        sum(col("net_amount")).cast(MONEY).as("lifetime_revenue"),
                        min(when(purchase, date)).as("first_purchase_date"),
                        max(when(purchase, date)).as("last_purchase_date"));
    }

    /**
     * Referrals of each referrer among the snapshot's customers (signed up ≤ D): how many,
     * how many signed up in the economic window, and their revenue_365d. Grain: one row
     * per referrer.
     */
    static Dataset<Row> referralMeasures(Dataset<Row> snapshotWithRevenue, AsOfWindow economic) {
        return snapshotWithRevenue
                .where(col("referred_by").isNotNull())
                .groupBy(col("referred_by").as("customer_id"))
                .agg(
                        count(lit(1)).as("referred_customers"),
                        count(when(economic.contains(col("signup_ts")), lit(1))).as("referred_signups_365d"),
                        sum(col("revenue_365d")).cast(MONEY).as("referred_revenue_365d"));
    }

    /**
     * Sessions of stitched customers whose session date is in the engagement window.
     * Grain: one row per customer with such a session.
     */
    static Dataset<Row> sessionMeasures(Dataset<Row> sessions, AsOfWindow engagement) {
        return sessions
                .where(col("customer_key").isNotNull().and(engagement.containsDate(col("session_date"))))
                .groupBy(col("customer_key").as("customer_id"))
                .agg(
                        count(lit(1)).as("sessions_90d"),
                        sum(col("duration_seconds")).divide(60.0).as("engaged_minutes_90d"));
    }

    /**
     * One pass over the stitched events up to D, in two aggregation steps: by (customer,
     * date) — which also makes active days a plain count — then by customer. Grain: one
     * row per customer with an event before D + 1 day.
     */
    static Dataset<Row> eventMeasures(Dataset<Row> events, LocalDate asOf, AsOfWindow engagement) {
        Column type = col("event_type");
        Dataset<Row> days = events
                .where(col("customer_key").isNotNull().and(AsOfWindow.upTo(asOf, col("ts"))))
                .groupBy(col("customer_key").as("customer_id"), Fields.utcDate(col("ts")).as("_date"))
                .agg(
                        count(when(type.equalTo(lit("page_view")), lit(1))).as("_page_views"),
                        count(when(type.equalTo(lit("share")), lit(1))).as("_shares"),
                        count(when(type.equalTo(lit("comment")), lit(1))).as("_comments"),
                        count(when(type.equalTo(lit("review")), lit(1))).as("_reviews"),
                        count(when(type.equalTo(lit("referral_invite")), lit(1))).as("_referral_invites"));
        // The window's bounds are midnights, so "ts in the window" is "date in the window".
        Column inWindow = engagement.containsDate(col("_date"));
        return days
                .groupBy(col("customer_id"))
                .agg(
                        count(when(inWindow, lit(1))).as("active_days_90d"),
                        sum(when(inWindow, col("_page_views"))).as("page_views_90d"),
                        max(col("_date")).as("last_visit_date"),
                        sum(when(inWindow, col("_shares"))).as("shares_90d"),
                        sum(when(inWindow, col("_comments"))).as("comments_90d"),
                        sum(when(inWindow, col("_reviews"))).as("reviews_90d"),
                        sum(when(inWindow, col("_referral_invites"))).as("referral_invites_90d"));
    }

    /**
     * One pass over the survey responses up to D: the latest NPS response (see
     * {@link LatestNps}) and the mean CSAT in the economic window. Grain: one row per
     * customer with a response before D + 1 day.
     */
    static Dataset<Row> surveyMeasures(Dataset<Row> surveyResponses, LocalDate asOf, AsOfWindow economic) {
        Column csatInWindow = col("survey_type").equalTo(lit("csat")).and(economic.contains(col("ts")));
        return surveyResponses
                .where(AsOfWindow.upTo(asOf, col("ts")))
                .groupBy(col("customer_id"))
                .agg(
                        LatestNps.latest("score").as("_last_nps"),
                        avg(when(csatInWindow, col("score"))).as("avg_csat_365d"))
                .select(
                        col("customer_id"),
                        col("_last_nps.score").cast("int").as("last_nps_score"),
                        Fields.utcDate(col("_last_nps.ts")).as("last_nps_date"),
                        col("avg_csat_365d"));
    }

    /**
     * Fills the counts of customers without activity with 0 and adds the derived values:
     * recency, economic_value (predicted_clv_365d counts as 0 when null) and social_points.
     * Grain unchanged.
     */
    static Dataset<Row> withValues(Dataset<Row> rows, LocalDate asOf, EngagementConfig.SocialActionPoints points) {
        Map<String, Column> values = new LinkedHashMap<>();
        for (String count : new String[] {"orders_365d", "referred_customers", "referred_signups_365d", "sessions_90d",
                "active_days_90d", "page_views_90d", "shares_90d", "comments_90d", "reviews_90d", "referral_invites_90d"}) {
            values.put(count, coalesce(col(count), lit(0L)).cast("bigint"));
        }
        values.put("lifetime_revenue", coalesce(col("lifetime_revenue"), lit(0)).cast(MONEY));
        values.put("referred_revenue_365d", coalesce(col("referred_revenue_365d"), lit(0)).cast(MONEY));
        values.put("engaged_minutes_90d", coalesce(col("engaged_minutes_90d"), lit(0.0)));
        values.put("recency_days", date_diff(lit(asOf), col("last_purchase_date")));
        values.put("predicted_clv_365d", col("predicted_clv_365d").cast(MONEY));
        Dataset<Row> filled = rows.withColumns(values);

        Column socialPoints = col("shares_90d").multiply(points.share())
                .plus(col("comments_90d").multiply(points.comment()))
                .plus(col("reviews_90d").multiply(points.review()))
                .plus(col("referral_invites_90d").multiply(points.referralInvite()))
                .plus(col("referred_signups_365d").multiply(points.referredSignup()));
        return filled
                .withColumn("economic_value", col("revenue_365d").plus(coalesce(col("predicted_clv_365d"), lit(0))).cast(MONEY))
                .withColumn("social_points", socialPoints.cast("double"));
    }

    /** Adds visitor_score, engagement_score, engagement_tier and status. Grain unchanged. */
    static Dataset<Row> withEngagementScore(
            Dataset<Row> rows, EngagementConfig.Weights weights, EngagementConfig.Tiers tiers, EngagementConfig.Churn churn) {
        Column visitorScore = round(col("sessions_score").plus(col("engaged_minutes_score")).divide(2), 2);
        Column engagementScore = round(col("economic_score").multiply(weights.economic())
                .plus(col("social_score").multiply(weights.social()))
                .plus(col("visitor_score").multiply(weights.visitor())), 2);
        return rows
                .withColumn("visitor_score", visitorScore)
                .withColumn("engagement_score", engagementScore)
                .withColumn("engagement_tier", tier(col("engagement_score"), tiers))
                .withColumn("status", status(col("last_purchase_date"), col("recency_days"), churn));
    }

    /** champion ≥ tiers.champion, engaged ≥ tiers.engaged, casual ≥ tiers.casual, dormant > 0, inactive otherwise (0). */
    static Column tier(Column engagementScore, EngagementConfig.Tiers tiers) {
        return when(engagementScore.geq(tiers.champion()), lit("champion"))
                .when(engagementScore.geq(tiers.engaged()), lit("engaged"))
                .when(engagementScore.geq(tiers.casual()), lit("casual"))
                .when(engagementScore.gt(0), lit("dormant"))
                .otherwise(lit("inactive"));
    }

    /** prospect (never purchased), active (recency_days ≤ churn.inactivity_days), churned. */
    static Column status(Column lastPurchaseDate, Column recencyDays, EngagementConfig.Churn churn) {
        return when(lastPurchaseDate.isNull(), lit("prospect"))
                .when(recencyDays.leq(churn.inactivityDays()), lit("active"))
                .otherwise(lit("churned"));
    }

    /** The contract's columns, in its order. */
    private static Column[] contractColumns(LocalDate asOf) {
        return new Column[] {
            lit(asOf).as("as_of_date"),
            col("customer_id"),
            col("segment"),
            col("country"),
            Fields.utcDate(col("signup_ts")).as("signup_date"),
            col("orders_365d"),
            col("revenue_365d"),
            col("avg_order_value_365d"),
            col("lifetime_revenue"),
            col("first_purchase_date"),
            col("last_purchase_date"),
            col("recency_days"),
            col("sessions_90d"),
            col("active_days_90d"),
            col("engaged_minutes_90d"),
            col("page_views_90d"),
            col("last_visit_date"),
            col("shares_90d"),
            col("comments_90d"),
            col("reviews_90d"),
            col("referral_invites_90d"),
            col("referred_customers"),
            col("referred_signups_365d"),
            col("referred_revenue_365d"),
            col("last_nps_score"),
            col("last_nps_date"),
            LatestNps.category(col("last_nps_score")).as("nps_category"),
            col("avg_csat_365d"),
            col("p_alive"),
            col("predicted_orders_365d"),
            col("predicted_clv_365d"),
            col("economic_value"),
            col("economic_score"),
            col("social_points"),
            col("social_score"),
            col("sessions_score"),
            col("engaged_minutes_score"),
            col("visitor_score"),
            col("engagement_score"),
            col("engagement_tier"),
            col("status"),
        };
    }
}
