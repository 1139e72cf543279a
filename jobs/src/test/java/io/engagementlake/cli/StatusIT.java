package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.7 through bin/engagement: a run that fails and one that succeeds on a tiny lake, and
 * what {@code status} then says about them. The failed run's error must be the very line the
 * failing command printed; the counts come from the generator's manifest; every job but the one
 * that ran is behind.
 */
@Tag("heavy")
class StatusIT {
    private static final String AS_OF = "2025-06-30";

    @Test
    void statusShowsTheFailedAndTheSucceededRunAndTheJobsBehind() throws Exception {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "status-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                "--customers", "40", "--days", "10", "--end-date", AS_OF, "--seed", "5", "--threads", "1");
        assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(folder.resolve("raw/_manifest.json").toFile());
        String conf = CliProcess.writeConfig(folder.resolve("test.yaml"), "warehouse", 2).toString();

        CliProcess.Result failed = CliProcess.run("run", "gold_customer_engagement", "--as-of", AS_OF, "--conf", conf);
        assertThat(failed.exitStatus()).isEqualTo(5);
        String printed = "engagement: error [MISSING_DEPENDENCY]: job gold_customer_engagement needs table silver.customers, "
                + "which does not exist yet: run 'bin/engagement run silver_customers --as-of " + AS_OF + "' first";
        assertThat(failed.errorLines()).containsExactly(printed);

        CliProcess.Result succeeded = CliProcess.run("run", "ingest_customers", "--as-of", AS_OF, "--conf", conf);
        assertThat(succeeded.exitStatus()).as(succeeded.stderr()).isZero();

        CliProcess.Result status = CliProcess.run("status", "--format", "json", "--conf", conf);
        assertThat(status.exitStatus()).as(status.stderr()).isZero();
        JsonNode report = new ObjectMapper().readTree(status.stdout());

        assertThat(report.path("lock").isNull()).as("no run holds the lock").isTrue();
        assertThat(report.path("latest_as_of").asText()).isEqualTo(AS_OF);
        JsonNode runs = report.path("runs");
        assertThat(runs).hasSize(2);
        JsonNode ingest = runs.get(0);
        assertThat(ingest.path("as_of_date").asText()).isEqualTo(AS_OF);
        assertThat(ingest.path("status").asText()).isEqualTo("succeeded");
        assertThat(ingest.path("jobs_recorded").asInt()).isEqualTo(1);
        assertThat(ingest.path("jobs_in_run").asInt()).isEqualTo(1);
        assertThat(ingest.path("failed_job").isNull()).isTrue();
        // Every generated customers row (the manifest counts them, bad rows included) lands in bronze.
        long customerRows = manifest.path("sources").path("customers").path("rows").asLong();
        assertThat(customerRows).isPositive();
        assertThat(fields(ingest.path("output_rows"))).containsExactly(Map.entry("bronze.customers", customerRows));

        JsonNode gold = runs.get(1);
        assertThat(gold.path("status").asText()).isEqualTo("failed");
        assertThat(gold.path("failed_job").asText()).isEqualTo("gold_customer_engagement");
        assertThat("engagement: error [" + gold.path("error_code").asText() + "]: " + gold.path("error").asText())
                .as("the recorded error is the printed line").isEqualTo(printed);
        assertThat(gold.path("jobs_recorded").asInt()).isEqualTo(1);
        assertThat(fields(gold.path("output_rows"))).isEmpty();
        assertThat(gold.path("started_at").asText()).isLessThan(ingest.path("started_at").asText());

        List<String> behind = new ArrayList<>();
        report.path("behind").forEach(job -> {
            assertThat(job.path("latest_successful_as_of").isNull()).as(job.toString()).isTrue();
            behind.add(job.path("job").asText());
        });
        assertThat(behind).containsExactly("ingest_transactions", "ingest_clickstream", "ingest_surveys",
                "silver_customers", "silver_transactions", "silver_survey_responses", "silver_events", "model_clv",
                "gold_customer_engagement", "gold_cohort_retention", "gold_experience_summary", "gold_cx_impact",
                "gold_detractor_recovery", "gold_promoter_activation", "gold_journey_funnel", "report");
    }

    private static List<Map.Entry<String, Long>> fields(JsonNode object) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        object.fields().forEachRemaining(field -> entries.add(Map.entry(field.getKey(), field.getValue().asLong())));
        return entries;
    }
}
