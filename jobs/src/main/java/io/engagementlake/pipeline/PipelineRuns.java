package io.engagementlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import io.engagementlake.config.ColumnContract;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteTag;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** Appends the record of each job of a run to {@code engagement.pipeline_runs} (spec §9), and reads them back. */
public final class PipelineRuns {
    private PipelineRuns() {}

    /** One job's record; {@code errorCode} and {@code error} only when it failed. */
    public record JobRecord(String job, String status, String errorCode, String error, Instant startedAt, Instant endedAt, JobResult result) {
        static JobRecord succeeded(String job, Instant startedAt, Instant endedAt, JobResult result) {
            return new JobRecord(job, "succeeded", null, null, startedAt, endedAt, result);
        }

        static JobRecord failed(String job, RunFailure failure, Instant startedAt, Instant endedAt) {
            return new JobRecord(job, "failed", failure.code().name(), failure.message(), startedAt, endedAt, null);
        }
    }

    /** Appends {@code records} of run {@code runId}, which set out to run {@code jobsInRun} jobs. */
    public static void append(SparkSession spark, Lake lake, LocalDate asOf, String runId, long jobsInRun, List<JobRecord> records) {
        LakeTable table = LakeTable.pipelineRuns();
        StructType schema = table.contract().schema();
        List<Row> rows = new ArrayList<>();
        String applicationId = spark.sparkContext().applicationId();
        for (JobRecord record : records) {
            JobResult result = record.result();
            RowAccounting accounting = result == null ? null : result.accounting();
            rows.add(RowFactory.create(
                    runId,
                    Date.valueOf(asOf),
                    record.job(),
                    record.status(),
                    record.error(),
                    Timestamp.from(record.startedAt()),
                    Timestamp.from(record.endedAt()),
                    (record.endedAt().toEpochMilli() - record.startedAt().toEpochMilli()) / 1000.0,
                    result == null ? null : result.source(),
                    result == null ? null : result.filesLanded(),
                    result == null ? null : result.rowsLanded(),
                    accounting == null ? null : accounting.read(),
                    accounting == null ? null : accounting.kept(),
                    accounting == null ? null : accounting.quarantined(),
                    accounting == null ? null : accounting.dropped(),
                    accounting == null ? null : (accounting.quarantinedByReason()),
                    accounting == null ? null : (accounting.droppedByReason()),
                    result == null ? null : (result.outputRows()),
                    applicationId,
                    record.errorCode(),
                    jobsInRun,
                    result == null || result.schemaDrift().isEmpty() ? null : result.schemaDrift()));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        lake.append(table, data, new WriteTag(asOf, runId, "pipeline_runs"));
    }

    /**
     * Adds the contract's columns that an older {@code pipeline_runs} lacks (Delta appends
     * refuse new columns otherwise), as nullable columns at the end, from the contract. Reads
     * only the table's log.
     */
    public static void upgradeSchema(SparkSession spark, Lake lake) {
        LakeTable table = LakeTable.pipelineRuns();
        if (!lake.exists(table)) {
            return;
        }
        Set<String> present = new HashSet<>(Arrays.asList(lake.read(table).columns()));
        List<String> missing = new ArrayList<>();
        for (ColumnContract column : table.contract().columns()) {
            if (!present.contains(column.name())) {
                missing.add('`' + column.name() + "` " + column.type() + " COMMENT '" + column.description().replace("\\", "\\\\").replace("'", "\\'") + "'");
            }
        }
        if (!missing.isEmpty()) {
            spark.sql("ALTER TABLE delta.`" + lake.location(table) + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
        }
    }

    /**
     * What {@code status} reads of {@code pipeline_runs}: the recorded jobs of the last runs
     * (by when their first job started), and for each job its latest successful record (the
     * newest as-of date, then the newest start). Both are reduced in Spark, so the driver gets
     * at most {@code runs} runs' rows and one row per job, however long the history grows.
     */
    public record History(List<RunHistory.RecordedJob> lastRuns, List<RunHistory.RecordedJob> latestSuccesses) {}

    /** The {@link History} of the lake, keeping the last {@code runs} runs; empty when nothing has run yet. */
    public static History history(Lake lake, int runs) {
        LakeTable table = LakeTable.pipelineRuns();
        if (!lake.exists(table)) {
            return new History(List.of(), List.of());
        }
        Dataset<Row> all = lake.read(table);
        Set<String> present = new HashSet<>(Arrays.asList(all.columns()));
        Dataset<Row> records = all.select(column(present, "run_id", "string"), column(present, "as_of_date", "date"),
                column(present, "job", "string"), column(present, "status", "string"), column(present, "error_code", "string"),
                column(present, "error", "string"), column(present, "started_at", "timestamp"), column(present, "ended_at", "timestamp"),
                column(present, "jobs_in_run", "bigint"), column(present, "output_rows", "map<string,bigint>"));

        List<String> lastRunIds = records.groupBy("run_id")
                .agg(min("started_at").as("run_started"), max("ended_at").as("run_ended"))
                .orderBy(col("run_started").desc(), col("run_ended").desc())
                .limit(runs)
                .select("run_id")
                .as(Encoders.STRING())
                .collectAsList();
        List<RunHistory.RecordedJob> lastRuns = recordedJobs(lastRunIds.isEmpty() ? List.of()
                : records.where(col("run_id").isin(lastRunIds.toArray())).collectAsList());

        WindowSpec newestFirst = Window.partitionBy("job").orderBy(col("as_of_date").desc(), col("started_at").desc(), col("run_id").desc());
        List<RunHistory.RecordedJob> latestSuccesses = recordedJobs(records.where(col("status").equalTo(lit("succeeded")))
                .withColumn("newest", row_number().over(newestFirst))
                .where(col("newest").equalTo(lit(1)))
                .drop("newest")
                .collectAsList());
        return new History(lastRuns, latestSuccesses);
    }

    private static List<RunHistory.RecordedJob> recordedJobs(List<Row> rows) {
        List<RunHistory.RecordedJob> jobs = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Long> outputRows = row.isNullAt(9) ? Map.of() : row.<String, Long>getJavaMap(9);
            jobs.add(new RunHistory.RecordedJob(row.getString(0), localDate(row.get(1)), row.getString(2), row.getString(3),
                    row.getString(4), row.getString(5), instant(row.get(6)), instant(row.get(7)),
                    row.isNullAt(8) ? null : row.getLong(8), outputRows));
        }
        return jobs;
    }

    private static Column column(Set<String> present, String name, String type) {
        return present.contains(name) ? col(name) : lit(null).cast(DataType.fromDDL(type)).as(name);
    }

    private static LocalDate localDate(Object value) {
        return value instanceof LocalDate date ? date : ((Date) value).toLocalDate();
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant ? instant : ((Timestamp) value).toInstant();
    }
}
