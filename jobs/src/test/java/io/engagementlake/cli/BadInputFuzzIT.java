package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.engagementlake.fuzz.FuzzCorpus;
import io.engagementlake.fuzz.FuzzCorpus.Expected;
import io.engagementlake.fuzz.FuzzCorpus.FuzzFile;
import io.engagementlake.fuzz.Mutation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Spec §5.1 under bad input: a generated landing zone plus one mutated file per source and
 * {@link Mutation} (truncated lines, stray quotes, BOM, bytes that are not UTF-8, wrong field
 * counts, 1 MiB fields, "1,234.50", NaN, foreign date formats, empty files and folders,
 * header-only files, broken and non-object JSON, gzip, schema drift). One run must complete,
 * and every record of every mutated file must be in exactly one of silver / its source's
 * quarantine / the dropped counts, for the reason {@link FuzzCorpus} worked out beforehand.
 */
@Tag("heavy")
class BadInputFuzzIT {
    private static final LocalDate END = LocalDate.parse("2025-03-31");
    private static final Map<String, String> SILVER = Map.of(
            "customers", "silver.customers", "transactions", "silver.transactions",
            "surveys", "silver.survey_responses", "clickstream", "silver.events");
    private static final Map<String, String> ID = Map.of(
            "customers", "customer_id", "transactions", "transaction_id", "surveys", "response_id", "clickstream", "event_id");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRecordOfEveryMutatedFileEndsInExactlyOnePlaceForTheExpectedReason() throws Exception {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "bad-input-fuzz-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                "--customers", "300", "--days", "45", "--end-date", END.toString(), "--seed", "5", "--threads", "1");
        assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
        List<FuzzFile> corpus = FuzzCorpus.write(folder.resolve("raw"), END, 20261130L);
        Path conf = CliProcess.writeConfig(folder.resolve("test.yaml"), "warehouse", 2);

        CliProcess.Result run = CliProcess.run("run", "--conf", conf.toString(), "--as-of", END.toString());
        assertThat(run.exitStatus()).as(run.stderr()).isZero();

        Map<String, Long> bronzeRowsByFile = new HashMap<>();
        Map<String, Map<String, Long>> quarantineByFile = new HashMap<>();
        Map<String, String> quarantineReasonById = new HashMap<>();
        Map<String, Set<String>> keptFuzzIds = new HashMap<>();
        Map<String, Long> bronzeTotal = new HashMap<>();
        Map<String, Long> quarantineTotal = new HashMap<>();
        Map<String, Long> silverTotal = new HashMap<>();
        for (JsonNode row : query(conf, outcomesQuery())) {
            String kind = row.get("kind").asText();
            String source = row.get("source").asText();
            String file = row.get("file").isNull() ? null : fileKey(row.get("file").asText());
            long rows = row.get("n").asLong();
            switch (kind) {
                case "bronze" -> bronzeRowsByFile.put(file, rows);
                case "quarantine" -> {
                    quarantineByFile.computeIfAbsent(file, key -> new TreeMap<>()).merge(row.get("reason").asText(), rows, Long::sum);
                    if (!row.get("id").isNull()) {
                        quarantineReasonById.put(row.get("id").asText(), row.get("reason").asText());
                    }
                }
                case "kept" -> keptFuzzIds.computeIfAbsent(source, key -> new HashSet<>()).add(row.get("id").asText());
                case "bronze_total" -> bronzeTotal.put(source, rows);
                case "quarantine_total" -> quarantineTotal.put(source, rows);
                case "silver_total" -> silverTotal.put(source, rows);
                default -> throw new AssertionError("unexpected row " + row);
            }
        }

        SoftAssertions softly = new SoftAssertions();
        for (FuzzFile file : corpus) {
            String what = file.source() + " " + file.mutation() + " " + file.path().getFileName();
            String key = fileKey(file.path().toString());
            Set<String> keptOfMutation = new HashSet<>();
            keptFuzzIds.getOrDefault(file.source(), Set.of()).stream()
                    .filter(id -> id.startsWith(file.mutation().idPrefix(file.source())))
                    .forEach(keptOfMutation::add);
            long bronze = bronzeRowsByFile.getOrDefault(key, 0L);
            Map<String, Long> quarantined = quarantineByFile.getOrDefault(key, Map.of());
            long quarantinedRows = quarantined.values().stream().mapToLong(Long::longValue).sum();
            softly.assertThat(bronze).as(what + ": records read into bronze").isEqualTo(file.records().size());
            softly.assertThat(keptOfMutation).as(what + ": kept ids").isEqualTo(file.keptIds());
            softly.assertThat(quarantined).as(what + ": quarantined by reason").isEqualTo(file.quarantinedByReason());
            softly.assertThat(bronze - keptOfMutation.size() - quarantinedRows).as(what + ": dropped").isZero();
            for (Expected record : file.records()) {
                if (record.id() != null && !record.outcome().equals(FuzzCorpus.KEPT) && !record.outcome().equals("malformed")) {
                    softly.assertThat(quarantineReasonById.get(record.id())).as(what + ": reason of " + record.id()).isEqualTo(record.outcome());
                }
            }
            for (String column : file.driftColumns()) {
                softly.assertThat(run.stderr().lines()
                                .filter(line -> line.contains("WARN") && line.contains("schema drift in") && line.contains(key))
                                .anyMatch(line -> line.contains(column)))
                        .as(what + ": a WARN line names the file and drift column " + column).isTrue();
            }
        }

        // Schema drift is in the run record of the ingestion job: landing file -> +column.
        Map<String, Set<String>> recordedDrift = new HashMap<>();
        for (JsonNode row : query(conf, "SELECT job, schema_drift FROM engagement.pipeline_runs "
                + "WHERE job LIKE 'ingest_%' AND schema_drift IS NOT NULL")) {
            row.get("schema_drift").fields().forEachRemaining(entry -> {
                Set<String> columns = new HashSet<>();
                entry.getValue().forEach(column -> columns.add(column.asText()));
                recordedDrift.put(fileKey(entry.getKey()), columns);
            });
        }
        Map<String, Set<String>> expectedDrift = new HashMap<>();
        for (FuzzFile file : corpus) {
            if (!file.driftColumns().isEmpty()) {
                Set<String> columns = new HashSet<>();
                file.driftColumns().forEach(column -> columns.add("+" + column));
                expectedDrift.put(fileKey(file.path().toString()), columns);
            }
        }
        softly.assertThat(recordedDrift).as("schema drift in pipeline_runs").isEqualTo(expectedDrift);

        List<JsonNode> runs = query(conf, "SELECT source, rows_read, rows_kept, rows_quarantined, rows_dropped, "
                + "quarantined_by_reason, dropped_by_reason FROM engagement.pipeline_runs WHERE job LIKE 'silver_%' AND status = 'succeeded'");
        assertThat(runs).extracting(row -> row.get("source").asText())
                .containsExactlyInAnyOrder("customers", "transactions", "surveys", "clickstream");
        for (JsonNode row : runs) {
            String source = row.get("source").asText();
            long read = row.get("rows_read").asLong();
            long kept = row.get("rows_kept").asLong();
            long quarantined = row.get("rows_quarantined").asLong();
            long dropped = row.get("rows_dropped").asLong();
            softly.assertThat(read).as(source + ": rows read = kept + quarantined + dropped").isEqualTo(kept + quarantined + dropped);
            softly.assertThat(read).as(source + ": rows read = bronze rows").isEqualTo(bronzeTotal.get(source));
            softly.assertThat(quarantined).as(source + ": rows quarantined = quarantine table").isEqualTo(quarantineTotal.get(source));
            if (!source.equals("customers")) {
                // Customers: silver holds one row per customer; its other versions are dropped as superseded.
                softly.assertThat(kept).as(source + ": rows kept = silver table").isEqualTo(silverTotal.get(source));
            }
            long byReason = 0;
            for (JsonNode count : row.get("quarantined_by_reason")) {
                byReason += count.asLong();
            }
            softly.assertThat(byReason).as(source + ": quarantined by reason adds up").isEqualTo(quarantined);
        }
        softly.assertAll();
    }

