package io.engagementlake.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.engagementlake.config.ConfigLoader;
import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.LakeLock;
import io.engagementlake.pipeline.PipelineRuns;
import io.engagementlake.pipeline.RunHistory;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code status}: the last runs of the lake (as-of date, start, duration, how they ended, the
 * failed job and its error, rows written), the run holding the lake lock now, and the jobs that
 * are behind. Reads only {@code pipeline_runs} and the lock file, by path (no metastore), never
 * a gold table, so it stays cheap however large the lake grows.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the last runs, their row counts and failures, and the jobs that are behind.")
final class StatusCommand implements Callable<Integer> {
    enum Format { table, json }

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "How many runs to show, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    ConfigOptions configOptions;

    /** What status shows, computed once and printed in either format. */
    record Status(String lake, Optional<LakeLock.Holder> lock, boolean lockExpired, Optional<LocalDate> latestAsOf,
            List<RunHistory.RunSummary> runs, List<RunHistory.BehindJob> behind) {}

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "--limit must be at least 1, got " + limit);
        }
        // Everything status reads is found by path: no metastore to start or connect to.
        List<String> overrides = new ArrayList<>(configOptions.overrides);
        overrides.add("catalog.type=in_memory");
        EngagementConfig config = ConfigLoader.load(configOptions.confFile(), overrides);
        Status status;
        try (PipelineSession session = PipelineSession.open(config)) {
            LakeLock lock = LakeLock.forLake(config.lake().root(), session.spark().sparkContext().hadoopConfiguration());
            Optional<LakeLock.Holder> holder = lock.holder();
            boolean expired = holder.map(h -> h.expiredAt(Instant.now())).orElse(false);
            PipelineRuns.History history = PipelineRuns.history(session.lake(), limit);
            Optional<String> running = holder.filter(h -> !expired).map(LakeLock.Holder::runId);
            List<String> jobs = session.graph().jobs().stream().map(Job::name).toList();
            status = new Status(config.lake().root(), holder, expired, RunHistory.latestAsOf(history.latestSuccesses()),
                    RunHistory.lastRuns(history.lastRuns(), limit, running), RunHistory.behind(history.latestSuccesses(), jobs));
        }
        if (format == Format.json) {
            printJson(status, System.out);
        }
        else {
            printTable(status, System.out);
        }
        return 0;
    }

    static void printJson(Status status, PrintStream out) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("lake", status.lake());
        document.put("lock", status.lock().map(holder -> {
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("run_id", holder.runId());
            lock.put("host", holder.host());
            lock.put("pid", holder.pid());
            lock.put("since", holder.since().toString());
            lock.put("expires_at", holder.expiresAt().toString());
            lock.put("expired", status.lockExpired());
            return lock;
        }).orElse(null));
        document.put("latest_as_of", status.latestAsOf().map(LocalDate::toString).orElse(null));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (RunHistory.RunSummary run : status.runs()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("run_id", run.runId());
            entry.put("as_of_date", run.asOfDate().toString());
            entry.put("started_at", run.startedAt().toString());
            entry.put("ended_at", run.endedAt().toString());
            entry.put("duration_seconds", run.durationSeconds());
            entry.put("status", run.status());
            entry.put("jobs_recorded", run.jobsRecorded());
            entry.put("jobs_in_run", run.jobsInRun());
            entry.put("failed_job", run.failedJob());
            entry.put("error_code", run.errorCode());
            entry.put("error", run.error());
            entry.put("output_rows", run.outputRows());
            runs.add(entry);
        }
        document.put("runs", runs);
        List<Map<String, Object>> behind = new ArrayList<>();
        for (RunHistory.BehindJob job : status.behind()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("job", job.job());
            entry.put("latest_successful_as_of", job.latestSuccessfulAsOf() == null ? null : job.latestSuccessfulAsOf().toString());
            behind.add(entry);
        }
        document.put("behind", behind);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void printTable(Status status, PrintStream out) {
        out.println("Lake: " + status.lake());
        out.println("Lock: " + status.lock().map(holder -> holder.describe() + (status.lockExpired()
                ? " - its lease expired at " + holder.expiresAt() + ": the holder is gone, the next run takes the lock over"
                : " - running, lease valid until " + holder.expiresAt())).orElse("free"));
        out.println();
        if (status.runs().isEmpty()) {
            out.println("No runs recorded yet (pipeline_runs is empty).");
            return;
        }
        out.println("Last " + status.runs().size() + (status.runs().size() == 1 ? " run" : " runs") + ", newest first:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN ID", "AS OF", "STARTED (UTC)", "DURATION", "STATUS", "JOBS", "FAILED JOB", "ERROR"});
        for (RunHistory.RunSummary run : status.runs()) {
            rows.add(new String[] {run.runId(), run.asOfDate().toString(), STARTED.format(run.startedAt()),
                String.format(Locale.ROOT, "%.1f s", run.durationSeconds()), run.status(),
                run.jobsRecorded() + (run.jobsInRun() == null ? "" : "/" + run.jobsInRun()),
                run.failedJob() == null ? "-" : run.failedJob(),
                run.error() == null ? "-" : "[" + run.errorCode() + "] " + run.error()});
        }
        printAligned(rows, out);
        out.println();
        out.println("Rows written:");
        for (RunHistory.RunSummary run : status.runs()) {
            out.println("  " + run.runId() + ": " + (run.outputRows().isEmpty() ? "none"
                    : new TreeMap<>(run.outputRows()).entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "))));
        }
        out.println();
        if (status.behind().isEmpty()) {
            out.println("No job is behind " + status.latestAsOf().map(LocalDate::toString).orElse("-") + " (the newest as-of date any job reached).");
            return;
        }
        out.println(status.behind().size() + (status.behind().size() == 1 ? " job is" : " jobs are") + " behind "
                + status.latestAsOf().orElseThrow() + " (the newest as-of date any job reached):");
        List<String[]> behind = new ArrayList<>();
        behind.add(new String[] {"JOB", "LATEST SUCCESSFUL AS OF"});
        status.behind().forEach(job -> behind.add(new String[] {job.job(),
            job.latestSuccessfulAsOf() == null ? "never" : job.latestSuccessfulAsOf().toString()}));
        printAligned(behind, out);
    }

    private static void printAligned(List<String[]> rows, PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                cells.add(String.format("%-" + widths[i] + "s", row[i]));
            }
            out.println(("  " + String.join("  ", cells)).stripTrailing());
        }
    }
}
