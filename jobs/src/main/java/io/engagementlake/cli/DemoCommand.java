package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.generate.GeneratorOptions;
import io.engagementlake.generate.LandingZoneGenerator;
import io.engagementlake.pipeline.PipelineRuns;
import io.engagementlake.pipeline.RowAccounting;
import io.engagementlake.serve.RunReportFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: generates a small landing zone into {@code lake.raw}, runs the pipeline for
 * its last day and prints what came out and where its run report is. It only ever replaces a
 * landing zone that an earlier demo generated, never data it did not write.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate sample data, run the pipeline on it and print a summary (embedded default).")
final class DemoCommand implements Callable<Integer> {
    private static final String MANIFEST = "_manifest.json";
    /**
     * A year of landing days: enough for the 365-day windows, six-month cohorts and matured
     * 180-day CX horizons, with half the landing files (and start-up cost) of two years.
     */
    private static final int DAYS = 365;

    @Option(names = "--customers", defaultValue = "3000", description = "Customers to generate (default: ${DEFAULT-VALUE}).")
    int customers;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws IOException {
        EngagementConfig config = configOptions.load();
        Path raw = localFolder(config.lake().raw(), "lake.raw");
        Path root = localFolder(config.lake().root(), "lake.root");
        prepare(raw, root);
        PrintStream out = System.out;
        LocalDate asOf = GenerateCommand.DEFAULT_END_DATE;
        long start = System.nanoTime();
        out.printf("Generating %,d customers over %d days into %s ...%n", customers, DAYS, raw);
        LandingZoneGenerator.generate(new GeneratorOptions(raw, customers, DAYS, asOf, 42L,
                Runtime.getRuntime().availableProcessors()));
        out.printf("Running the pipeline as of %s (lake: %s) ...%n", asOf, root);
        List<PipelineRuns.JobRecord> records;
        try (PipelineSession session = PipelineSession.open(config)) {
            records = session.run(asOf, List.of());
            printSummary(out, records, (System.nanoTime() - start) / 1e9, asOf);
            DemoHeadlines.print(session, asOf, out);
        }
        out.printf("%nRun report (open it in a browser; it needs no network):%n  %s%n",
                localFolder(RunReportFile.location(config.lake().root(), asOf), "lake.root"));
        printNextSteps(out, asOf);
        return 0;
    }

    private static void printSummary(PrintStream out, List<PipelineRuns.JobRecord> records, double seconds, LocalDate asOf) {
        Map<String, Long> tables = new TreeMap<>();
        records.forEach(record -> tables.putAll(record.result().outputRows()));
        out.printf("%nDone in %.0f s. Tables (rows written by this run):%n", seconds);
        tables.forEach((table, rows) -> out.printf("  %-40s %,12d%n", table, rows));
        out.println("\nWhere the landed rows went (read = kept + quarantined + dropped):");
        for (PipelineRuns.JobRecord record : records) {
            RowAccounting accounting = record.result().accounting();
            if (accounting == null) {
                continue;
            }
            out.printf("  %-12s read %,10d  kept %,10d  quarantined %,7d  dropped %,7d%n", record.result().source(),
                    accounting.read(), accounting.kept(), accounting.quarantined(), accounting.dropped());
            accounting.quarantinedByReason().forEach((reason, rows) -> out.printf("      quarantined  %-22s %,8d%n", reason, rows));
            accounting.droppedByReason().forEach((reason, rows) -> out.printf("      dropped      %-22s %,8d%n", reason, rows));
        }
    }

    private static void printNextSteps(PrintStream out, LocalDate asOf) {
        out.println("\nNext, try:");
        out.println("  bin/engagement sql \"SELECT reason, count(*) AS n FROM transactions_quarantine GROUP BY reason\"");
        out.println("  bin/engagement sql \"SELECT segment, count(*) FROM silver.customers GROUP BY segment\" --format csv");
        out.println("  bin/engagement sql \"SELECT job, status, rows_read, rows_kept, rows_quarantined, rows_dropped FROM pipeline_runs\"");
        out.println("  bin/engagement sql \"SELECT nps_category, segment, avg_revenue_after, revenue_index FROM cx_impact\"");
        out.println("  bin/engagement sql \"SELECT customer_id, engagement_score, engagement_tier, status FROM customer_engagement ORDER BY engagement_score DESC LIMIT 10\"");
        out.println("  bin/engagement jobs");
        out.println("  bin/engagement run --as-of " + asOf + "      # a rerun: same tables, nothing new to ingest");
    }

    /** The demo writes local folders only, and replaces only what an earlier demo generated. */
    private static void prepare(Path raw, Path root) throws IOException {
        if (Files.exists(raw)) {
            if (!Files.exists(raw.resolve(MANIFEST))) {
                throw new EngagementException(ErrorCode.BAD_ARGUMENT, "lake.raw " + raw
                        + " holds data the demo did not generate; point the demo elsewhere with --set lake.raw=DIR --set lake.root=DIR");
            }
            FileUtils.deleteDirectory(raw.toFile());
            FileUtils.deleteDirectory(root.toFile());
        }
        else if (Files.exists(root)) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "lake.root " + root
                    + " holds tables but lake.raw is empty; point the demo elsewhere with --set lake.raw=DIR --set lake.root=DIR");
        }
    }

    private static Path localFolder(String location, String key) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*") && !location.startsWith("file:")) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, "the demo runs on local folders; " + key + " is " + location);
        }
        return Path.of(location.replaceFirst("^file:(//)?", ""));
    }
}
