package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.engagementlake.pipeline.JobGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.2, one writer per lake, with real bin/engagement processes: while a full run holds the
 * lake, a second run on the same lake fails fast with one line naming the holder and exit status
 * 10, a third one given {@code --wait} starts only once the first has ended, and the first
 * completes with every job recorded once.
 */
@Tag("heavy") // a full pipeline run beside two others (~16 minutes on 2 loaded cores): with -Pheavy
class LakeLockIT {
    private static final String AS_OF = "2025-06-30";

    @Test
    void aSecondRunOnABusyLakeFailsFastNamingTheHolderAndTheFirstCompletes() throws Exception {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "lake-lock-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                "--customers", "60", "--days", "20", "--end-date", AS_OF, "--seed", "3", "--threads", "1");
        assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
        String conf = CliProcess.writeConfig(folder.resolve("test.yaml"), "warehouse", 2).toString();
        Path lock = folder.resolve("warehouse/_lock");

        CliProcess.Running first = CliProcess.start("run", "--as-of", AS_OF, "--conf", conf);
        JsonNode holder = awaitLease(lock, first);

        CliProcess.Running waiting = CliProcess.start("run", "ingest_customers", "--as-of", AS_OF, "--wait", "3600", "--conf", conf);
        CliProcess.Result second = CliProcess.run("run", "ingest_customers", "--as-of", AS_OF, "--conf", conf);
        boolean firstStillRunning = first.isAlive();

        assertThat(second.exitStatus()).as(second.stderr()).isEqualTo(10);
        assertThat(second.errorLines()).singleElement().asString()
                .startsWith("engagement: error [LAKE_BUSY]: the lake is busy: run " + holder.path("run_id").asText()
                        + " on host " + holder.path("host").asText() + " (pid " + first.process().pid() + ") since ")
                .contains(" holds its write lock " + lock + " (lease valid until ")
                .endsWith("; one run per lake at a time: rerun when it has ended, or with --wait SECONDS");
        assertThat(firstStillRunning).as("the second run failed while the first still held the lake").isTrue();

        CliProcess.Result firstResult = first.finish();
        assertThat(firstResult.exitStatus()).as(firstResult.stderr()).isZero();
        CliProcess.Result waited = waiting.finish();
        assertThat(waited.exitStatus()).as(waited.stderr()).isZero();
        assertThat(lock).as("the lock is given back").doesNotExist();

        CliProcess.Result status = CliProcess.run("status", "--format", "json", "--conf", conf);
        assertThat(status.exitStatus()).as(status.stderr()).isZero();
        JsonNode report = new ObjectMapper().readTree(status.stdout());
        JsonNode runs = report.path("runs");
        int jobs = JobGraph.standard().jobs().size();
        assertThat(runs).as("the refused run wrote nothing").hasSize(2);
        JsonNode full = runs.get(1);
        assertThat(full.path("run_id").asText()).isEqualTo(holder.path("run_id").asText());
        assertThat(full.path("status").asText()).isEqualTo("succeeded");
        assertThat(full.path("jobs_recorded").asInt()).isEqualTo(jobs);
        assertThat(full.path("jobs_in_run").asInt()).isEqualTo(jobs);
        JsonNode afterWaiting = runs.get(0);
        assertThat(afterWaiting.path("status").asText()).isEqualTo("succeeded");
        assertThat(afterWaiting.path("jobs_recorded").asInt()).isEqualTo(1);
        assertThat(Instant.parse(afterWaiting.path("started_at").asText()))
                .as("the waiting run started its job after the first run's last job ended")
                .isAfterOrEqualTo(Instant.parse(full.path("ended_at").asText()));
        assertThat(report.path("behind")).isEmpty();
        assertThat(report.path("lock").isNull()).isTrue();
    }

    /** Waits until {@code run} holds the lake lock and returns the lease it wrote. */
    private static JsonNode awaitLease(Path lock, CliProcess.Running run) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(lock)) {
                String content = Files.readString(lock);
                if (!content.isBlank()) {
                    return new ObjectMapper().readTree(content);
                }
            }
            if (!run.isAlive()) {
                throw new AssertionError("the first run ended before it took the lake lock: " + run.finish().stderr());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the first run did not take the lake lock within 3 minutes");
    }
}
