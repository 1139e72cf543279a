package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/engagement bi} as a BI tool sees it: Trino started by the command, queried with
 * the Trino JDBC driver (what Tableau, Power BI, Superset, Metabase and DBeaver use), must
 * list the gold tables and return exactly what Spark SQL ({@code bin/engagement sql}) returns
 * for {@code customer_engagement}, {@code cohort_retention}, {@code cx_impact} and
 * {@code pipeline_runs}: every row, every column.
 *
 * <p>Values are compared exactly: integers, decimals (by value) and doubles (the JSON of
 * {@code sql} prints the shortest text that reads back as the same double). The one tolerance is
 * timestamps ({@code pipeline_runs.started_at, ended_at}): Trino's Delta Lake connector reads a
 * Delta {@code timestamp} as {@code timestamp(3) with time zone}, so Spark's microseconds are
 * compared truncated to milliseconds.
 *
 * <p>It serves a copy of {@link ServedLake}'s tables: the served lake stays read-only, and
 * {@code bi} keeps its run folder in the lake. While {@code bi} serves, {@code cx_impact} is
 * rebuilt for a 30-day impact horizon, which checks that Trino sees a new table version
 * without a restart (the served lake's run used the default 180 days). The first run also installs Trino (about 820 MB
 * from Maven Central into ~/.cache/engagement-lake) and needs a JDK 24+.
 */
