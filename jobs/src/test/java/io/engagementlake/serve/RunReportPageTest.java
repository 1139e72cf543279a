package io.engagementlake.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page around a hand-made report: self-contained, and data that looks like markup stays data. */
class RunReportPageTest {
    /** Text from the lake (an error message, a reason code) that would end the data's script element if pasted as is. */
    private static final String HOSTILE = "</script><script>alert('x')</script> & <!-- \u2028";
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    private static String page;

    @BeforeAll
    static void render() {
        RunReport report = new RunReport("2025-06-30", "run-1",
                List.of(new RunReport.JobRun("silver_customers", "run-1", true, "failed", HOSTILE, "2025-07-01T02:00:00Z", 1.5)),
                List.of(new RunReport.SourceRows("customers", 1L, 10L, 10L, 7L, 2L, 1L, Map.of(HOSTILE, 2L), Map.of("duplicate", 1L))),
                List.of(new RunReport.TableRows("silver.customers", "silver_customers", 7)),
                List.of(new RunReport.RetentionCell("2025-06", 0, 5, 1.0)),
                List.of(new RunReport.MonthlyNps("2025-06", 4, -25.0, 89.0)),
                List.of(new RunReport.TierCount("champion", 1)),
                180,
                List.of(new RunReport.CxCategory("promoter", 1, 1, new BigDecimal("10.00"), 1.0, null)),
                null,
                null);
        page = RunReportPage.render(report);
    }

    @Test
    void dataThatLooksLikeMarkupStaysInsideTheJsonAndReadsBackUnchanged() throws Exception {
        // Three script elements: the library, the data and the page's script; the error adds none.
        assertThat(Pattern.compile("<script").matcher(page).results().count()).isEqualTo(3);
        Matcher data = DATA.matcher(page);
        assertThat(data.find()).isTrue();
        assertThat(data.group(1)).doesNotContain("<").doesNotContain(">");
        JsonNode json = new ObjectMapper().readTree(data.group(1));
        assertThat(json.path("jobs").path(0).path("error").asText()).isEqualTo(HOSTILE);
        assertThat(json.path("sources").path(0).path("quarantinedByReason").has(HOSTILE)).isTrue();
        assertThat(json.path("asOf").asText()).isEqualTo("2025-06-30");
        assertThat(json.path("funnel").isNull()).isTrue();
    }

    @Test
    void theLibraryIsInlinedAndNothingIsLoadedFromElsewhere() {
        assertThat(page).contains("<title>Engagement Lake run report, as of 2025-06-30</title>");
        // The first script element is ECharts' bundle, with its licence header, inlined.
        Matcher library = Pattern.compile("<script>\\s*(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertThat(library.find()).isTrue();
        assertThat(library.group(1)).startsWith("/*").contains("Licensed to the Apache Software Foundation")
                .hasSizeGreaterThan(500_000);
        // The page around it references nothing outside itself (the browser test watches the requests of all of it).
        String ownParts = page.substring(0, library.start()) + page.substring(library.end());
        assertThat(ownParts).containsPattern("Content-Security-Policy\" content=\"default-src 'none'");
        assertThat(ownParts).doesNotContainPattern("(?i)\\s(src|href|action)\\s*=");
        assertThat(ownParts).doesNotContainPattern("(?i)url\\(");
        assertThat(ownParts).doesNotContainPattern("(?i)@import|https?:|//[a-z0-9.-]+\\.[a-z]{2,}/");
        assertThat(ownParts).doesNotContain("{{");
    }

    @Test
    void everyChartHasItsContainer() {
        assertThat(Pattern.compile("data-chart=\"([a-z-]+)\"").matcher(page).results().map(match -> match.group(1)).toList())
                .containsExactly("accounting", "durations", "retention", "nps", "tiers", "cx-impact", "funnel", "holdout");
    }
}
