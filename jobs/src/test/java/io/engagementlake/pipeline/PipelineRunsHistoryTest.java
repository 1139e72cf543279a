package io.engagementlake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.SparkTestSession;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.Lake;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;

/**
 * What {@code status} reads of a real {@code pipeline_runs} table: only the last runs' rows,
 * and one latest successful record per job, whichever order the runs were recorded in.
 */
class PipelineRunsHistoryTest {
    private static final LocalDate JUNE_29 = LocalDate.parse("2025-06-29");
    private static final LocalDate JUNE_30 = LocalDate.parse("2025-06-30");

    @Test
    void keepsTheLastRunsAndTheLatestSuccessOfEachJob() throws Exception {
        Path root = SparkTestSession.scratch().resolve("pipeline-runs-history");
        FileUtils.deleteDirectory(root.toFile());
        Lake lake = new Lake(SparkTestSession.get(), root.toString());
        // run-a (June 30) started last but is recorded first; run-b is a backfill of June 29 the
        // day before; run-c, the oldest, failed in silver_customers.
        record(lake, JUNE_30, "run-a", "2025-07-01T06:00:00Z", "ingest_customers", null);
        record(lake, JUNE_30, "run-a", "2025-07-01T06:01:00Z", "silver_customers", null);
        record(lake, JUNE_29, "run-b", "2025-06-30T06:00:00Z", "ingest_customers", null);
        record(lake, JUNE_29, "run-b", "2025-06-30T06:01:00Z", "silver_customers", null);
        record(lake, JUNE_29, "run-b", "2025-06-30T06:02:00Z", "gold_customer_engagement", null);
        record(lake, JUNE_29, "run-c", "2025-06-29T06:00:00Z", "silver_customers", "no such file");

        PipelineRuns.History history = PipelineRuns.history(lake, 2);

        assertThat(history.lastRuns()).extracting(RunHistory.RecordedJob::runId)
                .containsExactlyInAnyOrder("run-a", "run-a", "run-b", "run-b", "run-b");
        assertThat(history.latestSuccesses()).extracting(job -> job.job() + "@" + job.asOfDate() + "/" + job.runId())
                .containsExactlyInAnyOrder("ingest_customers@2025-06-30/run-a", "silver_customers@2025-06-30/run-a",
                        "gold_customer_engagement@2025-06-29/run-b");
        assertThat(RunHistory.behind(history.latestSuccesses(), List.of("ingest_customers", "silver_customers", "gold_customer_engagement")))
                .containsExactly(new RunHistory.BehindJob("gold_customer_engagement", JUNE_29));
        assertThat(PipelineRuns.history(lake, 1).lastRuns()).extracting(RunHistory.RecordedJob::runId).containsOnly("run-a");
    }

    @Test
    void aLakeWithoutRunsHasNoHistory() {
        Lake lake = new Lake(SparkTestSession.get(), SparkTestSession.scratch().resolve("pipeline-runs-none").toString());

        PipelineRuns.History history = PipelineRuns.history(lake, 5);

        assertThat(history.lastRuns()).isEmpty();
        assertThat(history.latestSuccesses()).isEmpty();
    }

    private static void record(Lake lake, LocalDate asOf, String runId, String started, String job, String error) {
        Instant start = Instant.parse(started);
        Instant end = start.plusSeconds(30);
        PipelineRuns.JobRecord record = error == null
                ? PipelineRuns.JobRecord.succeeded(job, start, end, JobResult.output(Map.of()))
                : PipelineRuns.JobRecord.failed(job, RunFailure.of(new EngagementException(ErrorCode.MISSING_INPUT, error)), start, end);
        PipelineRuns.append(SparkTestSession.get(), lake, asOf, runId, 3, List.of(record));
    }
}
