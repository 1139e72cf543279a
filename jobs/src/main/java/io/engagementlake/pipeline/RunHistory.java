package io.engagementlake.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code bin/engagement status} tells from the {@code pipeline_runs} records alone: the
 * last runs with how they ended, and the jobs that are behind. Plain Java over the records, so
 * the rules are tested on rows written by hand.
 */
public final class RunHistory {
    private RunHistory() {}

    /** One {@code pipeline_runs} row, the columns status needs. */
    public record RecordedJob(String runId, LocalDate asOfDate, String job, String status, String errorCode, String error,
            Instant startedAt, Instant endedAt, Long jobsInRun, Map<String, Long> outputRows) {
        public RecordedJob {
            requireNonNull(runId, "runId is null");
            requireNonNull(asOfDate, "asOfDate is null");
            requireNonNull(job, "job is null");
            requireNonNull(status, "status is null");
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(endedAt, "endedAt is null");
            outputRows = outputRows == null ? Map.of() : Map.copyOf(outputRows);
        }

        boolean succeeded() {
            return status.equals("succeeded");
        }
    }

    /**
     * How a run ended: {@code failed} (a job failed; the jobs after it did not run),
     * {@code running} (it holds the lake lock now), {@code incomplete} (fewer jobs recorded than
     * it set out to run and none failed: it was killed) or {@code succeeded}.
     */
    public record RunSummary(String runId, LocalDate asOfDate, Instant startedAt, Instant endedAt, String status,
            int jobsRecorded, Long jobsInRun, String failedJob, String errorCode, String error, Map<String, Long> outputRows) {
        public double durationSeconds() {
            return (endedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
        }
    }

    /** A job whose latest successful as-of date is older than the newest any job reached; null: it never succeeded. */
    public record BehindJob(String job, LocalDate latestSuccessfulAsOf) {}

    /**
     * The last {@code limit} runs, newest first (by when their first job started). {@code runningRunId}
     * is the run that holds the lake lock now, if any.
     */
    public static List<RunSummary> lastRuns(List<RecordedJob> jobs, int limit, Optional<String> runningRunId) {
        Map<String, List<RecordedJob>> byRun = new LinkedHashMap<>();
        jobs.forEach(job -> byRun.computeIfAbsent(job.runId(), id -> new ArrayList<>()).add(job));
        List<RunSummary> runs = new ArrayList<>();
        byRun.forEach((runId, recorded) -> runs.add(summary(runId, recorded, runningRunId)));
        runs.sort(Comparator.comparing(RunSummary::startedAt).thenComparing(RunSummary::endedAt).reversed());
        return List.copyOf(runs.subList(0, Math.min(limit, runs.size())));
    }

    private static RunSummary summary(String runId, List<RecordedJob> recorded, Optional<String> runningRunId) {
        List<RecordedJob> inOrder = new ArrayList<>(recorded);
        inOrder.sort(Comparator.comparing(RecordedJob::startedAt).thenComparing(RecordedJob::endedAt));
        Instant started = inOrder.get(0).startedAt();
        Instant ended = inOrder.stream().map(RecordedJob::endedAt).max(Comparator.naturalOrder()).orElseThrow();
        Optional<RecordedJob> failed = inOrder.stream().filter(job -> !job.succeeded()).findFirst();
        Long jobsInRun = inOrder.stream().map(RecordedJob::jobsInRun).filter(count -> count != null).findFirst().orElse(null);
        String status;
        if (failed.isPresent()) {
            status = "failed";
        }
        else if (runningRunId.isPresent() && runningRunId.get().equals(runId)) {
            status = "running";
        }
        else if (jobsInRun != null && inOrder.size() < jobsInRun) {
            status = "incomplete";
        }
        else {
            status = "succeeded";
        }
        Map<String, Long> outputRows = new TreeMap<>();
        inOrder.forEach(job -> job.outputRows().forEach((table, rows) -> outputRows.merge(table, rows, Long::sum)));
        return new RunSummary(runId, inOrder.get(0).asOfDate(), started, ended, status, inOrder.size(), jobsInRun,
                failed.map(RecordedJob::job).orElse(null), failed.map(RecordedJob::errorCode).orElse(null),
                failed.map(RecordedJob::error).orElse(null), Collections.unmodifiableMap(outputRows));
    }

    /** The newest as-of date any job succeeded for. */
    public static Optional<LocalDate> latestAsOf(List<RecordedJob> jobs) {
        return jobs.stream().filter(RecordedJob::succeeded).map(RecordedJob::asOfDate).max(Comparator.naturalOrder());
    }

    /**
     * The jobs of {@code allJobs} (in that order) whose latest successful as-of date is older
     * than {@link #latestAsOf}, or that never succeeded. Nothing is behind before anything ran.
     */
    public static List<BehindJob> behind(List<RecordedJob> jobs, List<String> allJobs) {
        Optional<LocalDate> latest = latestAsOf(jobs);
        if (latest.isEmpty()) {
            return List.of();
        }
        Map<String, LocalDate> latestSuccess = new HashMap<>();
        jobs.stream().filter(RecordedJob::succeeded)
                .forEach(job -> latestSuccess.merge(job.job(), job.asOfDate(), (a, b) -> a.isAfter(b) ? a : b));
        List<BehindJob> behind = new ArrayList<>();
        for (String job : allJobs) {
            LocalDate success = latestSuccess.get(job);
            if (success == null || success.isBefore(latest.get())) {
                behind.add(new BehindJob(job, success));
            }
        }
        return List.copyOf(behind);
    }
}
