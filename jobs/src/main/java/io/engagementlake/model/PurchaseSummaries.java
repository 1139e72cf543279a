package io.engagementlake.model;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.gold.AsOfWindow;
import io.engagementlake.silver.Fields;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The inputs of the BG/NBD and Gamma-Gamma models (spec §8) from silver transactions, in
 * days: purchases only, all purchases of one customer on one UTC date merged into one
 * purchase day whose spend is their summed {@code amount_reporting} (refunds are not
 * purchases and do not change spend).
 *
 * <p>One pass computes two calibrations at once: the model's (all history up to D) and the
 * holdout check's (history up to D − H, with the purchase days in (D − H, D] as the actual
 * outcome), by conditional aggregates over the same purchase days.
 */
public final class PurchaseSummaries {
    private PurchaseSummaries() {}

    /**
     * Grain: one row per customer with a purchase on or before D. Columns:
     * {@code customer_id}, {@code first_purchase_date}, {@code frequency} (int, repeat purchase
     * days), {@code recency} (double, days from the first to the last purchase day),
     * {@code age} (double, T = days from the first purchase day to D), {@code mean_repeat_spend}
     * (double, mean spend of the repeat purchase days, 0 when frequency = 0), and the same
     * three for calibration end D − H as {@code holdout_frequency}, {@code holdout_recency},
     * {@code holdout_age} with {@code holdout_actual} (purchase days in (D − H, D]); the
     * holdout columns are null for customers whose first purchase is after D − H.
     *
     * @param transactions silver transactions (customer_id, ts, type, amount_reporting); purchase
     *     days are UTC dates of ts
     * @param asOf D, the calibration end (inclusive)
     * @param holdoutCalibrationEnd D − H, the holdout check's calibration end (inclusive)
     */
    public static Dataset<Row> summarize(Dataset<Row> transactions, LocalDate asOf, LocalDate holdoutCalibrationEnd) {
        requireColumns(transactions, "customer_id", "ts", "type", "amount_reporting");
        if (!holdoutCalibrationEnd.isBefore(asOf)) {
            throw new IllegalArgumentException(
                    "holdout calibration end " + holdoutCalibrationEnd + " must be before the as-of date " + asOf);
        }
        Column date = col("_date");
        Column inHoldoutCalibration = date.leq(lit(holdoutCalibrationEnd));
        Dataset<Row> purchaseDays = transactions
                .where(col("type").equalTo(lit("purchase")).and(AsOfWindow.upTo(asOf, col("ts"))))
                .groupBy(col("customer_id"), Fields.utcDate(col("ts")).as("_date"))
                .agg(sum(col("amount_reporting")).as("_spend"));
        Dataset<Row> perCustomer = purchaseDays
                .groupBy(col("customer_id"))
                .agg(
                        min(date).as("_first"),
                        max(date).as("_last"),
                        count(lit(1)).as("_days"),
                        sum(col("_spend")).as("_total_spend"),
                        min_by(col("_spend"), date).as("_first_spend"),
                        min(when(inHoldoutCalibration, date)).as("_holdout_first"),
                        max(when(inHoldoutCalibration, date)).as("_holdout_last"),
                        count(when(inHoldoutCalibration, lit(1))).as("_holdout_days"),
                        count(when(date.gt(lit(holdoutCalibrationEnd)), lit(1))).as("_after_days"));
        Column frequency = col("_days").minus(1);
        Column inHoldout = col("_holdout_first").isNotNull();
        return perCustomer.select(
                col("customer_id"),
                col("_first").as("first_purchase_date"),
                frequency.cast("int").as("frequency"),
                date_diff(col("_last"), col("_first")).cast("double").as("recency"),
                date_diff(lit(asOf), col("_first")).cast("double").as("age"),
                when(frequency.gt(0), col("_total_spend").minus(col("_first_spend")).cast("double").divide(frequency))
                        .otherwise(lit(0.0)).as("mean_repeat_spend"),
                when(inHoldout, col("_holdout_days").minus(1)).cast("int").as("holdout_frequency"),
                date_diff(col("_holdout_last"), col("_holdout_first")).cast("double").as("holdout_recency"),
                date_diff(lit(holdoutCalibrationEnd), col("_holdout_first")).cast("double").as("holdout_age"),
                when(inHoldout, col("_after_days")).as("holdout_actual"));
    }
}
