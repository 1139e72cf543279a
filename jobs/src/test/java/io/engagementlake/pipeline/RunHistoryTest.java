package io.engagementlake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.pipeline.RunHistory.BehindJob;
import io.engagementlake.pipeline.RunHistory.RecordedJob;
import io.engagementlake.pipeline.RunHistory.RunSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@code bin/engagement status} on pipeline_runs rows written by hand: how a run
 * ended, what it wrote, and which jobs are behind. Expected values are worked out from the rows.
 */
class RunHistoryTest {
    private static final LocalDate JUNE_29 = LocalDate.parse("2025-06-29");
    private static final LocalDate JUNE_30 = LocalDate.parse("2025-06-30");
    private static final List<String> GRAPH = List.of("ingest_customers", "silver_customers", "gold_customer_engagement");

    /**
     * Run a (June 29): both of its 2 jobs succeeded, 10:00:00 to 10:00:30.
     * Run b (June 30): ingest succeeded, silver failed; it set out to run 3 jobs.
     * Run c (June 30): 1 of its 2 jobs recorded, no failure: killed, or still running.
     * Run d (June 28): written before jobs_in_run existed (null), one job succeeded.
     */
    private static final List<RecordedJob> ROWS = List.of(
            job("d", "2025-06-28", "ingest_customers", "succeeded", null, null, "09:00:00", "09:00:02", null, Map.of("bronze.customers", 7L)),
            job("a", "2025-06-29", "ingest_customers", "succeeded", null, null, "10:00:00", "10:00:10", 2L, Map.of("bronze.customers", 100L)),
            job("a", "2025-06-29", "silver_customers", "succeeded", null, null, "10:00:10", "10:00:30", 2L,
                    Map.of("silver.customers", 95L, "engagement.customers_quarantine", 5L)),
            job("b", "2025-06-30", "ingest_customers", "succeeded", null, null, "11:00:00", "11:00:05", 3L, Map.of("bronze.customers", 20L)),
            job("b", "2025-06-30", "silver_customers", "failed", "RECONCILIATION_FAILED", "customers: read 120 <> kept 110 + quarantined 5 + dropped 0",
                    "11:00:05", "11:00:06", 3L, null),
            job("c", "2025-06-30", "ingest_customers", "succeeded", null, null, "12:00:00", "12:00:04", 2L, Map.of("bronze.customers", 0L)));

    @Test
    void summarisesEachRunNewestFirst() {
        List<RunSummary> runs = RunHistory.lastRuns(ROWS, 10, Optional.empty());

        assertThat(runs).extracting(RunSummary::runId).containsExactly("c", "b", "a", "d");
        assertThat(runs).extracting(RunSummary::status).containsExactly("incomplete", "failed", "succeeded", "succeeded");
        RunSummary a = runs.get(2);
        assertThat(a.asOfDate()).isEqualTo(JUNE_29);
        assertThat(a.startedAt()).isEqualTo(Instant.parse("2025-07-01T10:00:00Z"));
        assertThat(a.durationSeconds()).isEqualTo(30.0);
        assertThat(a.jobsRecorded()).isEqualTo(2);
        assertThat(a.failedJob()).isNull();
        assertThat(a.outputRows()).containsExactly(Map.entry("bronze.customers", 100L),
                Map.entry("engagement.customers_quarantine", 5L), Map.entry("silver.customers", 95L));
        RunSummary b = runs.get(1);
        assertThat(b.failedJob()).isEqualTo("silver_customers");
        assertThat(b.errorCode()).isEqualTo("RECONCILIATION_FAILED");
        assertThat(b.error()).isEqualTo("customers: read 120 <> kept 110 + quarantined 5 + dropped 0");
        assertThat(b.jobsRecorded()).isEqualTo(2);
        assertThat(b.jobsInRun()).isEqualTo(3L);
        assertThat(b.durationSeconds()).isEqualTo(6.0);
        assertThat(b.outputRows()).containsExactly(Map.entry("bronze.customers", 20L));
        assertThat(runs.get(3).jobsInRun()).isNull();
    }

    @Test
    void theRunHoldingTheLakeLockIsRunningNotIncomplete() {
        assertThat(RunHistory.lastRuns(ROWS, 10, Optional.of("c")).get(0).status()).isEqualTo("running");
        // A failure wins over the lock: the failed run's lease is given back as it ends.
        assertThat(RunHistory.lastRuns(ROWS, 10, Optional.of("b")).get(1).status()).isEqualTo("failed");
    }

    @Test
    void theLimitKeepsTheNewestRuns() {
        assertThat(RunHistory.lastRuns(ROWS, 2, Optional.empty())).extracting(RunSummary::runId).containsExactly("c", "b");
    }

    @Test
    void aJobIsBehindWhenItsLatestSuccessIsOlderThanTheNewestAsOfAnyJobReached() {
        // ingest_customers succeeded for June 30 (runs b, c); silver_customers last succeeded for
        // June 29 (run a; it failed in b); gold_customer_engagement never ran.
        assertThat(RunHistory.latestAsOf(ROWS)).contains(JUNE_30);
        assertThat(RunHistory.behind(ROWS, GRAPH)).containsExactly(
                new BehindJob("silver_customers", JUNE_29),
                new BehindJob("gold_customer_engagement", null));
    }

    @Test
    void aFailedJobDoesNotMoveTheNewestAsOf() {
        List<RecordedJob> rows = new java.util.ArrayList<>(ROWS);
        rows.add(job("e", "2025-07-01", "ingest_customers", "failed", "MISSING_INPUT", "landing zone not found: /x", "13:00:00", "13:00:00", 3L, null));

        assertThat(RunHistory.latestAsOf(rows)).contains(JUNE_30);
        assertThat(RunHistory.behind(rows, GRAPH)).extracting(BehindJob::job).containsExactly("silver_customers", "gold_customer_engagement");
    }

    @Test
    void nothingIsBehindBeforeAnythingRan() {
        assertThat(RunHistory.latestAsOf(List.of())).isEmpty();
        assertThat(RunHistory.behind(List.of(), GRAPH)).isEmpty();
        assertThat(RunHistory.lastRuns(List.of(), 10, Optional.empty())).isEmpty();
    }

    private static RecordedJob job(String run, String asOf, String job, String status, String code, String error,
            String started, String ended, Long jobsInRun, Map<String, Long> outputRows) {
        return new RecordedJob(run, LocalDate.parse(asOf), job, status, code, error,
                Instant.parse("2025-07-01T" + started + "Z"), Instant.parse("2025-07-01T" + ended + "Z"), jobsInRun, outputRows);
    }
}
