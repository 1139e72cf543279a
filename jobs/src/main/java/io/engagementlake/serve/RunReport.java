package io.engagementlake.serve;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.engagementlake.bronze.Source;
import io.engagementlake.model.ModelFits;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * What the run report of one as-of date shows, worked out from the lake's small aggregates:
 * the run records of the date, the published aggregate tables and the tier counts. Only
 * aggregates (per job, per month, per category) reach the driver, never per-customer rows.
 * Pure: it reads no table itself, so that it can be tested on small inline Datasets; the
 * page ({@link RunReportPage}) and the file ({@link RunReportFile}) are separate.
 *
 * <p>Serialized to JSON as it is (record components become the page's field names), so its
 * values are JSON-ready: dates and months as ISO text, rates as fractions.
 */
public record RunReport(
        String asOf,
        String runId,
        List<JobRun> jobs,
        List<SourceRows> sources,
        List<TableRows> tables,
        List<RetentionCell> retention,
        List<MonthlyNps> nps,
        List<TierCount> tiers,
        int cxHorizonDays,
        List<CxCategory> cxImpact,
        Funnel funnel,
        ModelHoldout holdout) {

    /** Engagement tiers from the highest to the lowest, as {@code customer_engagement} names them (spec §7.1). */
    public static final List<String> TIERS = List.of("champion", "engaged", "casual", "dormant", "inactive");
    /** NPS categories from the best to the worst, as {@code cx_impact} names them (spec §7.4). */
    public static final List<String> NPS_CATEGORIES = List.of("promoter", "passive", "detractor");
    /** The label of the rolled-up rows of the gold aggregates (all segments, touchpoints, devices). */
    static final String ALL = "ALL";
    /** The funnel's steps in the order a session reaches them, with their {@code journey_funnel} columns (spec §7.6). */
    public static final List<String> FUNNEL_STEPS = List.of("product_view", "add_to_cart", "checkout", "order_completed");

    public RunReport {
        jobs = List.copyOf(jobs);
        sources = List.copyOf(sources);
        tables = List.copyOf(tables);
        retention = List.copyOf(retention);
        nps = List.copyOf(nps);
        tiers = List.copyOf(tiers);
        cxImpact = List.copyOf(cxImpact);
    }

    /**
     * The latest record of one job for the as-of date. In a full {@code run} every job's
     * latest record is this run's; a scheduler that runs each job as its own command (one run
     * id per job) still gets every job's latest counts.
     */
    public record JobRun(String job, String runId, boolean thisRun, String status, String error, String startedAt,
                         double durationSeconds) {}

    /** Where one source's rows went: landed by its ingestion job, then read, kept, quarantined or dropped by silver. */
    public record SourceRows(String source, Long filesLanded, Long rowsLanded, Long read, Long kept, Long quarantined,
                             Long dropped, Map<String, Long> quarantinedByReason, Map<String, Long> droppedByReason) {}

    /** Rows one job wrote to one table. */
    public record TableRows(String table, String job, long rows) {}

    /** Retention of one first-purchase cohort (all segments) {@code period} months after its first month. */
    public record RetentionCell(String cohortMonth, int period, long cohortSize, double retentionRate) {}

    /** Relationship NPS of one response month (all touchpoints and segments) with its 95% margin of error. */
    public record MonthlyNps(String month, long responses, double nps, double marginOfError) {}

    /** Customers of one engagement tier in the as-of snapshot. */
    public record TierCount(String tier, long customers) {}

    /** Revenue and retention in the horizon after relationship NPS responses of one category (all segments). */
    public record CxCategory(String category, long responses, long customers, BigDecimal avgRevenueAfter,
                             double retentionRate, Double revenueIndex) {}

    /** Sessions reaching each funnel step, all devices, over the months {@code firstMonth}..{@code lastMonth}. */
    public record Funnel(String firstMonth, String lastMonth, long sessions, List<FunnelStep> steps) {
        public Funnel {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One step: its sessions, the share of product-view sessions that reach it and the share
     * of the previous step's sessions that do not (null for the first step).
     */
    public record FunnelStep(String step, long sessions, Double conversionRate, Double dropOffRate) {}

    /** The BG/NBD holdout check: orders predicted for the last {@code holdoutDays} days vs those that happened. */
    public record ModelHoldout(int holdoutDays, double predicted, long actual, List<HoldoutBucket> byFrequency) {
        public ModelHoldout {
            byFrequency = List.copyOf(byFrequency);
        }
    }

    /** The holdout check of the customers of one calibration-frequency bucket. */
    public record HoldoutBucket(String frequencyBucket, long customers, double predicted, long actual) {}

    /**
     * The tables the report reads, whole: {@link #build} keeps the as-of slice of each (and
     * the records of the as-of date of {@code pipeline_runs}).
     */
    public record Inputs(Dataset<Row> pipelineRuns, Dataset<Row> cohortRetention, Dataset<Row> experienceSummary,
                         Dataset<Row> cxImpact, Dataset<Row> journeyFunnel, Dataset<Row> modelFits,
                         Dataset<Row> customerEngagement) {}

    /**
     * The report of {@code asOf} for the run {@code runId}.
     *
     * @param cxHorizonDays the configured CX horizon, to explain an empty CX impact
     */
    public static RunReport build(LocalDate asOf, String runId, Inputs inputs, int cxHorizonDays) {
        List<Row> runs = latestRunOfEachJob(inputs.pipelineRuns(), asOf);
        return new RunReport(asOf.toString(), runId, jobs(runs, runId), sources(runs), tables(runs),
                retention(inputs.cohortRetention(), asOf), nps(inputs.experienceSummary(), asOf),
                tiers(inputs.customerEngagement(), asOf), cxHorizonDays, cxImpact(inputs.cxImpact(), asOf),
                funnel(inputs.journeyFunnel(), asOf), holdout(inputs.modelFits(), asOf));
    }

    private static Column ofAsOf(LocalDate asOf) {
        return col("as_of_date").equalTo(lit(asOf));
    }

    /** One row per job: its latest record for D, in the order the jobs started. */
    private static List<Row> latestRunOfEachJob(Dataset<Row> pipelineRuns, LocalDate asOf) {
        requireColumns(pipelineRuns, "run_id", "as_of_date", "job", "status", "error", "started_at", "ended_at",
                "duration_seconds", "source", "files_landed", "rows_landed", "rows_read", "rows_kept", "rows_quarantined",
                "rows_dropped", "quarantined_by_reason", "dropped_by_reason", "output_rows");
        return pipelineRuns.where(ofAsOf(asOf))
                .withColumn("_latest", row_number().over(Window.partitionBy("job")
                        .orderBy(col("started_at").desc(), col("ended_at").desc(), col("run_id").desc())))
                .where(col("_latest").equalTo(1))
                .orderBy(col("started_at"), col("job"))
                .select(col("job"), col("run_id"), col("status"), col("error"),
                        date_format(col("started_at"), "yyyy-MM-dd'T'HH:mm:ss'Z'").as("started_at"),
                        col("duration_seconds"), col("source"), col("files_landed"), col("rows_landed"),
                        col("rows_read"), col("rows_kept"), col("rows_quarantined"), col("rows_dropped"),
                        col("quarantined_by_reason"), col("dropped_by_reason"), col("output_rows"))
                .collectAsList();
    }

    private static List<JobRun> jobs(List<Row> runs, String runId) {
        List<JobRun> jobs = new ArrayList<>();
        for (Row run : runs) {
            jobs.add(new JobRun(run.getAs("job"), run.getAs("run_id"), runId.equals(run.getAs("run_id")),
                    run.getAs("status"), run.getAs("error"), run.getAs("started_at"), run.<Double>getAs("duration_seconds")));
        }
        return jobs;
    }

    /**
     * Ingestion and silver record the same source name: their counts meet in one row per source.
     * Sources come in the spec's order, not the order their jobs started, which varies when
     * jobs run at once.
     */
    private static List<SourceRows> sources(List<Row> runs) {
        Map<String, SourceRows> sources = new LinkedHashMap<>();
        for (Row run : runs) {
            String source = run.getAs("source");
            if (source == null) {
                continue;
            }
            SourceRows known = sources.getOrDefault(source,
                    new SourceRows(source, null, null, null, null, null, null, Map.of(), Map.of()));
            Long filesLanded = run.getAs("files_landed");
            Long read = run.getAs("rows_read");
            sources.put(source, new SourceRows(source,
                    filesLanded != null ? filesLanded : known.filesLanded(),
                    filesLanded != null ? run.<Long>getAs("rows_landed") : known.rowsLanded(),
                    read != null ? read : known.read(),
                    read != null ? run.<Long>getAs("rows_kept") : known.kept(),
                    read != null ? run.<Long>getAs("rows_quarantined") : known.quarantined(),
                    read != null ? run.<Long>getAs("rows_dropped") : known.dropped(),
                    read != null ? sorted(run, "quarantined_by_reason") : known.quarantinedByReason(),
                    read != null ? sorted(run, "dropped_by_reason") : known.droppedByReason()));
        }
        return sources.values().stream().sorted(Comparator.comparingInt(RunReport::specOrder)
                .thenComparing(SourceRows::source)).toList();
    }

    private static int specOrder(SourceRows rows) {
        return Arrays.stream(Source.values()).filter(source -> source.folder().equals(rows.source()))
                .mapToInt(Source::ordinal).findFirst().orElse(Integer.MAX_VALUE);
    }

    private static Map<String, Long> sorted(Row run, String column) {
        int index = run.fieldIndex(column);
        return run.isNullAt(index) ? Map.of() : new TreeMap<>(run.<String, Long>getJavaMap(index));
    }

    private static List<TableRows> tables(List<Row> runs) {
        List<TableRows> tables = new ArrayList<>();
        for (Row run : runs) {
            int index = run.fieldIndex("output_rows");
            if (!run.isNullAt(index)) {
                new TreeMap<>(run.<String, Long>getJavaMap(index))
                        .forEach((table, rows) -> tables.add(new TableRows(table, run.getAs("job"), rows)));
            }
        }
        return tables;
    }

    /** Complete periods only: a month still under way would look like a drop in retention. */
    private static List<RetentionCell> retention(Dataset<Row> cohortRetention, LocalDate asOf) {
        requireColumns(cohortRetention, "as_of_date", "cohort_month", "segment", "period", "cohort_size", "retention_rate",
                "is_complete_period");
        List<RetentionCell> cells = new ArrayList<>();
        for (Row row : cohortRetention
                .where(ofAsOf(asOf).and(col("segment").equalTo(lit(ALL))).and(col("is_complete_period")))
                .orderBy("cohort_month", "period")
                .select(date_format(col("cohort_month"), "yyyy-MM"), col("period"), col("cohort_size"), col("retention_rate"))
                .collectAsList()) {
            cells.add(new RetentionCell(row.getString(0), row.getInt(1), row.getLong(2), row.getDouble(3)));
        }
        return cells;
    }

    private static List<MonthlyNps> nps(Dataset<Row> experienceSummary, LocalDate asOf) {
        requireColumns(experienceSummary, "as_of_date", "response_month", "survey_type", "touchpoint", "segment",
                "responses", "nps", "nps_margin_of_error");
        List<MonthlyNps> months = new ArrayList<>();
        for (Row row : experienceSummary
                .where(ofAsOf(asOf).and(col("survey_type").equalTo(lit("relationship_nps")))
                        .and(col("touchpoint").equalTo(lit(ALL))).and(col("segment").equalTo(lit(ALL))))
                .orderBy("response_month")
                .select(date_format(col("response_month"), "yyyy-MM"), col("responses"), col("nps"), col("nps_margin_of_error"))
                .collectAsList()) {
            months.add(new MonthlyNps(row.getString(0), row.getLong(1), row.getDouble(2), row.getDouble(3)));
        }
        return months;
    }

    /** Every tier, also those without a customer (0), from the highest down. */
    private static List<TierCount> tiers(Dataset<Row> customerEngagement, LocalDate asOf) {
        requireColumns(customerEngagement, "as_of_date", "engagement_tier");
        Map<String, Long> counts = new LinkedHashMap<>();
        TIERS.forEach(tier -> counts.put(tier, 0L));
        for (Row row : customerEngagement.where(ofAsOf(asOf)).groupBy("engagement_tier").agg(count(lit(1))).collectAsList()) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts.entrySet().stream().map(entry -> new TierCount(entry.getKey(), entry.getValue())).toList();
    }

    private static List<CxCategory> cxImpact(Dataset<Row> cxImpact, LocalDate asOf) {
        requireColumns(cxImpact, "as_of_date", "nps_category", "segment", "responses", "customers", "avg_revenue_after",
                "retention_rate", "revenue_index");
        Map<String, CxCategory> categories = new TreeMap<>();
        for (Row row : cxImpact.where(ofAsOf(asOf).and(col("segment").equalTo(lit(ALL))))
                .select("nps_category", "responses", "customers", "avg_revenue_after", "retention_rate", "revenue_index")
                .collectAsList()) {
            categories.put(row.getString(0), new CxCategory(row.getString(0), row.getLong(1), row.getLong(2),
                    row.getDecimal(3), row.getDouble(4), row.isNullAt(5) ? null : row.getDouble(5)));
        }
        return NPS_CATEGORIES.stream().filter(categories::containsKey).map(categories::get).toList();
    }

    /**
     * The funnel of all months up to D together: the monthly counts of the {@code ALL} device
     * added up, and the rates recomputed from the sums (an average of monthly rates would
     * weigh a quiet month like a busy one). Null when the table has no session for D.
     */
    private static Funnel funnel(Dataset<Row> journeyFunnel, LocalDate asOf) {
        List<String> columns = new ArrayList<>(List.of("as_of_date", "session_month", "device", "sessions"));
        FUNNEL_STEPS.forEach(step -> columns.add(step + "_sessions"));
        requireColumns(journeyFunnel, columns.toArray(String[]::new));
        List<Column> totals = new ArrayList<>(List.of(
                date_format(min("session_month"), "yyyy-MM"), date_format(max("session_month"), "yyyy-MM"), sum("sessions")));
        FUNNEL_STEPS.forEach(step -> totals.add(sum(step + "_sessions")));
        Row row = journeyFunnel.where(ofAsOf(asOf).and(col("device").equalTo(lit(ALL))))
                .agg(totals.get(0), totals.subList(1, totals.size()).toArray(Column[]::new))
                .head();
        if (row.isNullAt(2)) {
            return null;
        }
        List<FunnelStep> steps = new ArrayList<>();
        long first = row.getLong(3);
        long previous = first;
        for (int i = 0; i < FUNNEL_STEPS.size(); i++) {
            long sessions = row.getLong(3 + i);
            steps.add(new FunnelStep(FUNNEL_STEPS.get(i), sessions,
                    first == 0 ? null : (double) sessions / first,
                    i == 0 || previous == 0 ? null : 1.0 - (double) sessions / previous));
            previous = sessions;
        }
        return new Funnel(row.getString(0), row.getString(1), row.getLong(2), steps);
    }

    /** Null when D has no holdout check (no purchase before D − holdout, or no converged refit). */
    private static ModelHoldout holdout(Dataset<Row> modelFits, LocalDate asOf) {
        requireColumns(modelFits, "as_of_date", "model", "holdout_days", "holdout_predicted", "holdout_actual",
                "holdout_by_frequency");
        List<Row> rows = modelFits
                .where(ofAsOf(asOf).and(col("model").equalTo(lit(ModelFits.BGNBD))).and(col("holdout_predicted").isNotNull()))
                .select("holdout_days", "holdout_predicted", "holdout_actual", "holdout_by_frequency")
                .collectAsList();
        if (rows.isEmpty()) {
            return null;
        }
        Row row = rows.get(0);
        List<HoldoutBucket> buckets = new ArrayList<>();
        if (!row.isNullAt(3)) {
            for (Row bucket : row.<Row>getList(3)) {
                buckets.add(new HoldoutBucket(bucket.getAs("frequency_bucket"), bucket.<Long>getAs("customers"),
                        bucket.<Double>getAs("predicted"), bucket.<Long>getAs("actual")));
            }
        }
        return new ModelHoldout(row.getInt(0), row.getDouble(1), row.getLong(2), buckets);
    }
}
