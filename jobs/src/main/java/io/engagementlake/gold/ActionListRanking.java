package io.engagementlake.gold;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code priority} of an action list (spec §7.5): 1, 2, ... n, unique and without gaps,
 * in the order of one or more 0–100 scores descending, then tie-breakers — computed without
 * a single-partition window or sort.
 *
 * <p>Rank by counting, per bucket instead of per pair of rows. The scores are folded into one
 * numeric key in the same order (k = Σ round(100 × score_i) × 10001^(m−i): scores have 2
 * decimals in [0, 100]), and a row's bucket is the {@link PercentileScores percentile score}
 * of its key within the list: a non-decreasing function of the key with at most 1,001
 * values, and buckets of about n / 1,000 rows each whatever the distribution (only rows tied
 * on every score always share one). Then
 * {@code priority = (rows in the buckets above) + row_number within the bucket}:
 * <ul>
 * <li>the first term from the table of rows per bucket (≤ 1,001 rows) joined with itself,
 *     broadcast, on "bucket above" — rank by counting on a table bounded by construction;</li>
 * <li>the second from a {@code row_number} partitioned by bucket, ordered by the scores and
 *     the tie-breakers.</li>
 * </ul>
 * Any non-decreasing bucketing gives exact priorities; the approximate quantiles only decide
 * how evenly the rows spread over the buckets.
 */
final class ActionListRanking {
    private static final double SCALE = 10_001;

    private ActionListRanking() {}

    /**
     * Adds {@code priority} (int, 1 = first) ordering rows by {@code scoreColumns} descending
     * (each non-null, in [0, 100], at most 2 decimals), then by {@code tieBreakers}, which
     * must make the order total (end with the unique key). Grain unchanged.
     */
    static Dataset<Row> withPriority(Dataset<Row> list, List<String> scoreColumns, Column... tieBreakers) {
        requireColumns(list, scoreColumns.toArray(String[]::new));
        Column key = lit(0.0);
        for (String score : scoreColumns) {
            key = key.multiply(SCALE).plus(round(col(score).multiply(100)));
        }
        Dataset<Row> bucketed = PercentileScores.withScores(list.withColumn("_key", key), Map.of("_key", "_bucket"));

        Dataset<Row> counts = bucketed.groupBy(col("_bucket")).agg(count(lit(1)).as("_rows"));
        Dataset<Row> others = counts.select(col("_bucket").as("_other_bucket"), col("_rows").as("_other_rows"));
        Dataset<Row> offsets = counts
                .join(broadcast(others), col("_other_bucket").gt(col("_bucket")), "left")
                .groupBy(col("_bucket"))
                .agg(coalesce(sum(col("_other_rows")), lit(0L)).as("_offset"));

        List<Column> order = new ArrayList<>();
        scoreColumns.forEach(score -> order.add(col(score).desc()));
        order.addAll(List.of(tieBreakers));
        WindowSpec inBucket = Window.partitionBy(col("_bucket")).orderBy(order.toArray(Column[]::new));
        return bucketed
                .join(broadcast(offsets), "_bucket")
                .withColumn("priority", col("_offset").plus(row_number().over(inBucket)).cast("int"))
                .drop("_bucket", "_key", "_offset");
    }
}
