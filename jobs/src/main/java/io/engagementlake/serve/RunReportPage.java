package io.engagementlake.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link RunReport} as one self-contained HTML page: the page's template, style and
 * script, Apache ECharts (from its webjar on the classpath) and the report as one JSON object
 * are all inlined, so the page opens offline and fetches nothing. The script draws the tables
 * and charts from the JSON in the browser (SVG renderer); the only text that the page takes
 * from the data goes in through that JSON, read with {@code JSON.parse} and shown with
 * {@code textContent}, so no value can become markup.
 */
public final class RunReportPage {
    private static final String RESOURCES = "/io/engagementlake/serve/";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(title|style|library|data|script)}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReportPage() {}

    /** The page of {@code report}. */
    public static String render(RunReport report) {
        Matcher placeholder = PLACEHOLDER.matcher(resource(RESOURCES + "run-report.html"));
        StringBuilder page = new StringBuilder();
        while (placeholder.find()) {
            String content = switch (placeholder.group(1)) {
                case "title" -> "Engagement Lake run report, as of " + report.asOf();
                case "style" -> inlinable(resource(RESOURCES + "run-report.css"), "</style", "run-report.css");
                case "library" -> Library.ECHARTS;
                case "data" -> json(report);
                case "script" -> inlinable(resource(RESOURCES + "run-report.js"), "</script", "run-report.js");
                default -> throw new IllegalStateException(placeholder.group());
            };
            // Inserted text is not scanned again, so a placeholder-like string in it stays as it is.
            placeholder.appendReplacement(page, Matcher.quoteReplacement(content));
        }
        placeholder.appendTail(page);
        return page.toString();
    }

    /**
     * The report as JSON that is safe inside a {@code <script>} element: {@code <}, {@code >}
     * and {@code &} can only occur inside JSON strings, where their {@code \}u escapes mean the
     * same to {@code JSON.parse}, and without them no value can close the element.
     */
    static String json(RunReport report) {
        try {
            return JSON.writeValueAsString(report)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026");
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run report as JSON", e);
        }
    }

    /** ECharts' minified bundle, read once: the version is the webjar's, whatever the build declares. */
    private static final class Library {
        static final String ECHARTS = load();

        private static String load() {
            Properties pom = new Properties();
            try (InputStream in = RunReportPage.class.getResourceAsStream(ECHARTS_POM)) {
                if (in == null) {
                    throw new IllegalStateException("the ECharts webjar (org.webjars.npm:echarts) is not on the classpath");
                }
                pom.load(in);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String path = "/META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/echarts.min.js";
            return inlinable(resource(path), "</script", path);
        }
    }

    /** Fails if {@code text} would end its inline element early. */
    private static String inlinable(String text, String closingTag, String name) {
        if (text.toLowerCase(Locale.ROOT).contains(closingTag)) {
            throw new IllegalStateException(name + " contains " + closingTag + " and cannot be inlined");
        }
        return text;
    }

    private static String resource(String path) {
        try (InputStream in = RunReportPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
