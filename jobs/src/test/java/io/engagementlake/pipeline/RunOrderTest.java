package io.engagementlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.engagementlake.SparkTestSession;
import io.engagementlake.config.ConfigLoader;
import io.engagementlake.config.EngagementConfig;
import io.engagementlake.generate.GeneratorOptions;
import io.engagementlake.generate.LandingZoneGenerator;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.LandingZone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Spec §9 and the gold issue: runs for several as-of dates in any order give the same
 * snapshots as running each date alone. One generated landing zone (300 customers, 60 landing
 * days); lake A runs D2 and then the earlier D1; lake B runs only D1. A's first run is "D2
 * alone", so A's D2 slices must not change when D1 runs after it, and A's D1 slices must
 * equal B's, row for row, in every published table and model_fits.
 */
@Tag("heavy") // four pipeline runs in process (~4 minutes): with -Pheavy
class RunOrderTest {
    private static final LocalDate D2 = LocalDate.parse("2025-03-31");
    private static final LocalDate D1 = LocalDate.parse("2025-03-10");
    private static final JobGraph GRAPH = JobGraph.standard();

    private static Path raw;
    private static Lake lakeA;
    private static Lake lakeB;
    private static Map<String, Long> versionsAfterD2 = new LinkedHashMap<>();

    @BeforeAll
    static void runOutOfOrderAndAlone() throws IOException {
        Path folder = SparkTestSession.scratch().resolve("run-order");
        FileUtils.deleteDirectory(folder.toFile());
        raw = folder.resolve("raw");
        LandingZoneGenerator.generate(new GeneratorOptions(raw, 300, 60, D2, 11, 2));
        lakeA = run(folder.resolve("lake-a"), D2);
        for (LakeTable table : publishedTables()) {
            versionsAfterD2.put(table.name(), DeltaTable.forPath(spark(), lakeA.location(table)).history(1).head().getLong(0));
        }
        run(folder.resolve("lake-a"), D1);
        lakeB = run(folder.resolve("lake-b"), D1);
    }

    @Test
    void anEarlierDateRunAfterALaterOneEqualsItsRunAlone() {
        for (LakeTable table : publishedTables()) {
            assertSameRows(table.name() + " as of " + D1, slice(lakeA.read(table), D1), slice(lakeB.read(table), D1));
        }
        assertThat(slice(lakeB.read(LakeTable.gold("customer_engagement")), D1).count()).isGreaterThan(100);
    }

    @Test
    void aLaterDateKeepsItsSnapshotWhenAnEarlierOneRunsAfterIt() {
        for (LakeTable table : publishedTables()) {
            Dataset<Row> before = spark().read().format("delta").option("versionAsOf", versionsAfterD2.get(table.name()))
                    .load(lakeA.location(table));
            assertSameRows(table.name() + " as of " + D2, slice(lakeA.read(table), D2), slice(before, D2));
        }
    }

    private static void assertSameRows(String what, Dataset<Row> actual, Dataset<Row> expected) {
        assertThat(actual.count()).as("%s: rows", what).isEqualTo(expected.count());
        assertThat(actual.exceptAll(expected).count()).as("%s: rows only in one run", what).isZero();
        assertThat(expected.exceptAll(actual).count()).as("%s: rows only in the other run", what).isZero();
    }

    private static Dataset<Row> slice(Dataset<Row> table, LocalDate asOf) {
        return table.where(col("as_of_date").equalTo(lit(asOf)));
    }

    private static List<LakeTable> publishedTables() {
        return GRAPH.tables().stream()
                .filter(table -> table.contract().layer().equals("gold"))
                .toList();
    }

    private static Lake run(Path lakeRoot, LocalDate asOf) {
        EngagementConfig config = ConfigLoader.load(Path.of(System.getProperty("engagement.home"), "conf/local.yaml"),
                List.of("lake.raw=" + raw, "lake.root=" + lakeRoot, "model.holdout_days=30"));
        Lake lake = new Lake(spark(), config.lake().root());
        LandingZone landingZone = new LandingZone(config.lake().raw(), spark().sparkContext().hadoopConfiguration());
        JobContext context = new JobContext(spark(), config, lake, landingZone, asOf, UUID.randomUUID().toString());
        new PipelineRunner(GRAPH).run(context, GRAPH.jobs());
        return lake;
    }

    private static SparkSession spark() {
        return SparkTestSession.get();
    }
}
