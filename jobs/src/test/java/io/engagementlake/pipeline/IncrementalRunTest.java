package io.engagementlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Spec §9, incremental = full: a lake fed day by day gives, for the last day, the same tables
 * as one run over everything, and a backfill of a past date reproduces that date's snapshot.
 *
 * <p>One generated landing zone of 31 landing days (400 customers, with the generator's late
 * arrivals — rows landing a day or two after they happened — and late master data —
 * purchases whose customer row lands days later, quarantined as unknown_customer until
 * then). The daily lake ingests every day as it comes (the four ingestion jobs, as of that
 * day) and runs the whole pipeline on {@link #MIDDLE} and {@link #LAST}; silver and gold are
 * rebuilt from bronze on every run, so bronze's day-by-day appends are the state a daily
 * schedule accumulates. The once lake runs the whole pipeline once, as of the last day.
 * Then the daily lake backfills {@link #MIDDLE}: runs of several dates in any order give the
 * same snapshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the backfill rebuilds the daily lake's silver: last
@Tag("long") // 31 days of ingestion and four pipeline runs in process (~10 minutes; 26 on a loaded machine): with -Pfull; RunOrderTest is its reduced version in -Pheavy
class IncrementalRunTest {
    private static final LocalDate LAST = LocalDate.parse("2025-05-04");
    private static final int DAYS = 31;
    private static final LocalDate FIRST = LAST.minusDays(DAYS - 1);
    private static final LocalDate MIDDLE = FIRST.plusDays(15);
    private static final JobGraph GRAPH = JobGraph.standard();
    /**
     * Lineage of an ingestion, not data: the run that appended a row, and the increasing id of
     * its position in its file, whose values depend on which files were read together (one
     * day's files, or all of them at once). Silver and gold use the id only to order rows of
     * one file, which both feeds read in the same order.
     */
    private static final List<String> INGESTION_LINEAGE = List.of("_ingest_run_id", "_record_index", "record_index");

    private static Path raw;
    private static Path dailyRoot;
    private static Lake daily;
    private static Lake once;
    private static final Map<String, Long> versionsAfterMiddle = new LinkedHashMap<>();
    private static final Map<String, Long> versionsAfterLast = new LinkedHashMap<>();

    @BeforeAll
    static void feedOneLakeDailyAndTheOtherOnce() throws IOException {
        Path folder = SparkTestSession.scratch().resolve("incremental-run");
        FileUtils.deleteDirectory(folder.toFile());
        raw = folder.resolve("raw");
        dailyRoot = folder.resolve("daily");
        LandingZoneGenerator.generate(new GeneratorOptions(raw, 400, DAYS, LAST, 17, 2));
        List<Job> ingestion = GRAPH.jobs().stream().filter(job -> !job.rawInputs().isEmpty()).toList();
        assertThat(ingestion).hasSize(4);

        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            boolean whole = day.equals(MIDDLE) || day.equals(LAST);
            daily = run(dailyRoot, day, whole ? GRAPH.jobs() : ingestion);
            if (whole) {
                for (LakeTable table : goldTables()) {
                    (day.equals(MIDDLE) ? versionsAfterMiddle : versionsAfterLast).put(table.name(),
                            DeltaTable.forPath(spark(), daily.location(table)).history(1).head().getLong(0));
                }
            }
        }
        once = run(folder.resolve("once"), LAST, GRAPH.jobs());
    }

    @Test
    @Order(1)
    void theLandingZoneHasLateRowsAndLateMasterData() {
        long lateEvents = once.read(LakeTable.bronze("clickstream"))
                .where(to_date(try_to_timestamp(col("ts"))).lt(col("_landing_date"))).count();
        assertThat(lateEvents).as("events landed after the day they happened").isPositive();
        Dataset<Row> transactions = once.read(LakeTable.bronze("transactions"));
        Dataset<Row> firstCustomerRow = once.read(LakeTable.bronze("customers")).groupBy("customer_id")
                .agg(min("_landing_date").as("customer_landed"));
        long beforeTheirCustomer = transactions.join(firstCustomerRow, "customer_id")
                .where(col("_landing_date").lt(col("customer_landed"))).count();
        assertThat(beforeTheirCustomer).as("transactions landed before their customer's first row").isPositive();
    }

    @Test
    @Order(2)
    void theLastDayOfADailyFeedEqualsOneRunOverEverything() {
        for (LakeTable table : GRAPH.tables()) {
            String layer = table.contract().layer();
            if (layer.equals("gold")) {
                assertSameRows(table.name() + " as of " + LAST, slice(daily.read(table), LAST), slice(once.read(table), LAST));
            }
            else if (layer.equals("silver") || layer.equals("bronze")) {
                assertSameRows(table.qualifiedName(), withoutLineage(daily.read(table)), withoutLineage(once.read(table)));
            }
        }
        assertThat(slice(once.read(LakeTable.gold("customer_engagement")), LAST).count()).isGreaterThan(200);
    }

    /**
     * The backfill runs after the last day, when bronze holds rows landed up to 15 days after
     * {@link #MIDDLE}: they must not leak into its snapshot, nor the backfill into the last day's.
     */
    @Test
    @Order(3)
    void aBackfillOfAPastDateReproducesItsSnapshotAndLeavesLaterOnes() {
        run(dailyRoot, MIDDLE, GRAPH.jobs());
        for (LakeTable table : goldTables()) {
            assertSameRows(table.name() + " as of " + MIDDLE, slice(daily.read(table), MIDDLE),
                    slice(version(table, versionsAfterMiddle.get(table.name())), MIDDLE));
            assertSameRows(table.name() + " as of " + LAST, slice(daily.read(table), LAST),
                    slice(version(table, versionsAfterLast.get(table.name())), LAST));
        }
        assertThat(slice(daily.read(LakeTable.gold("customer_engagement")), MIDDLE).count()).isPositive();
    }

    private static Dataset<Row> version(LakeTable table, long version) {
        return spark().read().format("delta").option("versionAsOf", version).load(daily.location(table));
    }

    private static void assertSameRows(String what, Dataset<Row> actual, Dataset<Row> expected) {
        assertThat(actual.count()).as("%s: rows", what).isEqualTo(expected.count());
        assertThat(actual.exceptAll(expected).count()).as("%s: rows only in the daily lake", what).isZero();
        assertThat(expected.exceptAll(actual).count()).as("%s: rows only in the other", what).isZero();
    }

    private static Dataset<Row> withoutLineage(Dataset<Row> rows) {
        return rows.drop(INGESTION_LINEAGE.toArray(String[]::new));
    }

    private static Dataset<Row> slice(Dataset<Row> table, LocalDate asOf) {
        return table.where(col("as_of_date").equalTo(lit(asOf)));
    }

    private static List<LakeTable> goldTables() {
        return GRAPH.tables().stream().filter(table -> table.contract().layer().equals("gold")).toList();
    }

    private static Lake run(Path lakeRoot, LocalDate asOf, List<Job> jobs) {
        EngagementConfig config = ConfigLoader.load(Path.of(System.getProperty("engagement.home"), "conf/local.yaml"),
                List.of("lake.raw=" + raw, "lake.root=" + lakeRoot, "model.holdout_days=10"));
        Lake lake = new Lake(spark(), config.lake().root());
        LandingZone landingZone = new LandingZone(config.lake().raw(), spark().sparkContext().hadoopConfiguration());
        JobContext context = new JobContext(spark(), config, lake, landingZone, asOf, UUID.randomUUID().toString());
        new PipelineRunner(GRAPH).run(context, jobs);
        return lake;
    }

    private static SparkSession spark() {
        return SparkTestSession.get();
    }
}
