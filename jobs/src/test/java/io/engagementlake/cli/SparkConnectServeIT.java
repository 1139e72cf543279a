package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code bin/engagement serve} end to end: the server runs as a user starts it (a process, on a
 * free port, with a token), and a separate JVM with only the Spark Connect client on its
 * classpath ({@link ConnectClientMain}) queries {@code customer_engagement} and
 * {@code cohort_retention}. Every row must equal what {@code bin/engagement sql --format json}
 * returns for the same query (two engines: the classic session and the Connect client's rows),
 * and the tables must agree with each other and with the spec's definitions (§7.1, §7.2).
 * Calls without the token or with a wrong one are refused; SIGTERM stops the server with exit
 * status 0 and frees the port. The whole run takes about 2 minutes on an idle 2-core machine
 * after the shared lake is built ({@link ServedLake}).
 */
@Tag("heavy")
class SparkConnectServeIT {
    private static final String TOKEN_VARIABLE = "ENGAGEMENT_IT_CONNECT_TOKEN";
    private static final LocalDate AS_OF = ServedLake.AS_OF;
    private static final String ENGAGEMENT = "SELECT * FROM customer_engagement ORDER BY customer_id";
    private static final String COHORTS = "SELECT * FROM cohort_retention ORDER BY cohort_month, segment, period";
    private static final String SIGNED_UP = "SELECT count(*) AS customers FROM silver.customers WHERE signup_ts < TIMESTAMP'"
            + AS_OF.plusDays(1) + " 00:00:00'";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void aSeparateClientJvmReadsTheGoldTablesOverSparkConnectAndSigtermStopsTheServerCleanly() throws Exception {
        long start = System.nanoTime();
        ServedLake lake = ServedLake.get();
        long lakeReady = System.nanoTime();
        // The expected rows, from the classic engine: bin/engagement sql on the same config, both
        // statements in one call (one Spark start); the two results follow each other.
        List<JsonNode> expected = sqlJson(lake, ENGAGEMENT + ";\n" + COHORTS);
        List<JsonNode> expectedCustomers = expected.stream().filter(row -> !row.has("cohort_month")).toList();
        List<JsonNode> expectedCohorts = expected.stream().filter(row -> row.has("cohort_month")).toList();
        assertThat(expectedCustomers).isNotEmpty();
        assertThat(expectedCohorts).isNotEmpty();
        assertThat(expected.subList(0, expectedCustomers.size())).as("customer rows come first").isEqualTo(expectedCustomers);
        long expectedReady = System.nanoTime();

        int port = freePort();
        String token = "it-" + UUID.randomUUID();
        Path stdout = Files.createTempFile("serve-out", ".txt");
        Path stderr = Files.createTempFile("serve-err", ".txt");
        Process server = startServe(lake, port, token, stdout, stderr);
        long serverReady;
        long clientDone;
        try {
            String ready = awaitReadyLine(server, stdout, stderr);
            serverReady = System.nanoTime();
            assertThat(ready).contains("sc://127.0.0.1:" + port).contains("$" + TOKEN_VARIABLE).doesNotContain(token);

            // The JVM client sends a token without TLS only to the host name localhost.
            ClientResult result = client("sc://localhost:" + port + "/;token=" + token, ENGAGEMENT, COHORTS, SIGNED_UP);
            clientDone = System.nanoTime();
            assertThat(result.exitStatus()).as(result.stderr()).isZero();
            assertThat(result.implementation()).isEqualTo("org.apache.spark.sql.connect.SparkSession");

            List<JsonNode> customers = result.rows(0);
            List<JsonNode> cohorts = result.rows(1);
            assertThat(customers).as("customer_engagement over Connect vs bin/engagement sql").isEqualTo(expectedCustomers);
            assertThat(cohorts).as("cohort_retention over Connect vs bin/engagement sql").isEqualTo(expectedCohorts);

            // §7.1: one row per customer signed up by D (silver.customers, read over Connect too).
            long signedUp = result.rows(2).get(0).get("customers").asLong();
            assertThat(signedUp).isPositive();
            assertThat(customers).hasSize((int) signedUp);
            assertThat(customers).allSatisfy(row -> assertThat(row.get("as_of_date").asText()).isEqualTo(AS_OF.toString()));
            assertThat(customers.stream().map(row -> row.get("customer_id").asText()).distinct()).hasSize(customers.size());
            checkCohorts(customers, cohorts);

            ClientResult withoutToken = client("sc://127.0.0.1:" + port, "SELECT 1");
            assertThat(withoutToken.exitStatus()).isEqualTo(1);
            assertThat(withoutToken.stderr()).contains("UNAUTHENTICATED").contains("No authentication token provided");
            ClientResult wrongToken = client("sc://localhost:" + port + "/;token=wrong-" + token, "SELECT 1");
            assertThat(wrongToken.exitStatus()).isEqualTo(1);
            assertThat(wrongToken.stderr()).contains("UNAUTHENTICATED").contains("Invalid authentication token");
        }
        finally {
            // Process.destroy is SIGTERM on Linux; bin/engagement execs the JVM, so it gets it.
            server.destroy();
            if (!server.waitFor(90, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        long stopped = System.nanoTime();
        assertThat(server.exitValue()).as(Files.readString(stderr, StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllLines(stdout)).as("stdout is the one ready line").hasSize(1);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
        System.out.printf("SparkConnectServeIT: lake %.0f s, expected rows (sql) %.0f s, serve start %.0f s, client %.0f s,"
                        + " refusals and stop %.0f s, total %.0f s%n",
                seconds(lakeReady - start), seconds(expectedReady - lakeReady), seconds(serverReady - expectedReady),
                seconds(clientDone - serverReady), seconds(stopped - clientDone), seconds(stopped - start));
        Files.delete(stdout);
        Files.delete(stderr);
    }

    @Test
    void aNonLoopbackHostWithoutATokenIsRefusedWithOneLineBeforeSparkStarts() throws Exception {
        // The installation's default config: serve.token_env is empty there.
        CliProcess.Result result = CliProcess.run("serve", "--set", "serve.host=0.0.0.0", "--set", "serve.port=" + freePort());

        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.errorLines()).singleElement().asString()
                .startsWith("engagement: error [UNSAFE_BIND]: serve.host is 0.0.0.0, which is not a loopback address")
                .contains("serve.token_env");
    }

    /**
     * §7.2 checked on the served rows: cohorts are the months of first purchases, so their
     * sizes are the customers of {@code customer_engagement} by month of
     * {@code first_purchase_date}; ALL is B2B plus B2C; period 0 keeps everyone; periods run
     * from 0 to the month of D without gaps; the rates are the ratios of the counts.
     */
    private static void checkCohorts(List<JsonNode> customers, List<JsonNode> cohorts) {
        Map<String, Long> firstPurchasesByMonth = customers.stream()
                .filter(row -> !row.get("first_purchase_date").isNull())
                .collect(Collectors.groupingBy(row -> YearMonth.parse(row.get("first_purchase_date").asText().substring(0, 7)).atDay(1).toString(),
                        TreeMap::new, Collectors.counting()));
        Map<String, Long> sizes = new TreeMap<>();
        Map<String, JsonNode> byKey = new TreeMap<>();
        for (JsonNode row : cohorts) {
            String key = row.get("cohort_month").asText() + "/" + row.get("segment").asText();
            byKey.put(key + "/" + row.get("period").asInt(), row);
            if (row.get("period").asInt() == 0 && row.get("segment").asText().equals("ALL")) {
                sizes.put(row.get("cohort_month").asText(), row.get("cohort_size").asLong());
            }
        }
        assertThat(firstPurchasesByMonth).isNotEmpty();
        assertThat(sizes).as("ALL cohort sizes = customers by month of first purchase").isEqualTo(firstPurchasesByMonth);

        Set<String> series = new HashSet<>();
        for (JsonNode row : cohorts) {
            String cohortMonth = row.get("cohort_month").asText();
            String segment = row.get("segment").asText();
            int period = row.get("period").asInt();
            series.add(cohortMonth + "/" + segment);
            LocalDate periodMonth = LocalDate.parse(cohortMonth).plusMonths(period);
            assertThat(row.get("period_month").asText()).isEqualTo(periodMonth.toString());
            assertThat(row.get("is_complete_period").asBoolean()).isEqualTo(!periodMonth.plusMonths(1).minusDays(1).isAfter(AS_OF));
            long size = row.get("cohort_size").asLong();
            long active = row.get("active_customers").asLong();
            assertThat(row.get("retention_rate").asDouble()).isCloseTo((double) active / size, within(1e-12));
            if (period == 0) {
                assertThat(active).isEqualTo(size);
                assertThat(row.get("customers_lost").asLong()).isZero();
                assertThat(row.get("churn_rate").isNull()).isTrue();
            }
            else {
                JsonNode previous = byKey.get(cohortMonth + "/" + segment + "/" + (period - 1));
                assertThat(previous).as("period %d of %s/%s follows period %d", period, cohortMonth, segment, period - 1).isNotNull();
                long previousActive = previous.get("active_customers").asLong();
                long lost = row.get("customers_lost").asLong();
                assertThat(lost).isBetween(0L, previousActive);
                if (previousActive > 0) {
                    assertThat(row.get("churn_rate").asDouble()).isCloseTo((double) lost / previousActive, within(1e-12));
                }
                else {
                    assertThat(row.get("churn_rate").isNull()).isTrue();
                }
            }
            if (segment.equals("ALL")) {
                long b2b = Optional.ofNullable(byKey.get(cohortMonth + "/B2B/" + period)).map(r -> r.get("cohort_size").asLong()).orElse(0L);
                long b2c = Optional.ofNullable(byKey.get(cohortMonth + "/B2C/" + period)).map(r -> r.get("cohort_size").asLong()).orElse(0L);
                assertThat(size).as("ALL = B2B + B2C for %s", cohortMonth).isEqualTo(b2b + b2c);
            }
        }
        for (String cohort : series) {
            LocalDate cohortMonth = LocalDate.parse(cohort.substring(0, 10));
            long periods = ChronoUnit.MONTHS.between(YearMonth.from(cohortMonth), YearMonth.from(AS_OF)) + 1;
            assertThat(cohorts.stream().filter(row -> (row.get("cohort_month").asText() + "/" + row.get("segment").asText()).equals(cohort)))
                    .as("periods of %s", cohort).hasSize((int) periods);
        }
    }

    // ------------------------------------------------------------------ processes

    private static List<JsonNode> sqlJson(ServedLake lake, String query) throws Exception {
        CliProcess.Result result = CliProcess.run("sql", query, "--format", "json", "--conf", lake.conf().toString());
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : result.stdout().lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    /** Starts {@code bin/engagement serve} without waiting for it, with the token in its environment. */
    private static Process startServe(ServedLake lake, int port, String token, Path stdout, Path stderr) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(CliProcess.home().resolve("bin/engagement").toString(), "serve",
                "--conf", lake.conf().toString(), "--set", "serve.port=" + port, "--set", "serve.token_env=" + TOKEN_VARIABLE)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(TOKEN_VARIABLE, token);
        builder.environment().put("ENGAGEMENT_DRIVER_MEMORY", "2g");
        return builder.start();
    }

    private static String awaitReadyLine(Process server, Path stdout, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Optional<String> ready = Files.readAllLines(stdout).stream().filter(line -> line.contains("sc://")).findFirst();
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!server.isAlive()) {
                throw new AssertionError("serve exited with " + server.exitValue() + " before it was ready: "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("serve printed no ready line in 5 minutes: " + Files.readString(stderr, StandardCharsets.UTF_8));
    }

    record ClientResult(int exitStatus, List<JsonNode> lines, String stderr) {
        String implementation() {
            return lines.isEmpty() ? null : lines.get(0).path("implementation").asText(null);
        }

        List<JsonNode> rows(int query) {
            return lines.stream().filter(line -> line.path("query").asInt(-1) == query).map(line -> line.get("row")).toList();
        }
    }

    /** Runs {@link ConnectClientMain} in a JVM of its own, with the client's classpath only. */
    private static ClientResult client(String url, String... queries) throws Exception {
        Path target = CliProcess.home().resolve("jobs/target");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // The options Spark needs on Java 17 (Arrow, which the client uses for results, among them).
        command.addAll(List.of(Files.readString(target.resolve("jvm.options")).trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-Duser.timezone=UTC", "-cp", clientClasspath(target), ConnectClientMain.class.getName(), url));
        command.addAll(List.of(queries));
        Path stdout = Files.createTempFile("connect-client-out", ".txt");
        Path stderr = Files.createTempFile("connect-client-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the Connect client did not finish in 10 minutes");
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stdout)) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        ClientResult result = new ClientResult(process.exitValue(), lines, Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    /**
     * The client's jar and shims (copied to target/connect-client by the build), this class's
     * folder, and from the launcher's libraries (target/lib) the artifacts the client's POM
     * lists; nothing else, since Spark's classic jars there would clash with the client's own
     * copy of Spark's API. Artifacts the client lists but the launcher lacks (its REPL's) are left out.
     */
    private static String clientClasspath(Path target) throws Exception {
        Path client = target.resolve("connect-client");
        assertThat(client).as("the client's jars, which the build copies in pre-integration-test (./mvnw -Pheavy verify)").isDirectory();
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(client.resolve("spark-connect-client-jvm_2.13.pom").toFile()).getDocumentElement();
        Set<String> artifacts = new HashSet<>();
        NodeList dependencies = ((Element) pom.getElementsByTagName("dependencies").item(0)).getChildNodes();
        for (int i = 0; i < dependencies.getLength(); i++) {
            if (dependencies.item(i) instanceof Element dependency) {
                String scope = childText(dependency, "scope").orElse("compile");
                if (scope.equals("compile") || scope.equals("runtime")) {
                    artifacts.add(childText(dependency, "artifactId").orElseThrow());
                }
            }
        }
        List<String> classpath = new ArrayList<>(List.of(client.resolve("spark-connect-client-jvm_2.13.jar").toString(),
                client.resolve("spark-connect-shims_2.13.jar").toString(), target.resolve("test-classes").toString()));
        try (var libraries = Files.list(target.resolve("lib"))) {
            // A jar is artifactId-version.jar, and some artifact ids have digits (log4j-1.2-api).
            libraries.filter(jar -> artifacts.stream().anyMatch(artifact -> jar.getFileName().toString().matches(
                            Pattern.quote(artifact) + "-\\d[^-]*(-[^-]+)?\\.jar")))
                    .sorted().forEach(jar -> classpath.add(jar.toString()));
        }
        return String.join(File.pathSeparator, classpath);
    }

    private static Optional<String> childText(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return Optional.of(child.getTextContent().trim());
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
