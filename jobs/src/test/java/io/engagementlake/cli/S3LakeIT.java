package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.engagementlake.config.Contracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lake on S3: the same generated landing zone, run once with the lake on local disk and
 * once with {@code lake.raw} and {@code lake.root} on {@code s3a://} in an S3-compatible store
 * ({@link S3Server}, S3Proxy on 127.0.0.1), must give the same gold tables, row for row, as
 * {@code bin/engagement sql --format json} prints them.
 *
 * <p>The S3 run uses {@code conf/s3.example.yaml} itself, overriding only the endpoint, the
 * bucket and what every test config sets (two cores, four shuffle partitions, as the local run
 * has). Its keys reach it only as {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} in
 * the environment, and the server refuses unsigned or wrongly signed requests, so the run
 * proves the credential chain of the example config. Doubles are compared to 1e-9 relative: the
 * tables are computed by the same code from the same rows, but Spark may add up a column in
 * another order when the input files are split differently.
 */
@Tag("heavy")
class S3LakeIT {
    private static final LocalDate AS_OF = LocalDate.parse("2025-04-30");
    private static final String BUCKET = "engagement-lake";
    private static final List<String> GOLD_TABLES = List.of("customer_engagement", "cohort_retention", "journey_funnel",
            "cx_impact", "experience_summary", "detractor_recovery", "promoter_activation", "model_fits");
    /**
     * The tables 120 days of data fill. cx_impact stays empty at the default 180-day horizon
     * (no response has matured), and both lakes must agree on that too.
     */
    private static final List<String> NON_EMPTY = List.of("customer_engagement", "cohort_retention", "journey_funnel",
            "experience_summary", "model_fits");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLakeOnS3GivesTheSameGoldTablesAsTheLakeOnLocalDisk() throws Exception {
        long started = System.nanoTime();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "s3-lake-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                "--customers", "300", "--days", "120", "--seed", "5", "--end-date", AS_OF.toString(), "--threads", "2");
        assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
        Path localConf = CliProcess.writeConfig(folder.resolve("local.yaml"), "warehouse", 4);

        // The local run goes on while the object store starts and the landing zone is uploaded.
        CliProcess.Running localRun = CliProcess.start("run", "--as-of", AS_OF.toString(), "--conf", localConf.toString());
        try (S3Server s3 = S3Server.start(folder.resolve("s3"))) {
            s3.createBucket(BUCKET);
            int uploaded = s3.upload(folder.resolve("raw"), BUCKET, "raw");
            assertThat(uploaded).isGreaterThan(4);
            CliProcess.Result local = localRun.finish();
            assertThat(local.exitStatus()).as(local.stderr()).isZero();
            long localDone = System.nanoTime();

            Path s3Conf = writeS3Config(folder.resolve("s3.yaml"), s3);
            CliProcess.Result onS3 = CliProcess.runWithEnvironment(s3.credentialsEnvironment(),
                    "run", "--as-of", AS_OF.toString(), "--conf", s3Conf.toString());
            assertThat(onS3.exitStatus()).as(onS3.stderr()).isZero();
            long s3Done = System.nanoTime();
            assertThat(s3.keys(BUCKET, "warehouse/engagement/customer_engagement/_delta_log/"))
                    .as("the gold table's Delta log is in the bucket").contains(
                            "warehouse/engagement/customer_engagement/_delta_log/00000000000000000000.json");

            Path script = writeGoldQueries(folder.resolve("gold.sql"));
            Map<String, List<JsonNode>> expected = goldTables(CliProcess.run("sql", "-f", script.toString(),
                    "--format", "json", "--conf", localConf.toString()));
            Map<String, List<JsonNode>> actual = goldTables(CliProcess.runWithEnvironment(s3.credentialsEnvironment(),
                    "sql", "-f", script.toString(), "--format", "json", "--conf", s3Conf.toString()));

            assertThat(actual.keySet()).containsExactlyElementsOf(GOLD_TABLES);
            for (String table : GOLD_TABLES) {
                List<JsonNode> expectedRows = expected.get(table);
                List<JsonNode> actualRows = actual.get(table);
                if (NON_EMPTY.contains(table)) {
                    assertThat(expectedRows).as("%s on local disk", table).isNotEmpty();
                }
                assertThat(actualRows).as("%s: rows on S3 vs on local disk", table).hasSameSizeAs(expectedRows);
                for (int i = 0; i < expectedRows.size(); i++) {
                    assertSameRow(table + " row " + i, actualRows.get(i), expectedRows.get(i));
                }
            }
            // A plain Spark file write to S3 (not Delta) goes through the example's S3A committer.
            CliProcess.Result exported = CliProcess.runWithEnvironment(s3.credentialsEnvironment(), "export", "customer_engagement",
                    "--format", "csv", "--out", "s3a://" + BUCKET + "/exports/customer_engagement", "--conf", s3Conf.toString());
            assertThat(exported.exitStatus()).as(exported.stderr()).isZero();
            List<String> exportKeys = s3.keys(BUCKET, "exports/customer_engagement/");
            assertThat(exportKeys).contains("exports/customer_engagement/_SUCCESS").noneMatch(key -> key.contains("__magic"));
            long exportedRows = exportKeys.stream().filter(key -> key.endsWith(".csv"))
                    .mapToLong(key -> s3.read(BUCKET, key).lines().skip(1).count()).sum();
            assertThat(exportedRows).as("CSV rows exported to S3").isEqualTo(expected.get("customer_engagement").size());
            // Parquet's committer renames, which S3A does as copies through the SDK's async client.
            CliProcess.Result parquet = CliProcess.runWithEnvironment(s3.credentialsEnvironment(), "export", "cohort_retention",
                    "--format", "parquet", "--out", "s3a://" + BUCKET + "/exports/cohort_retention", "--conf", s3Conf.toString());
            assertThat(parquet.exitStatus()).as(parquet.stderr()).isZero();
            assertThat(s3.keys(BUCKET, "exports/cohort_retention/"))
                    .contains("exports/cohort_retention/_SUCCESS")
                    .anyMatch(key -> key.endsWith(".parquet"))
                    .noneMatch(key -> key.contains("_temporary"));

            System.out.printf("S3LakeIT: %d rows in %d gold tables equal; wall time %.0f s (generate and local run %.0f s,"
                            + " S3 run %.0f s, sql on both and export %.0f s)%n",
                    expected.values().stream().mapToInt(List::size).sum(), GOLD_TABLES.size(), seconds(started, System.nanoTime()),
                    seconds(started, localDone), seconds(localDone, s3Done), seconds(s3Done, System.nanoTime()));
        }
        finally {
            if (localRun.isAlive()) {
                localRun.process().destroyForcibly();
            }
        }
    }

    /**
     * The example config with the test server's endpoint: path-style requests over plain HTTP
     * on loopback, the test bucket, and the shuffle partitions and cores of the local run.
     */
    private static Path writeS3Config(Path file, S3Server s3) throws IOException {
        Files.writeString(file, String.join("\n",
                "extends: " + CliProcess.home().resolve("conf/s3.example.yaml"),
                "lake:",
                "  raw: s3a://" + BUCKET + "/raw",
                "  root: s3a://" + BUCKET + "/warehouse",
                "spark:",
                "  master: local[2]",
                "  settings:",
                "    spark.sql.shuffle.partitions: \"4\"",
                "    spark.hadoop.fs.s3a.endpoint: " + s3.endpoint(),
                "    spark.hadoop.fs.s3a.endpoint.region: " + S3Server.REGION,
                "    spark.hadoop.fs.s3a.path.style.access: \"true\"",
                ""));
        return file;
    }

    /** Each gold table in primary-key order, after a one-column row naming it (sql prints results one after the other). */
    private static Path writeGoldQueries(Path file) throws IOException {
        StringBuilder script = new StringBuilder();
        for (String table : GOLD_TABLES) {
            script.append("SELECT '").append(table).append("' AS gold_table;\n")
                    .append("SELECT * FROM ").append(table).append(" ORDER BY ")
                    .append(String.join(", ", Contracts.load("gold", table).primaryKey())).append(";\n");
        }
        Files.writeString(file, script);
        return file;
    }

    private static Map<String, List<JsonNode>> goldTables(CliProcess.Result result) throws IOException {
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        Map<String, List<JsonNode>> tables = new LinkedHashMap<>();
        List<JsonNode> current = null;
        for (String line : result.stdout().lines().toList()) {
            JsonNode row = JSON.readTree(line);
            if (row.size() == 1 && row.has("gold_table")) {
                current = new ArrayList<>();
                tables.put(row.get("gold_table").asText(), current);
            }
            else {
                assertThat(current).as("a row before the first table name: %s", line).isNotNull();
                current.add(row);
            }
        }
        return tables;
    }

    /** Equal field by field; doubles to 1e-9 relative, since a sum may be added up in another order. */
    private static void assertSameRow(String where, JsonNode actual, JsonNode expected) {
        assertThat(fieldNames(actual)).as(where + " columns").isEqualTo(fieldNames(expected));
        for (String field : fieldNames(expected)) {
            JsonNode a = actual.get(field);
            JsonNode e = expected.get(field);
            if (a.isFloatingPointNumber() && e.isFloatingPointNumber()) {
                double tolerance = 1e-9 * Math.max(1, Math.max(Math.abs(a.asDouble()), Math.abs(e.asDouble())));
                assertThat(a.asDouble()).as(where + "." + field).isCloseTo(e.asDouble(), org.assertj.core.data.Offset.offset(tolerance));
            }
            else {
                assertThat(a).as(where + "." + field).isEqualTo(e);
            }
        }
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> iterator = row.fieldNames(); iterator.hasNext(); ) {
            names.add(iterator.next());
        }
        return names;
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
