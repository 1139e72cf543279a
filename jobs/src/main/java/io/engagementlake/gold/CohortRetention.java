package io.engagementlake.gold;

import static io.engagementlake.gold.GoldColumns.MONEY;
import static io.engagementlake.gold.GoldColumns.groupingSets;
import static io.engagementlake.gold.GoldColumns.valueOrAll;
import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.silver.Fields;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Gold {@code cohort_retention}: how monthly cohorts of first-time buyers keep buying (spec §7.2). */
public final class CohortRetention {
    private CohortRetention() {}

    /**
     * Retention, churn and revenue retention of each cohort (UTC month of a customer's first
     * purchase with ts &lt; D+1 day) in every month since, from period 0 to the month of D,
     * including months in which nobody in the cohort bought. Segments are those of the
     * current customers rows, plus {@code ALL}. Grain: one row per (cohort_month, segment,
     * period); the columns of {@code schemas/gold/cohort_retention.yaml}.
     *
     * @param transactions silver transactions (customer_id, ts, type, net_amount)
     * @param customers silver customers (customer_id, segment)
     */
    public static Dataset<Row> build(Dataset<Row> transactions, Dataset<Row> customers, LocalDate asOf) {
        requireColumns(transactions, "customer_id", "ts", "type", "net_amount");
        requireColumns(customers, "customer_id", "segment");
        Dataset<Row> activity = groupingSets(cohortCustomerMonths(transactions, customers, asOf),
                List.of(List.of(col("cohort_month"), col("period"), col("segment")), List.of(col("cohort_month"), col("period"))),
                col("cohort_month"), col("period"), col("segment"))
                .agg(
                        valueOrAll("segment").as("_segment"),
                        sum(when(col("active"), 1).otherwise(0)).cast("bigint").as("active_customers"),
                        sum(when(col("stays_active"), 1).otherwise(0)).cast("bigint").as("staying_customers"),
                        sum(col("net_revenue")).as("net_revenue"))
                .drop("segment")
                .withColumnRenamed("_segment", "segment");
        return withRates(everyPeriod(activity, asOf), asOf);
    }

    /**
     * One row per cohort customer and month of activity (month ≥ cohort month, ts &lt; D+1
     * day): whether the customer bought in that month ({@code active}), whether they bought
     * in the next month too ({@code stays_active}), the month's net revenue (refunds
     * included) and the customer's current segment. Refund-only customers have no cohort.
     */
    static Dataset<Row> cohortCustomerMonths(Dataset<Row> transactions, Dataset<Row> customers, LocalDate asOf) {
        WindowSpec customer = Window.partitionBy(col("customer_id"));
        WindowSpec laterMonths = Window.partitionBy(col("customer_id")).orderBy(col("month"))
                .rowsBetween(1, Window.unboundedFollowing());
        Column purchaseMonth = when(col("active"), col("month"));
        return transactions
                .where(AsOfWindow.upTo(asOf, col("ts")))
                .groupBy(col("customer_id"), trunc(Fields.utcDate(col("ts")), "month").as("month"))
                .agg(
                        max(col("type").equalTo(lit("purchase"))).as("active"),
                        sum(col("net_amount")).as("net_revenue"))
                .withColumn("cohort_month", min(purchaseMonth).over(customer))
                // The next month with a purchase, whatever lies between.
                .withColumn("_next_active_month", min(purchaseMonth).over(laterMonths))
                .where(col("cohort_month").isNotNull().and(col("month").geq(col("cohort_month"))))
                .withColumn("period", months_between(col("month"), col("cohort_month")).cast("int"))
                .withColumn("stays_active", col("active").and(coalesce(
                        col("_next_active_month").equalTo(add_months(col("month"), 1)), lit(false))))
                .join(customers.select(col("customer_id"), col("segment")), "customer_id");
    }

    /**
     * Every period 0 .. month of D of each cohort and segment, with the cohort's size, also
     * the periods in which nobody bought (no activity row): each cohort's few activity rows
     * are gathered into a map by period and looked up for every k, rather than joined back
     * to themselves, so that the transactions are read once.
     */
    private static Dataset<Row> everyPeriod(Dataset<Row> activity, LocalDate asOf) {
        Column lastPeriod = months_between(trunc(lit(asOf), "month"), col("cohort_month")).cast("int");
        Column byPeriod = map_from_entries(collect_list(struct(col("period"),
                struct(col("active_customers"), col("staying_customers"), col("net_revenue")))));
        Column ofPeriod = try_element_at(col("_by_period"), col("period"));
        return activity
                .groupBy(col("cohort_month"), col("segment"))
                .agg(byPeriod.as("_by_period"))
                // Every cohort customer bought in the cohort month: period 0's active customers are the cohort.
                .withColumn("cohort_size", try_element_at(col("_by_period"), lit(0)).getField("active_customers"))
                .withColumn("period", explode(sequence(lit(0), lastPeriod)))
                .select(
                        col("cohort_month"),
                        col("segment"),
                        col("period"),
                        col("cohort_size"),
                        ofPeriod.getField("active_customers").as("active_customers"),
                        ofPeriod.getField("staying_customers").as("staying_customers"),
                        ofPeriod.getField("net_revenue").as("net_revenue"));
    }

    private static Dataset<Row> withRates(Dataset<Row> periods, LocalDate asOf) {
        WindowSpec cohort = Window.partitionBy(col("cohort_month"), col("segment"));
        WindowSpec cohortTimeline = cohort.orderBy(col("period"));
        Column active = coalesce(col("active_customers"), lit(0L));
        Column netRevenue = coalesce(col("net_revenue"), lit(0)).cast(MONEY);
        Column previousActive = lag(col("active_customers"), 1).over(cohortTimeline);
        Column previousStaying = lag(col("staying_customers"), 1).over(cohortTimeline);
        Column revenueAtStart = max(when(col("period").equalTo(lit(0)), col("net_revenue"))).over(cohort);
        Column cumulativeRevenue = sum(col("net_revenue")).over(cohortTimeline.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
        Column periodMonth = add_months(col("cohort_month"), col("period"));
        return periods
                .withColumn("active_customers", active)
                .withColumn("staying_customers", coalesce(col("staying_customers"), lit(0L)))
                .withColumn("net_revenue", netRevenue)
                .select(
                        lit(asOf).as("as_of_date"),
                        col("cohort_month"),
                        col("segment"),
                        col("period"),
                        periodMonth.as("period_month"),
                        col("cohort_size"),
                        col("active_customers"),
                        col("active_customers").divide(col("cohort_size")).as("retention_rate"),
                        coalesce(previousActive.minus(previousStaying), lit(0L)).cast("bigint").as("customers_lost"),
                        when(previousActive.gt(lit(0)), previousActive.minus(previousStaying).divide(previousActive)).as("churn_rate"),
                        col("net_revenue"),
                        when(revenueAtStart.notEqual(lit(0)), col("net_revenue").divide(revenueAtStart).cast("double")).as("revenue_retention"),
                        round(cumulativeRevenue.divide(col("cohort_size")), 2).cast(MONEY).as("cumulative_revenue_per_customer"),
                        last_day(periodMonth).leq(lit(asOf)).as("is_complete_period"));
    }
}
