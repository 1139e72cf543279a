package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end through bin/engagement: generate a landing zone, run the pipeline for two dates
 * and again, and check the accounting against what the generator says it injected.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final String END = "2025-03-31";
    /**
     * With seed 7 (the generator is deterministic), transaction T000001730073001 lands on
     * 2025-03-15 while its customer C00000173 lands on 2025-03-18: a run on this date must
     * quarantine it as unknown_customer and the run on END admit it.
     */
    private static final String EARLIER = "2025-03-16";
    private static Path folder;
    private static Path conf;
    private static JsonNode manifest;

    @BeforeAll
    static void generate() throws Exception {
        folder = Path.of(System.getProperty("java.io.tmpdir"), "pipeline-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                "--customers", "600", "--days", "90", "--end-date", END, "--seed", "7", "--threads", "2");
        assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
        manifest = new ObjectMapper().readTree(folder.resolve("raw/_manifest.json").toFile());
        conf = folder.resolve("test.yaml");
        CliProcess.writeConfig(conf, "warehouse", 4);
    }

    @Test
    @Order(1)
    void unknownCustomersOfAnEarlierRunAreAdmittedOnceTheirCustomerLands() throws Exception {
        run(EARLIER);
        Map<String, String> waiting = csv(sql("SELECT record_id, customer_id FROM transactions_quarantine "
                + "WHERE reason = 'unknown_customer' AND customer_id NOT LIKE 'C9%'")).stream()
                .collect(Collectors.toMap(record -> record.get("record_id"), record -> record.get("customer_id")));

        run(END);
        assertThat(waiting).containsEntry("T000001730073001", "C00000173");
        String ids = waiting.keySet().stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
        // One query: which of the waiting transactions are in silver now, and whose customer landed.
        List<CSVRecord> outcome = csv(sql("SELECT w.id, t.transaction_id IS NOT NULL AS admitted, "
                + "c.customer_id IS NOT NULL AS customer_landed FROM (SELECT explode(array(" + ids + ")) AS id) w "
                + "LEFT JOIN silver.transactions t ON t.transaction_id = w.id "
                + "LEFT JOIN silver.customers c ON c.customer_id = element_at(map(" + waiting.entrySet().stream()
                        .map(entry -> "'" + entry.getKey() + "', '" + entry.getValue() + "'").collect(Collectors.joining(", "))
                + "), w.id)"));
        Set<String> admitted = outcome.stream().filter(record -> record.get("admitted").equals("true"))
                .map(record -> record.get("id")).collect(Collectors.toSet());
        Set<String> landedCustomers = outcome.stream().filter(record -> record.get("customer_landed").equals("true"))
                .map(record -> waiting.get(record.get("id"))).collect(Collectors.toSet());
        assertThat(landedCustomers).as("late customers landed by " + END).isNotEmpty();

        waiting.forEach((transaction, customer) -> {
            if (landedCustomers.contains(customer)) {
                assertThat(admitted).as("transaction %s of late customer %s", transaction, customer).contains(transaction);
            }
        });
    }

    @Test
    @Order(2)
    void everyLandedRowIsKeptQuarantinedOrDroppedAsTheGeneratorInjectedIt() throws Exception {
        Map<String, CSVRecord> runs = new HashMap<>();
        for (CSVRecord record : csv(sql("SELECT source, rows_read, rows_kept, rows_quarantined, rows_dropped, "
                + "to_json(quarantined_by_reason) AS quarantined, to_json(dropped_by_reason) AS dropped FROM pipeline_runs "
                + "WHERE as_of_date = DATE'" + END + "' AND rows_read IS NOT NULL AND status = 'succeeded'"))) {
            runs.put(record.get("source"), record);
        }
        assertThat(runs).containsOnlyKeys("customers", "transactions", "clickstream", "surveys");
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, CSVRecord> entry : runs.entrySet()) {
            String source = entry.getKey();
            CSVRecord record = entry.getValue();
            JsonNode injected = manifest.path("sources").path(source);
            long read = Long.parseLong(record.get("rows_read"));
            assertThat(read).as("%s: every generated row reached bronze", source).isEqualTo(injected.path("rows").asLong());
            assertThat(read).as("%s: read = kept + quarantined + dropped", source).isEqualTo(
                    Long.parseLong(record.get("rows_kept")) + Long.parseLong(record.get("rows_quarantined"))
                            + Long.parseLong(record.get("rows_dropped")));
            JsonNode quarantined = json.readTree(record.get("quarantined"));
            injected.path("bad_rows").fields().forEachRemaining(bad -> {
                long count = quarantined.path(bad.getKey()).asLong(0);
                if (bad.getKey().equals("unknown_customer")) {
                    assertThat(count).as("%s unknown_customer", source).isBetween(bad.getValue().asLong(),
                            bad.getValue().asLong() + injected.path("late_master_data").asLong());
                }
                else {
                    assertThat(count).as("%s %s", source, bad.getKey()).isEqualTo(bad.getValue().asLong());
                }
            });
            if (!source.equals("customers")) {
                assertThat(json.readTree(record.get("dropped")).path("duplicate").asLong(0)).as("%s duplicates", source)
                        .isEqualTo(injected.path("duplicates").asLong());
            }
        }
    }

    @Test
    @Order(3)
    void sqlCsvIsAHeaderAndRfc4180RowsAndNothingElse() throws Exception {
        CliProcess.Result result = CliProcess.run("sql",
                "SELECT reason, count(*) AS n FROM transactions_quarantine GROUP BY reason ORDER BY reason",
                "--format", "csv", "--conf", conf.toString());

        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("reason,n");
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.matches("[a-z_]+,\\d+"));
        assertThat(lines).hasSizeGreaterThan(1);
    }

    @Test
    @Order(4)
    void rerunningADateIngestsNothingNewAndGivesTheSameCounts() throws Exception {
        String lastRun = "SELECT run_id FROM pipeline_runs WHERE as_of_date = DATE'" + END + "' "
                + "GROUP BY run_id ORDER BY min(started_at) DESC LIMIT 1";
        String counts = "SELECT job, rows_read, rows_kept, rows_quarantined, rows_dropped, to_json(output_rows) AS output_rows "
                + "FROM pipeline_runs WHERE (job LIKE 'silver_%' OR job LIKE 'gold_%') AND run_id = (" + lastRun + ") ORDER BY job";
        String before = sql(counts);

        run(END);

        assertThat(sql(counts)).isEqualTo(before).contains("silver_events").contains("gold_journey_funnel");
        assertThat(csv(sql("SELECT job, rows_landed FROM pipeline_runs WHERE job LIKE 'ingest_%' AND run_id = (" + lastRun + ")")))
                .hasSize(4)
                .allSatisfy(record -> assertThat(record.get("rows_landed")).isEqualTo("0"));
    }

    @Test
    @Order(5)
    void aBadQueryIsOneLine() throws Exception {
        CliProcess.Result result = CliProcess.run("sql", "SELECT nope FROM silver.customers", "--conf", conf.toString());

        assertThat(result.exitStatus()).isEqualTo(6);
        assertThat(result.errorLines()).singleElement().asString().startsWith("engagement: error [BAD_QUERY]:").contains("nope");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    @Order(6)
    void publishesOneEngagementRowPerCustomerSignedUpByTheAsOfDate() throws Exception {
        CSVRecord checks = csv(sql("SELECT "
                + "(SELECT count(*) FROM customer_engagement WHERE as_of_date = DATE'" + END + "') AS engagement_rows, "
                + "(SELECT count(DISTINCT customer_id) FROM customer_engagement WHERE as_of_date = DATE'" + END + "') AS distinct_customers, "
                + "(SELECT count(*) FROM silver.customers WHERE signup_ts < DATE'" + END + "' + INTERVAL 1 DAY) AS signed_up, "
                + "(SELECT count(*) FROM customer_engagement WHERE engagement_score NOT BETWEEN 0 AND 100) AS scores_out_of_range, "
                + "(SELECT count(DISTINCT as_of_date) FROM customer_engagement) AS snapshots")).get(0);

        assertThat(checks.get("engagement_rows")).isEqualTo(checks.get("signed_up")).isEqualTo(checks.get("distinct_customers"));
        assertThat(Long.parseLong(checks.get("engagement_rows"))).isGreaterThan(500);
        assertThat(checks.get("scores_out_of_range")).isEqualTo("0");
        // The earlier date's snapshot is still there beside END's.
        assertThat(checks.get("snapshots")).isEqualTo("2");
    }

    @Test
    @Order(7)
    void recordsBothModelFitsAndScoresCustomersOnlyWithAConvergedFit() throws Exception {
        String day = "DATE'" + END + "'";
        CSVRecord checks = csv(sql("SELECT "
                + "(SELECT count(*) FROM model_fits WHERE as_of_date = " + day + ") AS models, "
                + "(SELECT count(*) FROM model_fits WHERE as_of_date = " + day + " AND converged = (diagnostics IS NULL)) AS explained, "
                + "(SELECT first(converged) FROM model_fits WHERE as_of_date = " + day + " AND model = 'bgnbd') AS bgnbd_converged, "
                + "(SELECT first(customers) FROM model_fits WHERE as_of_date = " + day + " AND model = 'bgnbd') AS fitted_customers, "
                + "(SELECT count(DISTINCT customer_id) FROM silver.transactions WHERE type = 'purchase' AND ts < " + day
                        + " + INTERVAL 1 DAY) AS purchasing_customers, "
                + "(SELECT count(*) FROM customer_engagement WHERE as_of_date = " + day + " AND p_alive IS NOT NULL) AS scored, "
                + "(SELECT count(*) FROM customer_engagement WHERE as_of_date = " + day
                        + " AND p_alive IS NOT NULL AND first_purchase_date IS NULL) AS scored_prospects, "
                + "(SELECT count(*) FROM customer_engagement WHERE as_of_date = " + day + " AND first_purchase_date IS NOT NULL) AS purchasers, "
                + "(SELECT count(*) FROM customer_engagement WHERE as_of_date = " + day
                        + " AND (p_alive NOT BETWEEN 0 AND 1 OR predicted_orders_365d < 0 OR predicted_clv_365d < 0)) AS out_of_range, "
                + "(SELECT count(*) FROM customer_engagement WHERE as_of_date = " + day
                        + " AND economic_value <> revenue_365d + coalesce(predicted_clv_365d, 0)) AS economic_mismatches")).get(0);

        assertThat(checks.get("models")).isEqualTo("2");
        // A model row is converged exactly when it carries no diagnostic.
        assertThat(checks.get("explained")).isEqualTo("2");
        // Every customer with a purchase up to D is in the fit.
        assertThat(checks.get("fitted_customers")).isEqualTo(checks.get("purchasing_customers"));
        // 90 days of generated history is short for BG/NBD (little evidence of dropout): with a
        // converged fit every purchaser is scored, without one nobody is.
        String expectedScored = Boolean.parseBoolean(checks.get("bgnbd_converged")) ? checks.get("purchasers") : "0";
        assertThat(checks.get("scored")).isEqualTo(expectedScored);
        assertThat(checks.get("scored_prospects")).isEqualTo("0");
        assertThat(checks.get("out_of_range")).isEqualTo("0");
        assertThat(checks.get("economic_mismatches")).isEqualTo("0");
    }

    private static void run(String asOf) throws Exception {
        CliProcess.Result result = CliProcess.run("run", "--as-of", asOf, "--conf", conf.toString());
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        assertThat(result.stderr()).doesNotContain("Exception");
    }

    private static String sql(String query) throws Exception {
        CliProcess.Result result = CliProcess.run("sql", query, "--format", "csv", "--conf", conf.toString());
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    }
}
