package io.engagementlake.gold;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Percentile scores of spec §7.1, computed so that they scale: the score of a value x among
 * the n rows of a snapshot is {@code pct(x) = 100 × #{rows with value ≤ x} / n}, and 0 when
 * x ≤ 0.
 *
 * <p>How: one aggregate computes, for every scored column, K = {@value #CUT_POINTS} cut points
 * {@code q_i = percentile_approx(value, (i − ½) / K)}, i = 1..K (a Greenwald–Khanna sketch per
 * partition, merged: no sort, no single-partition window, no collect). That one row is
 * broadcast to every row, and a row's score is 100 × c / K, where c = the number of cut
 * points ≤ x, found by a binary search over the sorted cut points: the higher-order
 * {@code aggregate} over 10 steps (no UDF, no per-row loop over the K cut points).
 *
 * <p>Error bound: let F(x) be the exact share and ε = 1 / {@value #ACCURACY} the sketch's
 * rank error. If q_i were exact, q_i = the value at sorted position ⌈(i − ½)·n/K⌉, so
 * q_i ≤ x ⟺ (i − ½)/K ≤ F(x) and c = round(K·F(x)): |c/K − F(x)| ≤ 1/(2K). A sketch rank
 * off by at most ε·n moves the threshold by ε, so |c/K − F(x)| ≤ 1/(2K) + ε = 0.0006, i.e.
 * 0.06 score points, far inside the spec's 0.5. Ties are exact: equal values share one
 * score. When K·F(x) is an integer (e.g. n divides 1000) and the sketch is exact (small n),
 * the score is the exact one.
 *
 * <p>{@code rows} is used twice (the aggregate and the scored rows), so its plan runs twice
 * where Spark cannot reuse its exchanges; persist expensive rows first.
 */
public final class PercentileScores {
    /** Cut points per scored column. */
    public static final int CUT_POINTS = 1000;

    /** percentile_approx accuracy: relative rank error 1 / ACCURACY. */
    public static final int ACCURACY = 10_000;

    private PercentileScores() {}

    /**
     * Adds, for every entry (value column → score column), the percentile score of the
     * value among all rows of {@code rows}, 0–100 with 2 decimals; 0 for values ≤ 0, null for
     * null values. All value columns are sketched in one aggregate. Grain unchanged.
     */
    public static Dataset<Row> withScores(Dataset<Row> rows, Map<String, String> scoreColumnByValueColumn) {
        return withScores(rows, scoreColumnByValueColumn, ACCURACY);
    }

    /** As {@link #withScores(Dataset, Map)} with a given sketch accuracy (tests exercise a coarse one). */
    static Dataset<Row> withScores(Dataset<Row> rows, Map<String, String> scoreColumnByValueColumn, int accuracy) {
        requireColumns(rows, scoreColumnByValueColumn.keySet().toArray(String[]::new));
        Map<String, String> cutsColumns = new LinkedHashMap<>();
        List<Column> sketches = new ArrayList<>();
        int index = 0;
        for (String valueColumn : scoreColumnByValueColumn.keySet()) {
            String cuts = "_cuts_" + index++;
            cutsColumns.put(valueColumn, cuts);
            sketches.add(array_sort(percentile_approx(value(valueColumn), lit(percentages()), lit(accuracy))).as(cuts));
        }
        // One row: the cut points of every column. Broadcast, it costs one small join.
        Dataset<Row> cutPoints = rows.agg(sketches.get(0), sketches.subList(1, sketches.size()).toArray(Column[]::new));
        Dataset<Row> scored = rows.crossJoin(broadcast(cutPoints));

        Map<String, Column> scores = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : scoreColumnByValueColumn.entrySet()) {
            Column value = value(entry.getKey());
            Column rank = countAtMost(col(cutsColumns.get(entry.getKey())), value);
            // rank × 100 is an exact integer, so the one division is correctly rounded.
            scores.put(entry.getValue(), when(value.isNull(), lit(null).cast("double"))
                    .when(value.leq(0), lit(0.0))
                    .otherwise(round(rank.multiply(100).divide(CUT_POINTS), 2)));
        }
        return scored.withColumns(scores).drop(cutsColumns.values().toArray(String[]::new));
    }

    /**
     * The number of cut points ≤ value, by binary search over the sorted cut points: a fold
     * over the steps 512, 256, ..., 1 that advances while the cut point it lands on is ≤ value
     * ({@code try_element_at} is null past the end: no step there). One compact expression
     * with 10 steps per row, so the plan stays small even where the optimizer copies it
     * (filters pushed through the projection substitute the expression).
     */
    static Column countAtMost(Column sortedCuts, Column value) {
        return aggregate(lit(steps()), lit(0), (rank, step) -> {
            Column probe = rank.plus(step);
            return when(try_element_at(sortedCuts, probe).leq(value), probe).otherwise(rank);
        });
    }

    /** Powers of two from the largest ≤ CUT_POINTS down to 1. */
    private static int[] steps() {
        int count = Integer.numberOfTrailingZeros(Integer.highestOneBit(CUT_POINTS)) + 1;
        int[] steps = new int[count];
        for (int i = 0; i < count; i++) {
            steps[i] = Integer.highestOneBit(CUT_POINTS) >> i;
        }
        return steps;
    }

    /** (i − ½) / K for i = 1..K. */
    static double[] percentages() {
        double[] percentages = new double[CUT_POINTS];
        for (int i = 1; i <= CUT_POINTS; i++) {
            percentages[i - 1] = (i - 0.5) / CUT_POINTS;
        }
        return percentages;
    }

    private static Column value(String valueColumn) {
        return col(valueColumn).cast("double");
    }
}