    /** A landed file named the same way however Spark or the corpus spelled its path. */
    private static String fileKey(String path) {
        String normalized = path.replace('\\', '/');
        int raw = normalized.lastIndexOf("/raw/");
        return raw < 0 ? normalized : normalized.substring(raw + 1);
    }

    /** Per fuzz file: bronze rows, quarantine rows by reason and id; kept fuzz ids; per source totals. One query. */
    private static String outcomesQuery() {
        List<String> parts = new ArrayList<>();
        for (String source : List.of("customers", "transactions", "surveys", "clickstream")) {
            String id = ID.get(source);
            parts.add("SELECT 'bronze' AS kind, '" + source + "' AS source, _landing_file AS file, CAST(NULL AS STRING) AS reason, "
                    + "CAST(NULL AS STRING) AS id, count(*) AS n FROM bronze." + source + " WHERE _landing_file LIKE '%/fuzz-%' GROUP BY _landing_file");
            parts.add("SELECT 'quarantine', '" + source + "', landing_file, reason, record_id, 1 FROM engagement." + source
                    + "_quarantine WHERE landing_file LIKE '%/fuzz-%'");
            parts.add("SELECT 'kept', '" + source + "', NULL, NULL, " + id + ", 1 FROM " + SILVER.get(source) + " WHERE " + id + " LIKE 'FZ-%'");
            parts.add("SELECT 'bronze_total', '" + source + "', NULL, NULL, NULL, count(*) FROM bronze." + source);
            parts.add("SELECT 'quarantine_total', '" + source + "', NULL, NULL, NULL, count(*) FROM engagement." + source + "_quarantine");
            parts.add("SELECT 'silver_total', '" + source + "', NULL, NULL, NULL, count(*) FROM " + SILVER.get(source));
        }
        return String.join(" UNION ALL ", parts);
    }

    private static List<JsonNode> query(Path conf, String sql) throws Exception {
        CliProcess.Result result = CliProcess.run("sql", sql, "--conf", conf.toString(), "--format", "json");
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : result.stdout().lines().toList()) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }
}