@Tag("heavy")
class TrinoBiIT {
    private static final List<String> COMPARED = List.of("customer_engagement", "cohort_retention", "cx_impact", "pipeline_runs");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void biToolsReadTheGoldTablesThroughTrinoAsSparkSqlReturnsThem() throws Exception {
        ServedLake served = ServedLake.get();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "trino-bi-lake");
        FileUtils.deleteDirectory(folder.toFile());
        Path warehouse = folder.resolve("warehouse");
        for (String database : List.of("bronze", "silver", "engagement")) {
            FileUtils.copyDirectory(served.warehouse().resolve(database).toFile(), warehouse.resolve(database).toFile());
        }
        Path conf = folder.resolve("bi.yaml");
        Files.writeString(conf, String.join("\n",
                "extends: " + served.conf(),
                "lake:",
                "  root: warehouse",
                // Names for sql live in its process only: nothing points at the served lake's tables.
                "catalog:",
                "  type: in_memory",
                ""));
        long started = System.nanoTime();
        int port = freePort();
        CliProcess.Running bi = CliProcess.start("bi", "--conf", conf.toString(), "--set", "bi.port=" + port);
        try {
            // Spark SQL's answers for the tables that do not change below, while Trino starts.
            Map<String, List<JsonNode>> spark = new TreeMap<>();
            long sqlStarted = System.nanoTime();
            for (String table : List.of("customer_engagement", "cohort_retention")) {
                spark.put(table, sparkSql(table, conf));
            }
            System.out.printf("TrinoBiIT: 2 Spark SQL queries in %.0f s%n", seconds(sqlStarted));

            String url = awaitJdbcUrl(bi);
            System.out.printf("TrinoBiIT: bin/engagement bi ready %.0f s after its start%n", seconds(started));
            assertThat(url).isEqualTo("jdbc:trino://127.0.0.1:" + port + "/delta/engagement");
            long pid = Long.parseLong(Files.readString(warehouse.resolve("_trino/trino.pid")).trim());
            assertThat(ProcessHandle.of(pid)).isPresent();

            Properties user = new Properties();
            user.setProperty("user", "analyst");
            try (Connection connection = DriverManager.getConnection(url, user); Statement statement = connection.createStatement()) {
                // The served lake's run used the default 180-day horizon.
                assertThat(column(statement, "SELECT DISTINCT horizon_days FROM cx_impact")).containsExactly("180");

                // A run while bi serves: rebuilt for a 30-day horizon, cx_impact gets new rows, and
                // pipeline_runs a row. Trino must show both without a restart.
                long rebuilding = System.nanoTime();
                CliProcess.Result rebuilt = CliProcess.run("run", "gold_cx_impact", "--as-of", ServedLake.AS_OF.toString(),
                        "--conf", conf.toString(), "--set", "impact.horizon_days=30");
                assertThat(rebuilt.exitStatus()).as(rebuilt.stderr()).isZero();
                for (String table : List.of("cx_impact", "pipeline_runs")) {
                    spark.put(table, sparkSql(table, conf));
                }
                System.out.printf("TrinoBiIT: cx_impact rebuilt and 2 more Spark SQL queries in %.0f s%n", seconds(rebuilding));

                long queried = System.nanoTime();
                TreeSet<String> lakeTables = new TreeSet<>();
                try (Stream<Path> folders = Files.list(warehouse.resolve("engagement"))) {
                    folders.filter(table -> Files.isDirectory(table.resolve("_delta_log")))
                            .forEach(table -> lakeTables.add(table.getFileName().toString()));
                }
                assertThat(lakeTables).contains("customer_engagement", "cohort_retention", "cx_impact", "pipeline_runs");
                assertThat(column(statement, "SHOW TABLES")).containsExactlyElementsOf(lakeTables);
                // What a BI tool's table browser calls.
                List<String> listed = new ArrayList<>();
                try (ResultSet tables = connection.getMetaData().getTables("delta", "engagement", "%", null)) {
                    while (tables.next()) {
                        listed.add(tables.getString("TABLE_NAME"));
                    }
                }
                assertThat(new TreeSet<>(listed)).containsExactlyElementsOf(lakeTables);

                for (String table : COMPARED) {
                    Rows trino = trinoRows(statement, "SELECT * FROM " + table);
                    List<JsonNode> sparkLines = spark.get(table);
                    assertThat(sparkLines).as(table + " rows in Spark").isNotEmpty();
                    assertThat(trino.columns()).as(table + " columns").containsExactlyElementsOf(fieldNames(sparkLines.get(0)));
                    List<String> sparkCanonical = sparkLines.stream().map(line -> canonicalSpark(line, trino)).sorted().toList();
                    assertThat(trino.canonical()).as(table + " rows, Trino vs Spark SQL").hasSameSizeAs(sparkCanonical)
                            .containsExactlyElementsOf(sparkCanonical);
                }
                System.out.printf("TrinoBiIT: Trino queries and comparisons in %.0f s%n", seconds(queried));

                // Read-only for BI users: a grid edit must not rewrite a gold table.
                assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM cx_impact"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
            }

            // One bi per lake: a second one says so instead of fighting over the run folder.
            CliProcess.Result second = CliProcess.run("bi", "--conf", conf.toString(), "--set", "bi.port=" + freePort());
            assertThat(second.exitStatus()).isNotZero();
            assertThat(second.errorLines()).singleElement().asString().contains("another bin/engagement bi is serving this lake");

            // Stopping bin/engagement (SIGTERM, as a scheduler or Ctrl-C would) stops Trino.
            long stopping = System.nanoTime();
            bi.process().destroy();
            assertThat(bi.process().waitFor(2, TimeUnit.MINUTES)).as("bin/engagement bi ends on SIGTERM").isTrue();
            assertThat(bi.finish().stderr()).as("bin/engagement bi stopped without an error").doesNotContain("engagement: error");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("Trino process " + pid + " is gone").isFalse();
            assertThat(warehouse.resolve("_trino/trino.pid")).doesNotExist();
            assertThat(accepts(port)).as("port " + port + " is closed").isFalse();
            System.out.printf("TrinoBiIT: stopped in %.0f s; whole test %.0f s%n", seconds(stopping), seconds(started));
        }
        finally {
            if (bi.isAlive()) {
                bi.process().destroy();
                bi.finish();
            }
        }
    }

    @Test
    void refusesToListenBeyondThisMachine() throws Exception {
        // Checked before anything is installed or started, and before the lake is looked at.
        CliProcess.Result result = CliProcess.run("bi", "--set", "bi.host=0.0.0.0");
        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.errorLines()).singleElement().asString()
                .startsWith("engagement: error [UNSAFE_BIND]: bi.host '0.0.0.0' is not a loopback address");
    }

    /** A result read with JDBC: column names, Trino type names, rows in canonical text, sorted. */
    record Rows(List<String> columns, List<String> types, List<String> canonical) {}

    private static Rows trinoRows(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
                types.add(meta.getColumnTypeName(i));
            }
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    values.add(canonicalTrino(result, i, types.get(i - 1)));
                }
                rows.add(String.join(" | ", values));
            }
            rows.sort(null);
            return new Rows(columns, types, rows);
        }
    }

    /** One value as canonical text, by its Trino type. */
    private static String canonicalTrino(ResultSet result, int column, String type) throws SQLException {
        Object value = result.getObject(column);
        if (value == null) {
            return "NULL";
        }
        if (type.startsWith("timestamp") && type.endsWith("with time zone")) {
            return result.getTimestamp(column).toInstant().truncatedTo(ChronoUnit.MILLIS).toString();
        }
        if (type.startsWith("decimal")) {
            return ((BigDecimal) value).stripTrailingZeros().toPlainString();
        }
        if (type.equals("double") || type.equals("real")) {
            return Double.toString(((Number) value).doubleValue());
        }
        if (type.startsWith("map")) {
            Map<String, String> sorted = new TreeMap<>();
            ((Map<?, ?>) value).forEach((key, item) -> sorted.put(String.valueOf(key), String.valueOf(item)));
            return sorted.toString();
        }
        return value.toString();
    }

    /** The same canonical text for a row of {@code sql --format json}, by the Trino column's type. */
    private static String canonicalSpark(JsonNode row, Rows trino) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < trino.columns().size(); i++) {
            JsonNode value = row.get(trino.columns().get(i));
            String type = trino.types().get(i);
            values.add(value == null || value.isNull() ? "NULL" : canonicalSpark(value, type));
        }
        return String.join(" | ", values);
    }

    private static String canonicalSpark(JsonNode value, String type) {
        if (type.startsWith("timestamp")) {
            String text = value.asText();
            Instant instant = text.contains("T") ? Instant.parse(text) : LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            return instant.truncatedTo(ChronoUnit.MILLIS).toString();
        }
        if (type.startsWith("decimal")) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (type.equals("double") || type.equals("real")) {
            return Double.toString(Double.parseDouble(value.asText()));
        }
        if (type.startsWith("map")) {
            Map<String, String> sorted = new TreeMap<>();
            value.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue().asText()));
            return sorted.toString();
        }
        return value.asText();
    }

    /** {@code bin/engagement sql "SELECT * FROM table" --format json}, one node per row. */
    private static List<JsonNode> sparkSql(String table, Path conf) throws IOException, InterruptedException {
        CliProcess.Result result = CliProcess.run("sql", "SELECT * FROM " + table, "--format", "json", "--conf", conf.toString());
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : result.stdout().lines().filter(line -> !line.isBlank()).toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> column(Statement statement, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    /** The URL {@code bi} prints once Trino answers; fails with its stderr if it ends first. */
    private static String awaitJdbcUrl(CliProcess.Running bi) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(bi.stdout(), StandardCharsets.UTF_8)) {
                if (line.startsWith("JDBC URL: ")) {
                    return line.substring("JDBC URL: ".length()).split("\\s+")[0];
                }
            }
            if (!bi.isAlive()) {
                throw new AssertionError("bin/engagement bi ended (exit " + bi.process().exitValue() + "): " + Files.readString(bi.stderr()));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("bin/engagement bi printed no JDBC URL in 20 minutes: " + Files.readString(bi.stderr()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
