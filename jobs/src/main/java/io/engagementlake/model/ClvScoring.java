package io.engagementlake.model;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores customers with fitted models: {@code p_alive}, {@code predicted_orders_365d} and
 * {@code predicted_clv_365d}. The conditional expectation needs the Gauss hypergeometric
 * function, which Spark has no column function for, so scoring is one map over each
 * partition of the summaries with the (small, serialisable) models shipped to the
 * executors — no driver loop, no per-row UDF registration, no shuffle.
 */
public final class ClvScoring {
    /** Days of the prediction horizon of spec §7.1 ({@code _365d}). */
    public static final double HORIZON_DAYS = 365.0;

    private static final StructType PREDICTIONS = new StructType()
            .add("customer_id", DataTypes.StringType, false)
            .add("p_alive", DataTypes.DoubleType, true)
            .add("predicted_orders_365d", DataTypes.DoubleType, true)
            .add("predicted_clv_365d", DataTypes.DoubleType, true);

    private ClvScoring() {}

    /**
     * Grain: one row per customer of the summaries (customers with a purchase on or before D),
     * columns customer_id, p_alive, predicted_orders_365d, predicted_clv_365d (decimal(18,2),
     * half-up). Everything is null without a purchase model; predicted_clv_365d is null
     * without a spend model.
     *
     * @param summaries from {@link PurchaseSummaries#summarize} (customer_id, frequency, recency, age, mean_repeat_spend)
     * @param models the converged models of D, from {@link ModelFits#fittedModels}
     * @param annualDiscountRate model.discount_rate; 0 = undiscounted
     */
    public static Dataset<Row> predict(Dataset<Row> summaries, ModelFits.FittedModels models, double annualDiscountRate) {
        requireColumns(summaries, "customer_id", "frequency", "recency", "age", "mean_repeat_spend");
        Dataset<Row> inputs = summaries.select("customer_id", "frequency", "recency", "age", "mean_repeat_spend");
        Dataset<Row> predictions = models.purchases() == null
                ? inputs.select(col("customer_id"), lit(null).cast("double").as("p_alive"),
                        lit(null).cast("double").as("predicted_orders_365d"), lit(null).cast("double").as("predicted_clv_365d"))
                : inputs.mapPartitions(new Scorer(models.purchases(), models.spend(), annualDiscountRate), Encoders.row(PREDICTIONS));
        return predictions.withColumn("predicted_clv_365d", round(col("predicted_clv_365d"), 2).cast("decimal(18,2)"));
    }

    /** Scores one partition; the models travel with the function. */
    private static final class Scorer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final BetaGeometricNbdModel purchases;
        private final CustomerLifetimeValue value;

        Scorer(BetaGeometricNbdModel purchases, GammaGammaModel spend, double annualDiscountRate) {
            this.purchases = purchases;
            this.value = spend == null ? null : new CustomerLifetimeValue(purchases, spend, annualDiscountRate, ModelTimeUnit.DAYS);
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    double frequency = row.getInt(1);
                    double recency = row.getDouble(2);
                    double age = row.getDouble(3);
                    double orders = purchases.conditionalExpectedPurchases(HORIZON_DAYS, frequency, recency, age);
                    Double clv = value == null ? null
                            : value.expectedPurchases(HORIZON_DAYS, frequency, recency, age)
                                    * value.expectedAverageValue(frequency, row.getDouble(4));
                    return RowFactory.create(row.getString(0), purchases.probabilityAlive(frequency, recency, age), orders, clv);
                }
            };
        }
    }
}
