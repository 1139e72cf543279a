package io.engagementlake.gold;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ActionListRankingTest {
    private static final StructType LIST = new StructType()
            .add("customer_id", DataTypes.StringType, false)
            .add("first", DataTypes.DoubleType, false)
            .add("second", DataTypes.DoubleType, false)
            .add("revenue", DataTypes.createDecimalType(18, 2), false);

    /**
     * 400 rows with heavy ties: few distinct scores, several in the same ⌊score⌋ group, the
     * bounds 0 and 100, equal revenues. The priorities must be 1..n in exactly the order a
     * full sort gives, for one and for two score levels.
     */
    @Test
    void prioritiesMatchAFullSortWithTies() {
        Random random = new Random(7);
        double[] scores = {0.0, 0.0, 0.01, 9.99, 10.0, 10.5, 10.5, 55.55, 99.99, 100.0};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(RowFactory.create(String.format("C%03d", random.nextInt(1000)) + "-" + i,
                    scores[random.nextInt(scores.length)], scores[random.nextInt(scores.length)],
                    java.math.BigDecimal.valueOf(random.nextInt(4) * 25L, 2)));
        }
        Dataset<Row> list = SparkTestSession.get().createDataFrame(rows, LIST).repartition(3);

        List<Row> byFirst = ActionListRanking.withPriority(list, List.of("first"), col("revenue").desc(), col("customer_id").asc())
                .orderBy("priority").collectAsList();
        // Input rows have no schema: fields by position (customer_id, first, second, revenue).
        Comparator<Row> firstOrder = Comparator.<Row>comparingDouble(row -> -row.getDouble(1))
                .thenComparing(row -> row.getDecimal(3), Comparator.reverseOrder())
                .thenComparing(row -> row.getString(0));
        assertRankedAs(byFirst, rows, firstOrder);

        List<Row> byBoth = ActionListRanking.withPriority(list, List.of("first", "second"), col("customer_id").asc())
                .orderBy("priority").collectAsList();
        Comparator<Row> bothOrder = Comparator.<Row>comparingDouble(row -> -row.getDouble(1))
                .thenComparingDouble(row -> -row.getDouble(2))
                .thenComparing(row -> row.getString(0));
        assertRankedAs(byBoth, rows, bothOrder);
    }

    private static void assertRankedAs(List<Row> ranked, List<Row> input, Comparator<Row> order) {
        List<String> expected = input.stream().sorted(order).map(row -> row.getString(0)).toList();
        assertThat(ranked).extracting(row -> row.<Integer>getAs("priority"))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, input.size()).boxed().toList());
        assertThat(ranked).extracting(row -> row.<String>getAs("customer_id")).containsExactlyElementsOf(expected);
    }

    @Test
    void usesOnlyPartitionedWindows() {
        Dataset<Row> list = SparkTestSession.get().createDataFrame(
                List.of(RowFactory.create("A", 1.0, 2.0, java.math.BigDecimal.ONE)), LIST);

        String plan = ActionListRanking.withPriority(list, List.of("first", "second"), col("customer_id").asc())
                .queryExecution().executedPlan().toString();

        String[] lines = plan.split("\n");
        assertThat(plan).contains("Window [");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("Window [")) {
                assertThat(lines[i]).as("a partitioned window").doesNotContain("], [], [");
            }
            if (lines[i].contains("SinglePartition")) {
                // Only the one-row-per-partition sketches of the bucket cut points are gathered.
                assertThat(lines[i + 1]).contains("partial_percentile_approx");
            }
        }
    }
}
