package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.engagementlake.io.LakeTable;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobGraph;
import io.engagementlake.serve.ReportJob;
import io.engagementlake.serve.RunReport;
import io.engagementlake.serve.RunReportPage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The run report that {@code bin/engagement run} wrote for the served lake, opened in a real
 * headless browser (Debian's Chromium) from the file alone, as a person would open it: it
 * loads without console errors, requests nothing but itself, and every chart whose data the
 * lake holds is drawn. A screenshot of the whole page is kept as
 * {@code target/report-screenshot.png}. The served lake's short history leaves some parts
 * empty, so a hand-made report with every part filled is opened as well.
 */
@Tag("heavy")
class RunReportIT {
    private static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
    private static final List<String> CHARTS =
            List.of("accounting", "durations", "retention", "nps", "tiers", "cx-impact", "funnel", "holdout");
    /** The page's script, as a function that describes every chart container after rendering. */
    private static final String DESCRIBE_CHARTS = """
            Array.from(document.querySelectorAll('[data-chart]')).map(function (container) {
              var box = container.getBoundingClientRect();
              return {
                chart: container.getAttribute('data-chart'),
                empty: container.getAttribute('data-empty') === 'true',
                note: container.textContent,
                svgs: container.querySelectorAll('svg').length,
                shapes: container.querySelectorAll('svg path, svg rect, svg text').length,
                width: box.width,
                height: box.height
              };
            })""";

    private static ServedLake lake;
    private static Path page;
    private static HeadlessChromium browser;
    private static JsonNode charts;

    @BeforeAll
    static void openTheReport() throws IOException, InterruptedException {
        lake = ServedLake.get();
        page = lake.warehouse().resolve("reports").resolve(ServedLake.AS_OF.toString()).resolve("index.html");
        assertThat(page).as("the report written by 'run'").isRegularFile();
        browser = HeadlessChromium.start();
        charts = render(browser, page);
        browser.resize(1280, browser.evaluate("document.documentElement.scrollHeight").asInt());
        browser.screenshot(SCREENSHOT);
    }

    @AfterAll
    static void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void loadsWithoutConsoleErrors() {
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void requestsNothingButItself() throws IOException {
        assertThat(browser.requestedUrls()).containsOnly(page.toUri().toString());
        // The page is one file: there is nothing beside it that it could need.
        try (Stream<Path> files = Files.list(page.getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("index.html");
        }
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).doesNotContainPattern("(?i)<(script|link|img|iframe)[^>]*\\s(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");
    }

    /**
     * Which parts have data is asked of the lake with {@code sql}, not read from the page. The
     * served lake's 400 days hold data for every chart (matured CX responses, converged model
     * fits with a holdout check), so every chart of the run's own report must be drawn.
     */
    @Test
    void everyChartWhoseDataTheLakeHoldsIsDrawnAndTheOthersSayWhy() throws IOException, InterruptedException {
        Map<String, Long> rows = rowsBehindEachChart();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(CHARTS);
        assertThat(rows.get("tiers")).isEqualTo(400);
        assertThat(rows).allSatisfy((chart, count) -> assertThat(count).as("rows behind %s", chart).isPositive());
        List<String> expectedEmpty = CHARTS.stream().filter(chart -> rows.get(chart) == 0).toList();
        assertThat(emptyCharts(charts)).containsExactlyElementsOf(expectedEmpty);
    }

    @Test
    void showsTheCountsOfEverySourceJobAndTable() {
        assertThat(texts("#sources-table tbody tr td:first-child")).containsExactly("customers", "transactions", "clickstream", "surveys");
        JobGraph graph = JobGraph.standard();
        // Every job of the graph but the report itself, whose record is written when it ends, all of this run.
        assertThat(texts("#chart-durations svg text")).containsAll(graph.jobs().stream().map(Job::name)
                .filter(name -> !name.equals(ReportJob.NAME)).toList()).doesNotContain(ReportJob.NAME);
        assertThat(browser.evaluate("document.getElementById('jobs-notes').textContent").asText()).isEmpty();
        assertThat(texts("#tables-table tbody tr td:first-child"))
                .containsExactlyInAnyOrderElementsOf(graph.tables().stream().map(LakeTable::qualifiedName).toList());
        assertThat(browser.evaluate("document.getElementById('as-of').textContent").asText()).isEqualTo(ServedLake.AS_OF.toString());
    }

    @Test
    void keepsAScreenshotOfTheWholePage() throws IOException {
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        // The PNG header gives its size: 1280 CSS pixels wide (scale 1), and longer than one screen.
        assertThat(bigEndianInt(png, 16)).isEqualTo(1280);
        assertThat(bigEndianInt(png, 20)).isGreaterThan(1500);
    }

    /** With every part filled (CX impact, holdout check, a failed job and one of an earlier run) every chart is drawn. */
    @Test
    void aReportWithEveryPartFilledDrawsEveryChart() throws IOException, InterruptedException {
        Path full = Path.of("target", "report-every-part", "index.html");
        Files.createDirectories(full.getParent());
        Files.writeString(full, RunReportPage.render(everyPartFilled()), StandardCharsets.UTF_8);
        try (HeadlessChromium second = HeadlessChromium.start()) {
            JsonNode filled = render(second, full.toAbsolutePath());
            assertThat(second.consoleErrors()).isEmpty();
            assertThat(second.requestedUrls()).containsOnly(full.toAbsolutePath().toUri().toString());
            assertThat(emptyCharts(filled)).isEmpty();
            assertThat(second.evaluate("document.getElementById('jobs-notes').textContent").asText())
                    .contains("ingest_customers (2025-07-01T01:00:00Z)").contains("gold_cohort_retention failed: disk full");
            assertThat(second.evaluate("document.getElementById('holdout-note').textContent").asText())
                    .contains("predicted 41.5 purchase days").contains("44 happened");
        }
    }

    /** Opens the page, waits for its script, and checks that each chart is either drawn or explains why not. */
    private static JsonNode render(HeadlessChromium chromium, Path report) throws InterruptedException {
        chromium.open(report, 1280, 900);
        chromium.waitFor("document.body.hasAttribute('data-rendered')");
        JsonNode described = chromium.evaluate(DESCRIBE_CHARTS);
        List<String> names = new ArrayList<>();
        for (JsonNode chart : described) {
            String name = chart.path("chart").asText();
            names.add(name);
            if (chart.path("empty").asBoolean()) {
                assertThat(chart.path("note").asText()).as("%s: why it is empty", name).isNotBlank();
                assertThat(chart.path("svgs").asInt()).as("%s: no chart", name).isZero();
                continue;
            }
            assertThat(chart.path("svgs").asInt()).as("%s: its SVG", name).isEqualTo(1);
            // Axes, labels and marks: a drawn chart has dozens of shapes, an empty one none.
            assertThat(chart.path("shapes").asInt()).as("%s: shapes drawn", name).isGreaterThan(10);
            assertThat(chart.path("width").asDouble()).as("%s: width", name).isGreaterThan(200);
            assertThat(chart.path("height").asDouble()).as("%s: height", name).isGreaterThan(200);
        }
        assertThat(names).containsExactlyElementsOf(CHARTS);
        return described;
    }

    private static List<String> emptyCharts(JsonNode described) {
        List<String> empty = new ArrayList<>();
        described.forEach(chart -> {
            if (chart.path("empty").asBoolean()) {
                empty.add(chart.path("chart").asText());
            }
        });
        return empty;
    }

    /** For each chart, the rows (or sessions) of the lake it draws, asked of the lake through {@code sql}. */
    private static Map<String, Long> rowsBehindEachChart() throws IOException, InterruptedException {
        String day = "as_of_date = DATE'" + ServedLake.AS_OF + "'";
        String query = String.join(" UNION ALL ",
                "SELECT 'accounting' AS chart, count(*) AS n FROM pipeline_runs WHERE " + day + " AND rows_read IS NOT NULL",
                "SELECT 'durations', count(*) FROM pipeline_runs WHERE " + day,
                "SELECT 'retention', count(*) FROM cohort_retention WHERE " + day + " AND segment = 'ALL' AND is_complete_period",
                "SELECT 'nps', count(*) FROM experience_summary WHERE " + day
                        + " AND survey_type = 'relationship_nps' AND touchpoint = 'ALL' AND segment = 'ALL'",
                "SELECT 'tiers', count(*) FROM customer_engagement WHERE " + day,
                "SELECT 'cx-impact', count(*) FROM cx_impact WHERE " + day + " AND segment = 'ALL'",
                "SELECT 'funnel', coalesce(sum(product_view_sessions), 0) FROM journey_funnel WHERE " + day + " AND device = 'ALL'",
                "SELECT 'holdout', count(*) FROM model_fits WHERE " + day + " AND model = 'bgnbd' AND holdout_predicted IS NOT NULL");
        CliProcess.Result result = CliProcess.run("sql", query, "--format", "csv", "--conf", lake.conf().toString());
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        Map<String, Long> rows = new HashMap<>();
        result.stdout().lines().skip(1).map(line -> line.split(","))
                .forEach(fields -> rows.put(fields[0], Long.parseLong(fields[1].trim())));
        return rows;
    }

    private static List<String> texts(String selector) {
        List<String> texts = new ArrayList<>();
        browser.evaluate("Array.from(document.querySelectorAll('" + selector + "')).map(function (node) { return node.textContent; })")
                .forEach(text -> texts.add(text.asText()));
        return texts;
    }

    private static int bigEndianInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    private static RunReport everyPartFilled() {
        return new RunReport("2025-06-30", "run-2",
                List.of(new RunReport.JobRun("ingest_customers", "run-1", false, "succeeded", null, "2025-07-01T01:00:00Z", 4.0),
                        new RunReport.JobRun("silver_customers", "run-2", true, "succeeded", null, "2025-07-01T02:00:00Z", 12.5),
                        new RunReport.JobRun("gold_cohort_retention", "run-2", true, "failed", "disk full", "2025-07-01T02:00:13Z", 1.0)),
                List.of(new RunReport.SourceRows("customers", 3L, 100L, 100L, 90L, 6L, 4L,
                        Map.of("missing_id", 4L, "bad_email", 2L), Map.of("superseded", 4L))),
                List.of(new RunReport.TableRows("silver.customers", "silver_customers", 90)),
                List.of(new RunReport.RetentionCell("2025-04", 0, 40, 1.0), new RunReport.RetentionCell("2025-04", 1, 40, 0.3),
                        new RunReport.RetentionCell("2025-04", 2, 40, 0.2), new RunReport.RetentionCell("2025-05", 0, 30, 1.0),
                        new RunReport.RetentionCell("2025-05", 1, 30, 0.4), new RunReport.RetentionCell("2025-06", 0, 20, 1.0)),
                List.of(new RunReport.MonthlyNps("2025-04", 20, 10.0, 30.0), new RunReport.MonthlyNps("2025-05", 30, -5.0, 25.0),
                        new RunReport.MonthlyNps("2025-06", 25, 20.0, 28.0)),
                List.of(new RunReport.TierCount("champion", 10), new RunReport.TierCount("engaged", 20),
                        new RunReport.TierCount("casual", 30), new RunReport.TierCount("dormant", 25),
                        new RunReport.TierCount("inactive", 15)),
                180,
                List.of(new RunReport.CxCategory("promoter", 10, 9, new BigDecimal("150.00"), 0.8, 1.5),
                        new RunReport.CxCategory("passive", 5, 5, new BigDecimal("120.00"), 0.6, 1.2),
                        new RunReport.CxCategory("detractor", 4, 4, new BigDecimal("100.00"), 0.5, 1.0)),
                new RunReport.Funnel("2025-05", "2025-06", 110, List.of(
                        new RunReport.FunnelStep("product_view", 40, 1.0, null),
                        new RunReport.FunnelStep("add_to_cart", 15, 0.375, 0.625),
                        new RunReport.FunnelStep("checkout", 9, 0.225, 0.4),
                        new RunReport.FunnelStep("order_completed", 5, 0.125, 4.0 / 9))),
                new RunReport.ModelHoldout(90, 41.5, 44, List.of(new RunReport.HoldoutBucket("0", 30, 11.5, 10),
                        new RunReport.HoldoutBucket("1", 12, 30.0, 34), new RunReport.HoldoutBucket("7+", 3, 6.2, 5))));
    }
}
