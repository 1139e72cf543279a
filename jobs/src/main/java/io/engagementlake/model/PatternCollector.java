package io.engagementlake.model;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Brings the model inputs to the driver as distinct patterns with counts, the only form the
 * fits need: their number is bounded by the distinct (frequency, recency, T) triples of the
 * history — at most about days² / 2, in practice far fewer — not by the number of customers
 * (1,000,000 generated customers give about 500,000 patterns, 12 MB on the driver).
 *
 * <p>Patterns are sorted before they are returned so that the fit sums them in the same order
 * on every run, which keeps reruns bit-identical.
 */
public final class PatternCollector {
    private PatternCollector() {}

    /** Distinct (frequency, recency, age) of the summaries from {@link PurchaseSummaries}. */
    public static List<RepeatPurchasePattern> repeatPurchasePatterns(Dataset<Row> summaries) {
        requireColumns(summaries, "frequency", "recency", "age");
        List<RepeatPurchasePattern> patterns = new ArrayList<>();
        for (Row row : summaries.groupBy(col("frequency"), col("recency"), col("age")).agg(count(lit(1))).collectAsList()) {
            patterns.add(new RepeatPurchasePattern(row.getInt(0), row.getDouble(1), row.getDouble(2), row.getLong(3)));
        }
        patterns.sort(Comparator.comparingDouble(RepeatPurchasePattern::frequency)
                .thenComparingDouble(RepeatPurchasePattern::recency)
                .thenComparingDouble(RepeatPurchasePattern::age));
        return patterns;
    }

    /** Distinct (frequency, mean_repeat_spend) of the customers with frequency &gt; 0. */
    public static List<SpendPattern> spendPatterns(Dataset<Row> summaries) {
        requireColumns(summaries, "frequency", "mean_repeat_spend");
        List<SpendPattern> patterns = new ArrayList<>();
        for (Row row : summaries.where(col("frequency").gt(0))
                .groupBy(col("frequency"), col("mean_repeat_spend")).agg(count(lit(1))).collectAsList()) {
            patterns.add(new SpendPattern(row.getInt(0), row.getDouble(1), row.getLong(2)));
        }
        patterns.sort(Comparator.comparingDouble(SpendPattern::frequency).thenComparingDouble(SpendPattern::meanRepeatSpend));
        return patterns;
    }

    /**
     * Distinct holdout calibrations (frequency, recency, age at D − H) with their customers and
     * actual purchase days in the holdout period; customers first seen after D − H are left out.
     */
    public static List<HoldoutObservation> holdoutObservations(Dataset<Row> summaries) {
        requireColumns(summaries, "holdout_frequency", "holdout_recency", "holdout_age", "holdout_actual");
        List<HoldoutObservation> observations = new ArrayList<>();
        for (Row row : summaries.where(col("holdout_frequency").isNotNull())
                .groupBy(col("holdout_frequency"), col("holdout_recency"), col("holdout_age"))
                .agg(sum(col("holdout_actual")), count(lit(1))).collectAsList()) {
            observations.add(new HoldoutObservation(row.getInt(0), row.getDouble(1), row.getDouble(2), row.getLong(3), row.getLong(4)));
        }
        observations.sort(Comparator.comparingDouble(HoldoutObservation::frequency)
                .thenComparingDouble(HoldoutObservation::recency)
                .thenComparingDouble(HoldoutObservation::age));
        return observations;
    }
}
