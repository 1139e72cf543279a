package io.engagementlake.gold;

import static io.engagementlake.gold.GoldColumns.MONEY;
import static io.engagementlake.gold.GoldColumns.groupingSets;
import static io.engagementlake.gold.GoldColumns.valueOrAll;
import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_dt_interval;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.config.EngagementConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Gold {@code cx_impact}: does experience turn into revenue, retention and referrals? (spec §7.4). */
public final class CxImpact {
    static final String DETRACTOR = "detractor";

    private CxImpact() {}

    /**
     * Follows each relationship NPS response whose horizon H has matured by D (ts + H days
     * &lt; D+1 day 00:00 UTC) over (ts, ts + H]: the customer's net revenue (refunds
     * included), whether they made a purchase, and how many customers they referred signed
     * up; then averages these per NPS category and current segment (B2B, B2C and
     * {@code ALL}), with revenue indexed on the same segment's detractors. Grain: one row per
     * (nps_category, segment); the columns of {@code schemas/gold/cx_impact.yaml}.
     *
     * @param surveyResponses silver survey_responses (response_id, customer_id, ts, survey_type, score)
     * @param transactions silver transactions (customer_id, ts, type, net_amount)
     * @param customers silver customers (customer_id, segment, signup_ts, referred_by)
     */
    public static Dataset<Row> build(Dataset<Row> surveyResponses, Dataset<Row> transactions, Dataset<Row> customers,
            LocalDate asOf, EngagementConfig.Impact impact) {
        requireColumns(surveyResponses, "response_id", "customer_id", "ts", "survey_type", "score");
        requireColumns(transactions, "customer_id", "ts", "type", "net_amount");
        requireColumns(customers, "customer_id", "segment", "signup_ts", "referred_by");
        Dataset<Row> outcomes = responseOutcomes(maturedResponses(surveyResponses, asOf, impact.horizonDays()),
                transactions, customers, asOf);
        Column category = col("nps_category");
        Column segment = col("segment");
        Dataset<Row> groups = groupingSets(outcomes, List.of(List.of(category, segment), List.of(category)), category, segment)
                .agg(
                        valueOrAll("segment").as("_segment"),
                        count(lit(1)).as("responses"),
                        count_distinct(col("customer_id")).as("customers"),
                        round(avg(col("revenue_after")), 2).cast(MONEY).as("avg_revenue_after"),
                        avg(when(col("retained"), 1.0).otherwise(0.0)).as("retention_rate"),
                        avg(col("referrals_after").cast("double")).as("avg_referrals_after"))
                .drop("segment")
                .withColumnRenamed("_segment", "segment");
        // The published (rounded) detractor average, so that the index can be checked from the table.
        Column detractorRevenue = max(when(category.equalTo(lit(DETRACTOR)), col("avg_revenue_after")))
                .over(Window.partitionBy(col("segment")));
        return groups.select(
                lit(asOf).as("as_of_date"),
                category,
                col("segment"),
                lit(impact.horizonDays()).as("horizon_days"),
                col("responses"),
                col("customers"),
                col("avg_revenue_after"),
                col("retention_rate"),
                lit(1.0).minus(col("retention_rate")).as("churn_rate"),
                col("avg_referrals_after"),
                when(detractorRevenue.notEqual(lit(0)), col("avg_revenue_after").divide(detractorRevenue).cast("double"))
                        .as("revenue_index"));
    }

    /**
     * Relationship NPS responses with ts + H days &lt; D+1 day, i.e. ts &lt; D+1 day − H days
     * (a response exactly H days before D+1 day 00:00 is not matured yet), with their
     * horizon (ts, ts + H] and NPS category.
     */
    static Dataset<Row> maturedResponses(Dataset<Row> surveyResponses, LocalDate asOf, int horizonDays) {
        java.time.Instant maturedBefore = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofDays(horizonDays));
        Column score = col("score");
        return surveyResponses
                .where(col("survey_type").equalTo(lit("relationship_nps")).and(col("ts").lt(lit(maturedBefore))))
                .select(
                        col("response_id"),
                        col("customer_id"),
                        col("ts").as("_from"),
                        col("ts").plus(make_dt_interval(lit(horizonDays))).as("_to"),
                        when(score.geq(lit(9)), lit("promoter")).when(score.geq(lit(7)), lit("passive")).otherwise(lit(DETRACTOR))
                                .as("nps_category"));
    }

    /**
     * Per response: the customer's current segment, revenue_after, retained and
     * referrals_after. Transactions and customers are each read once: they become one set of
     * facts keyed by the customer they belong to (a transaction, the customer's own row, a
     * referred customer's signup), joined to the responses on that key (an equi-join) with the
     * horizon as a range condition.
     */
    static Dataset<Row> responseOutcomes(Dataset<Row> matured, Dataset<Row> transactions, Dataset<Row> customers, LocalDate asOf) {
        Dataset<Row> transactionFacts = transactions
                .where(AsOfWindow.upTo(asOf, col("ts")))
                .select(
                        col("customer_id").as("_key"),
                        col("ts").as("_at"),
                        col("net_amount").cast(MONEY).as("_net_amount"),
                        col("type").equalTo(lit("purchase")).as("_purchase"),
                        lit(false).as("_referral"),
                        lit(null).cast("string").as("_segment"));
        Column noAmount = lit(null).cast(MONEY);
        Column noInstant = lit(null).cast("timestamp");
        Dataset<Row> customerFacts = customers
                .select(explode(array(
                        // The customer's own row: their segment, whatever the horizon.
                        struct(col("customer_id").as("_key"), noInstant.as("_at"), noAmount.as("_net_amount"),
                                lit(false).as("_purchase"), lit(false).as("_referral"), col("segment").as("_segment")),
                        // The referrer's fact: a referred customer signed up at signup_ts.
                        struct(col("referred_by").as("_key"), col("signup_ts").as("_at"), noAmount.as("_net_amount"),
                                lit(false).as("_purchase"), lit(true).as("_referral"), lit(null).cast("string").as("_segment"))))
                        .as("_fact"))
                .select(col("_fact.*"))
                .where(col("_key").isNotNull());
        Column inHorizon = col("_at").gt(col("_from")).and(col("_at").leq(col("_to")));
        Column ownRow = col("_segment").isNotNull();
        return matured
                .join(transactionFacts.unionByName(customerFacts),
                        col("customer_id").equalTo(col("_key")).and(ownRow.or(inHorizon)))
                .groupBy(col("response_id"), col("customer_id"), col("nps_category"))
                .agg(
                        max(col("_segment")).as("segment"),
                        coalesce(sum(col("_net_amount")), lit(0).cast(MONEY)).as("revenue_after"),
                        coalesce(max(col("_purchase")), lit(false)).as("retained"),
                        sum(when(col("_referral"), 1).otherwise(0)).cast("bigint").as("referrals_after"))
                // A response whose customer has no customers row has no segment: left out.
                .where(col("segment").isNotNull());
    }
}
