package io.engagementlake.pipeline;

import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteTag;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Appends the record of each job of a run to {@code engagement.pipeline_runs} (spec §9). */
public final class PipelineRuns {
    private PipelineRuns() {}

    /** One job's record. */
    public record JobRecord(String job, String status, String error, Instant startedAt, Instant endedAt, JobResult result) {}

    public static void append(SparkSession spark, Lake lake, LocalDate asOf, String runId, List<JobRecord> records) {
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
                    applicationId));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        lake.append(table, data, new WriteTag(asOf, runId, "pipeline_runs"));
    }
}
