package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The persistent catalog through {@code bin/engagement}: a second process sees what a running
 * one wrote; {@code sql} with files of statements, an interactive prompt on piped input,
 * Delta time travel and history, column and table comments from the contracts; {@code export}.
 */
@Tag("heavy") // two pipeline runs and a dozen CLI calls (~6-10 minutes): with -Pheavy
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogIT {
    private static final String FIRST = "2025-03-20";
    private static final String SECOND = "2025-03-31";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path folder;
    private static Path conf;

    @BeforeAll
    static void generate() throws Exception {
        folder = Path.of(System.getProperty("java.io.tmpdir"), "catalog-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                "--customers", "150", "--days", "45", "--end-date", SECOND, "--seed", "5", "--threads", "2");
        assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
        conf = folder.resolve("test.yaml");
        CliProcess.writeConfig(conf, "warehouse", 2);
    }

    /**
     * Processes that open a brand-new lake's metastore together must not both initialise it:
     * two clients recording the schema version left two version rows, and every later client
     * failed with "Metastore contains multiple versions" (seen when a sql call met the first run).
     */
    @Test
    @Order(0)
    void processesOpeningANewMetastoreTogetherLeaveItUsable() throws Exception {
        Path lake = folder.resolve("new-lake");
        Path newConf = folder.resolve("new-lake.yaml");
        CliProcess.writeConfig(newConf, "new-lake", 2);
        List<CliProcess.Running> together = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            together.add(CliProcess.start("sql", "SHOW DATABASES", "--format", "csv", "--conf", newConf.toString()));
        }
        for (CliProcess.Running process : together) {
            CliProcess.Result result = process.finish();
            assertThat(result.exitStatus()).as(result.stderr()).isZero();
        }
        CliProcess.Result after = CliProcess.run("sql", "SHOW DATABASES", "--format", "csv", "--conf", newConf.toString());
        assertThat(after.exitStatus()).as(after.stderr()).isZero();
        assertThat(after.stdout()).contains("default");
        assertThat(lake.resolve("_metastore/schema.complete")).exists();
    }

    @Test
    @Order(1)
    void aSecondProcessSeesTheTablesARunningOneHasWritten() throws Exception {
        CliProcess.Running run = CliProcess.start("run", "--as-of", FIRST, "--conf", conf.toString());
        boolean seenWhileRunning = false;
        CliProcess.Result finished;
        try {
            while (run.isAlive() && !seenWhileRunning) {
                CliProcess.Result tables = CliProcess.run("sql", "SHOW TABLES IN bronze", "--format", "csv", "--conf", conf.toString());
                assertThat(tables.exitStatus()).as(tables.stderr()).isZero();
                // The first run writes bronze first and gold last: seeing bronze while it still runs
                // means both processes had the metastore open at once.
                seenWhileRunning = tables.stdout().contains("transactions") && run.isAlive();
            }
        }
        finally {
            // Even when a check fails: the next tests need the run ended and the lake's lock free.
            finished = run.finish();
        }
        assertThat(finished.exitStatus()).as(finished.stderr()).isZero();
        assertThat(seenWhileRunning).as("a sql call saw bronze.transactions while the run was still going").isTrue();
    }

    @Test
    @Order(2)
    void timeTravelHistoryAndCommentsWorkByName() throws Exception {
        CliProcess.Result second = CliProcess.run("run", "--as-of", SECOND, "--conf", conf.toString());
        assertThat(second.exitStatus()).as(second.stderr()).isZero();

        Path script = folder.resolve("inspect.sql");
        Files.writeString(script, String.join("\n",
                "-- history first; a semicolon inside a comment; does not split",
                "DESCRIBE HISTORY customer_engagement;",
                "DESCRIBE TABLE EXTENDED customer_engagement;",
                "SELECT 'slice' AS kind, CAST(as_of_date AS STRING) AS as_of_date, count(*) AS customers",
                "FROM customer_engagement GROUP BY as_of_date;",
                ""));
        List<JsonNode> lines = jsonLines(sql("-f", script.toString(), "--format", "json"));
        Map<String, Long> sliceSizes = lines.stream().filter(line -> line.path("kind").asText().equals("slice"))
                .collect(Collectors.toMap(line -> line.get("as_of_date").asText(), line -> line.get("customers").asLong()));
        assertThat(sliceSizes).containsOnlyKeys(FIRST, SECOND);

        // The commit that wrote the first slice, found by the as-of date our jobs tag commits with.
        JsonNode firstCommit = lines.stream()
                .filter(line -> line.has("operation") && line.path("userMetadata").asText().contains("\"as_of_date\":\"" + FIRST + "\""))
                .findFirst().orElseThrow();
        long version = firstCommit.get("version").asLong();
        String timestamp = firstCommit.get("timestamp").asText();

        TableContract contract = Contracts.load("gold", "customer_engagement");
        Map<String, String> comments = lines.stream().filter(line -> line.has("col_name"))
                .collect(Collectors.toMap(line -> line.get("col_name").asText(), line -> line.path("comment").asText(""), (a, b) -> a));
        assertThat(comments.get("revenue_365d")).isEqualTo(contract.column("revenue_365d").orElseThrow().description());
        assertThat(comments.get("engagement_tier")).isEqualTo(contract.column("engagement_tier").orElseThrow().description());
        assertThat(lines.stream().filter(line -> line.path("col_name").asText().equals("Comment")).findFirst().orElseThrow()
                .get("data_type").asText()).isEqualTo(contract.description());

        Path travel = folder.resolve("travel.sql");
        Files.writeString(travel, String.join("\n",
                "SELECT 'version' AS how, count(*) AS customers, count(DISTINCT as_of_date) AS slices FROM customer_engagement VERSION AS OF " + version + ";",
                "SELECT 'timestamp' AS how, count(*) AS customers, count(DISTINCT as_of_date) AS slices FROM customer_engagement TIMESTAMP AS OF '" + timestamp + "';",
                "SELECT 'now' AS how, count(*) AS customers, count(DISTINCT as_of_date) AS slices FROM customer_engagement;",
                "",
                "SELECT no_such_column",
                "FROM customer_engagement;",
                "SELECT 'never reached' AS how;",
                ""));
        CliProcess.Result travelled = CliProcess.run("sql", "-f", travel.toString(), "--format", "csv", "--conf", conf.toString());
        assertThat(travelled.exitStatus()).isEqualTo(6);
        assertThat(travelled.errorLines()).singleElement().asString()
                .startsWith("engagement: error [BAD_QUERY]: travel.sql: statement 4 (line 5): [UNRESOLVED_COLUMN")
                .contains("no_such_column");
        assertThat(travelled.stderr()).doesNotContain("\tat org.apache");
        List<CSVRecord> counts = csvRecords(travelled.stdout()).stream().filter(record -> record.get(0).matches("version|timestamp|now")).toList();
        assertThat(counts).extracting(record -> record.get(0) + " " + record.get(1) + " " + record.get(2)).containsExactly(
                "version " + sliceSizes.get(FIRST) + " 1",
                "timestamp " + sliceSizes.get(FIRST) + " 1",
                "now " + (sliceSizes.get(FIRST) + sliceSizes.get(SECOND)) + " 2");
        assertThat(travelled.stdout()).doesNotContain("never reached");
    }

    @Test
    @Order(3)
    void exportWritesASnapshotAsCsvAndParquetThatAnInteractiveSessionReadsBack() throws Exception {
        Path csvFolder = folder.resolve("export-csv");
        CliProcess.Result csvExport = CliProcess.run("export", "customer_engagement", "--as-of", FIRST, "--format", "csv",
                "--out", csvFolder.toString(), "--conf", conf.toString());
        assertThat(csvExport.exitStatus()).as(csvExport.stderr()).isZero();
        List<String> header = new ArrayList<>();
        long rows = 0;
        try (var parts = Files.list(csvFolder)) {
            for (Path part : parts.filter(path -> path.getFileName().toString().endsWith(".csv")).toList()) {
                var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(part));
                header = parser.getHeaderNames();
                rows += parser.getRecords().size();
            }
        }
        assertThat(header).isEqualTo(Contracts.load("gold", "customer_engagement").columnNames());

        Path parquetFolder = folder.resolve("export-parquet");
        CliProcess.Result parquetExport = CliProcess.run("export", "cohort_retention", "--format", "parquet",
                "--out", parquetFolder.toString(), "--conf", conf.toString());
        assertThat(parquetExport.exitStatus()).as(parquetExport.stderr()).isZero();
        CliProcess.Result again = CliProcess.run("export", "cohort_retention", "--format", "parquet",
                "--out", parquetFolder.toString(), "--conf", conf.toString());
        assertThat(again.exitStatus()).isEqualTo(2);
        assertThat(again.errorLines()).singleElement().asString().contains("exists").contains("--overwrite");

        // Piped statements: a failing one prints its error and the session goes on.
        String input = String.join("\n",
                "SELECT 'csv' AS source, count(*) AS n FROM customer_engagement WHERE as_of_date = DATE'" + FIRST + "';",
                "SELEKT oops;",
                "SELECT 'parquet' AS source, count(*) AS n FROM parquet.`" + parquetFolder + "`;",
                "SELECT 'table' AS source, count(*) AS n",
                "  FROM cohort_retention;",
                "exit;",
                "SELECT 'after exit' AS source, 0 AS n;",
                "");
        CliProcess.Result session = CliProcess.runWithInput(input, "sql", "--format", "csv", "--conf", conf.toString());
        assertThat(session.exitStatus()).as(session.stderr()).isZero();
        assertThat(session.errorLines()).singleElement().asString().startsWith("engagement: error [BAD_QUERY]: [PARSE_SYNTAX_ERROR]");
        Map<String, Long> counts = csvRecords(session.stdout()).stream().filter(record -> !record.get(0).equals("source"))
                .collect(Collectors.toMap(record -> record.get(0), record -> Long.parseLong(record.get(1))));
        assertThat(counts).containsOnlyKeys("csv", "parquet", "table");
        assertThat(counts.get("csv")).isEqualTo(rows);
        assertThat(counts.get("parquet")).isEqualTo(counts.get("table")).isPositive();
    }

    private static String sql(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("sql"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--conf", conf.toString()));
        CliProcess.Result result = CliProcess.run(command.toArray(String[]::new));
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.lines().filter(line -> !line.isBlank()).toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** Several results printed one after another: every record, header lines included. */
    private static List<CSVRecord> csvRecords(String text) throws IOException {
        return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
    }
}
