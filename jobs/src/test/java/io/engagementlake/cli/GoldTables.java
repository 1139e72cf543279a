package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published tables of a lake as {@code bin/engagement sql --format json} prints them,
 * for comparing two runs of the same data (a plain local run against spark-submit runs).
 * Rows are compared as sets; floating-point values to 1e-9 relative, because sums of
 * doubles may add up in another order when tasks run elsewhere (values are otherwise equal).
 */
final class GoldTables {
    static final List<String> TABLES = List.of("customer_engagement", "cohort_retention", "experience_summary",
            "cx_impact", "detractor_recovery", "promoter_activation", "journey_funnel", "model_fits");
    private static final String TABLE_COLUMN = "gold_table";
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private GoldTables() {}

    /** Every row of every table, by table name, read with one {@code sql -f} call. */
    static Map<String, List<Row>> read(Path conf) throws IOException, InterruptedException {
        return read(conf, TABLES);
    }

    /** Every row of {@code tables}, by table name, read with one {@code sql -f} call. */
    static Map<String, List<Row>> read(Path conf, List<String> tables) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (String table : tables) {
            script.append("SELECT '").append(table).append("' AS ").append(TABLE_COLUMN).append(", * FROM ").append(table).append(";\n");
        }
        Path file = Files.createTempFile("gold-tables", ".sql");
        try {
            Files.writeString(file, script.toString());
            CliProcess.Result result = CliProcess.run("sql", "-f", file.toString(), "--format", "json", "--conf", conf.toString());
            assertThat(result.exitStatus()).as(result.stderr()).isZero();
            Map<String, List<Row>> rowsByTable = new TreeMap<>();
            tables.forEach(table -> rowsByTable.put(table, new ArrayList<>()));
            ObjectMapper json = new ObjectMapper();
            for (String line : result.stdout().lines().filter(line -> !line.isBlank()).toList()) {
                JsonNode node = json.readTree(line);
                rowsByTable.get(node.path(TABLE_COLUMN).asText()).add(Row.of(node));
            }
            rowsByTable.values().forEach(rows -> rows.sort(Comparator.comparing(Row::exact).thenComparing(row -> row.numbers().toString())));
            return rowsByTable;
        }
        finally {
            Files.delete(file);
        }
    }

    /** Asserts that {@code actual} holds the rows of {@code expected}, table by table. */
    static void assertSame(Map<String, List<Row>> actual, Map<String, List<Row>> expected) {
        assertThat(expected.get("customer_engagement")).as("the reference run published customers").isNotEmpty();
        compare(actual, expected, TABLES);
    }

    /** Like {@link #assertSame(Map, Map)}, for {@code tables} only; each must have rows in {@code expected}. */
    static void assertSame(Map<String, List<Row>> actual, Map<String, List<Row>> expected, List<String> tables) {
        for (String table : tables) {
            assertThat(expected.get(table)).as("the reference run's %s", table).isNotEmpty();
        }
        compare(actual, expected, tables);
    }

    private static void compare(Map<String, List<Row>> actual, Map<String, List<Row>> expected, List<String> tables) {
        for (String table : tables) {
            List<Row> actualRows = actual.get(table);
            List<Row> expectedRows = expected.get(table);
            assertThat(actualRows.stream().map(Row::exact).toList()).as("%s: the rows without their floating-point values", table)
                    .containsExactlyElementsOf(expectedRows.stream().map(Row::exact).toList());
            for (int i = 0; i < expectedRows.size(); i++) {
                Map<String, Double> actualNumbers = actualRows.get(i).numbers();
                Map<String, Double> expectedNumbers = expectedRows.get(i).numbers();
                assertThat(actualNumbers.keySet()).as("%s row %s", table, expectedRows.get(i).exact()).isEqualTo(expectedNumbers.keySet());
                for (Map.Entry<String, Double> value : expectedNumbers.entrySet()) {
                    double tolerance = Math.max(Math.abs(value.getValue()) * RELATIVE_TOLERANCE, 1e-12);
                    assertThat(actualNumbers.get(value.getKey())).as("%s %s of row %s", table, value.getKey(), expectedRows.get(i).exact())
                            .isCloseTo(value.getValue(), within(tolerance));
                }
            }
        }
    }

    /** One row: its exact values (text, integers, dates, nulls) as one string, and its floating-point values by field path. */
    record Row(String exact, Map<String, Double> numbers) {
        static Row of(JsonNode node) {
            StringBuilder exact = new StringBuilder();
            Map<String, Double> numbers = new LinkedHashMap<>();
            flatten("", node, exact, numbers);
            return new Row(exact.toString(), numbers);
        }

        private static void flatten(String path, JsonNode node, StringBuilder exact, Map<String, Double> numbers) {
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    flatten(path + "." + field.getKey(), field.getValue(), exact, numbers);
                }
            }
            else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    flatten(path + "[" + i + "]", node.get(i), exact, numbers);
                }
                exact.append(path).append("=[").append(node.size()).append("] ");
            }
            else if (node.isFloatingPointNumber()) {
                numbers.put(path, node.asDouble());
            }
            else {
                exact.append(path).append('=').append(node).append(' ');
            }
        }
    }
}
