package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.pipeline.LakeLock;
import io.engagementlake.pipeline.RunHistory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The table {@code bin/engagement status} prints, from a status written by hand. */
class StatusCommandTest {
    @Test
    void printsTheRunsTheirRowsAndTheJobsBehind() {
        RunHistory.RunSummary failed = new RunHistory.RunSummary("run-b", LocalDate.parse("2025-06-30"),
                Instant.parse("2025-07-01T11:00:00Z"), Instant.parse("2025-07-01T11:00:06.5Z"), "failed", 2, 3L,
                "silver_customers", "RECONCILIATION_FAILED", "customers: read 120 <> kept 110 + quarantined 5", Map.of("bronze.customers", 20L));
        RunHistory.RunSummary succeeded = new RunHistory.RunSummary("run-a", LocalDate.parse("2025-06-29"),
                Instant.parse("2025-07-01T10:00:00Z"), Instant.parse("2025-07-01T10:00:30Z"), "succeeded", 2, null,
                null, null, null, Map.of("bronze.customers", 100L, "silver.customers", 95L));
        LakeLock.Holder holder = new LakeLock.Holder("run-c", "box", 42, Instant.parse("2025-07-01T12:00:00Z"), Instant.parse("2025-07-01T12:01:00Z"));
        StatusCommand.Status status = new StatusCommand.Status("/lake", Optional.of(holder), false, Optional.of(LocalDate.parse("2025-06-30")),
                List.of(failed, succeeded), List.of(new RunHistory.BehindJob("silver_customers", LocalDate.parse("2025-06-29")),
                        new RunHistory.BehindJob("report", null)));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusCommand.printTable(status, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "Lake: /lake",
                "Lock: run run-c on host box (pid 42) since 2025-07-01T12:00:00Z - running, lease valid until 2025-07-01T12:01:00Z",
                "",
                "Last 2 runs, newest first:",
                "  RUN ID  AS OF       STARTED (UTC)        DURATION  STATUS     JOBS  FAILED JOB        ERROR",
                "  run-b   2025-06-30  2025-07-01 11:00:00  6.5 s     failed     2/3   silver_customers  [RECONCILIATION_FAILED] customers: read 120 <> kept 110 + quarantined 5",
                "  run-a   2025-06-29  2025-07-01 10:00:00  30.0 s    succeeded  2     -                 -",
                "",
                "Rows written:",
                "  run-b: bronze.customers 20",
                "  run-a: bronze.customers 100, silver.customers 95",
                "",
                "2 jobs are behind 2025-06-30 (the newest as-of date any job reached):",
                "  JOB               LATEST SUCCESSFUL AS OF",
                "  silver_customers  2025-06-29",
                "  report            never");
    }
}
