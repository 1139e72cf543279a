package io.engagementlake.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PercentileScoresTest {
    private static final StructType VALUES = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("x", DataTypes.DoubleType, true);

    private static Dataset<Row> values(double... xs) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            rows.add(RowFactory.create(i, xs[i]));
        }
        return SparkTestSession.get().createDataFrame(rows, VALUES);
    }

    private static Map<Integer, Double> scores(Dataset<Row> values, int accuracy) {
        return PercentileScores.withScores(values, Map.of("x", "score"), accuracy).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<Integer>getAs("id"), row -> row.<Double>getAs("score")));
    }

    /** 100 × share of all values ≤ x, 0 for x ≤ 0: the definition, computed exactly. */
    private static double exactScore(double[] sorted, double x) {
        if (x <= 0) {
            return 0.0;
        }
        int atMost = upperBound(sorted, x);
        return 100.0 * atMost / sorted.length;
    }

    private static int upperBound(double[] sorted, double x) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= x) {
                low = mid + 1;
            }
            else {
                high = mid;
            }
        }
        return low;
    }

    @Test
    void scoresAreTheShareOfValuesAtOrBelowTiesShareAScoreAndNonPositiveValuesScoreZero() {
        // 10 values: share ≤ x is 2/10 for -5 (but ≤ 0 scores 0), 4/10 for 0 (0 anyway),
        // 6/10 for the tied 3s, 7/10 for 7.5, 9/10 for the tied 10s, 10/10 for 42.
        Dataset<Row> values = values(-5, -5, 0, 0, 3, 3, 7.5, 10, 10, 42);

        Map<Integer, Double> scores = scores(values, PercentileScores.ACCURACY);

        assertThat(scores).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, 0.0, 1, 0.0, 2, 0.0, 3, 0.0, 4, 60.0, 5, 60.0, 6, 70.0, 7, 90.0, 8, 90.0, 9, 100.0));
    }

    @Test
    void scoresCanBeFilteredAndJoinedOn() {
        // Filters pushed below the projection copy the score expression: it must stay small.
        Dataset<Row> scored = PercentileScores.withScores(values(-5, -5, 0, 0, 3, 3, 7.5, 10, 10, 42), Map.of("x", "score"));

        assertThat(scored.where("score >= 70").count()).isEqualTo(4L);
        assertThat(scored.join(scored.select("score").distinct(), "score").count()).isEqualTo(10L);
    }

    @Test
    void theSmallestPositiveValueAloneScoresItsShareAndTheMaximumScores100() {
        // 4 values: 1 → 1/4 = 25.00; 2 → 50.00; 3 → 75.00; 4 → 100.00.
        assertThat(scores(values(4, 3, 2, 1), PercentileScores.ACCURACY))
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 100.0, 1, 75.0, 2, 50.0, 3, 25.0));
        // All equal and positive: everyone has 100 % of the values ≤ theirs.
        assertThat(scores(values(5, 5, 5), PercentileScores.ACCURACY)).containsOnly(
                Map.entry(0, 100.0), Map.entry(1, 100.0), Map.entry(2, 100.0));
    }

    @Test
    void nullValuesScoreNullAndAreNotCounted() {
        Dataset<Row> values = SparkTestSession.get().createDataFrame(List.of(
                RowFactory.create(0, 1.0), RowFactory.create(1, 2.0), RowFactory.create(2, null)), VALUES);

        Map<Integer, Double> scores = new java.util.HashMap<>();
        PercentileScores.withScores(values, Map.of("x", "score")).collectAsList()
                .forEach(row -> scores.put(row.getAs("id"), row.getAs("score")));

        // Of the two non-null values, 1 has 1/2 ≤ it and 2 has 2/2.
        assertThat(scores).containsEntry(0, 50.0).containsEntry(1, 100.0).containsEntry(2, null);
    }

    /**
     * The bound of {@link PercentileScores}: |score − exact| ≤ 100 × (1/(2K) + 1/accuracy) + 0.005
     * (rounding), against the exact definition on 5,000 generated values with many zeros,
     * negatives and ties — at the production accuracy (≤ 0.065 points, spec: ≤ 0.5) and at a
     * coarse accuracy of 200 where the sketch really compresses (≤ 0.555 points).
     */
    @Test
    void approximateScoresStayWithinTheProvenBoundOfTheExactOnes() {
        Random random = new Random(20250630L);
        double[] xs = new double[5_000];
        for (int i = 0; i < xs.length; i++) {
            double u = random.nextDouble();
            if (u < 0.35) {
                xs[i] = 0;                                   // many customers with nothing
            }
            else if (u < 0.45) {
                xs[i] = -random.nextInt(50);                 // refunds larger than purchases
            }
            else if (u < 0.75) {
                xs[i] = 1 + random.nextInt(12);              // small counts: heavy ties
            }
            else {
                xs[i] = Math.round(Math.exp(random.nextGaussian() * 1.5 + 4) * 100) / 100.0;  // money, long tail
            }
        }
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        Dataset<Row> values = values(xs).repartition(4);

        for (int accuracy : new int[] {PercentileScores.ACCURACY, 200}) {
            double bound = 100.0 * (0.5 / PercentileScores.CUT_POINTS + 1.0 / accuracy) + 0.005;
            Map<Integer, Double> scores = scores(values, accuracy);
            double maxError = 0;
            for (int i = 0; i < xs.length; i++) {
                maxError = Math.max(maxError, Math.abs(scores.get(i) - exactScore(sorted, xs[i])));
            }
            assertThat(maxError).as("max error at accuracy %d", accuracy).isLessThanOrEqualTo(bound);
            if (accuracy == PercentileScores.ACCURACY) {
                assertThat(maxError).isLessThanOrEqualTo(0.5);
            }
        }
    }

    @Test
    void scoresSeveralColumnsInOneAggregateWithoutASinglePartitionSortOrWindow() {
        Dataset<Row> values = values(1, 2, 3, 4).withColumn("y", org.apache.spark.sql.functions.col("x").multiply(-1));

        Map<String, String> scoreColumns = new java.util.LinkedHashMap<>();
        scoreColumns.put("x", "x_score");
        scoreColumns.put("y", "y_score");
        Dataset<Row> scored = PercentileScores.withScores(values, scoreColumns);
        String plan = scored.queryExecution().executedPlan().toString();

        assertThat(scored.columns()).containsExactly("id", "x", "y", "x_score", "y_score");
        assertThat(plan).doesNotContain("Window").doesNotContain("Sort [");
        // The one global aggregate: partial sketches per partition, merged from one row per partition.
        assertThat(plan.split("ObjectHashAggregate", -1).length - 1).as("one partial and one final sketch aggregate").isEqualTo(2);
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("SinglePartition")) {
                assertThat(lines[i + 1]).as("what is gathered in one partition").contains("partial_percentile_approx");
            }
        }
    }
}
