package io.engagementlake.pipeline;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs for one as-of date, holding the lake's write lock ({@link LakeLock}) so that no
 * other run interleaves with it, and records each job in {@code pipeline_runs} as soon as it
 * ends, so that a run killed half-way still shows what it finished. A job that fails,
 * including before it starts (an input table or the landing zone is missing), is recorded with
 * the error code and line that {@code bin/engagement} prints.
 *
 * <p>Up to {@code pipeline.parallel_jobs} jobs run at once in the run's Spark session: a job
 * starts once every job of the run it depends on has succeeded, earliest in run order first.
 * After a failure no job starts; those already running finish and are recorded, then the
 * first failure is rethrown.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final JobGraph graph;
    private final Duration lockWait;

    public PipelineRunner(JobGraph graph) {
        this(graph, Duration.ZERO);
    }

    /** {@code lockWait}: how long to wait for another run to give the lake lock back (zero: fail at once). */
    public PipelineRunner(JobGraph graph, Duration lockWait) {
        this.graph = graph;
        this.lockWait = lockWait;
    }

    /**
     * Runs {@code jobs} (already in dependency order); once one fails, starts no other and
     * rethrows the failure. Returns the records of the jobs, in the order of {@code jobs}.
     */
    public List<PipelineRuns.JobRecord> run(JobContext context, List<Job> jobs) {
        LakeLock lock = LakeLock.forLake(context.lake().root(), context.spark().sparkContext().hadoopConfiguration());
        try (LakeLock.Lease lease = lock.acquire(context.runId(), lockWait).keepAlive()) {
            return runHolding(lease, context, jobs);
        }
    }

    private List<PipelineRuns.JobRecord> runHolding(LakeLock.Lease lease, JobContext context, List<Job> jobs) {
        PipelineRuns.upgradeSchema(context.spark(), context.lake());
        Optional<Job> firstReadingLanding = jobs.stream().filter(job -> !job.rawInputs().isEmpty()).findFirst();
        if (firstReadingLanding.isPresent()) {
            Instant start = Instant.now();
            try {
                context.landingZone().requireExists();
            }
            catch (RuntimeException e) {
                record(context, jobs, PipelineRuns.JobRecord.failed(firstReadingLanding.get().name(), RunFailure.of(e), start, Instant.now()));
                throw e;
            }
        }
        int parallelJobs = Math.min(context.config().pipeline().parallelJobs(), Math.max(1, jobs.size()));
        ExecutorService workers = Executors.newFixedThreadPool(parallelJobs, runnable -> {
            Thread thread = new Thread(runnable, "pipeline-job");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return schedule(lease, context, jobs, new ExecutorCompletionService<>(workers), parallelJobs);
        }
        finally {
            workers.shutdownNow();
        }
    }

    /** What one job's run gave: its record, and the failure to rethrow if it failed. */
    private record Outcome(Job job, PipelineRuns.JobRecord record, RuntimeException failure) {}

    private List<PipelineRuns.JobRecord> schedule(LakeLock.Lease lease, JobContext context, List<Job> jobs,
            CompletionService<Outcome> completion, int parallelJobs) {
        Set<String> inRun = jobs.stream().map(Job::name).collect(Collectors.toSet());
        List<Job> waiting = new ArrayList<>(jobs);
        // The jobs that succeeded so far, with their records.
        Map<String, PipelineRuns.JobRecord> records = new HashMap<>();
        int running = 0;
        RuntimeException failure = null;
        while (true) {
            for (Iterator<Job> next = waiting.iterator(); failure == null && running < parallelJobs && next.hasNext();) {
                Job job = next.next();
                if (job.dependsOn().stream().filter(inRun::contains).allMatch(records::containsKey)) {
                    next.remove();
                    completion.submit(() -> runOne(lease, context, jobs, job));
                    running++;
                }
            }
            if (running == 0) {
                break;
            }
            Outcome outcome = take(completion);
            running--;
            if (outcome.failure() != null) {
                if (failure == null) {
                    failure = outcome.failure();
                }
                else {
                    failure.addSuppressed(outcome.failure());
                }
            }
            else {
                records.put(outcome.job().name(), outcome.record());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return jobs.stream().map(job -> records.get(job.name())).toList();
    }

    private static Outcome take(CompletionService<Outcome> completion) {
        try {
            return completion.take().get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while jobs of the run were running", e);
        }
        catch (ExecutionException e) {
            // runOne catches what jobs throw; an Error (out of memory) ends the run as it would have without threads.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Outcome runOne(LakeLock.Lease lease, JobContext context, List<Job> jobs, Job job) {
        // Spark's jobs carry the pipeline job's name (UI, event log), also when two run at once.
        context.spark().sparkContext().setJobGroup(job.name(),
                job.name() + " as of " + context.asOf() + ", run " + context.runId(), false);
        try {
            return runAndRecord(lease, context, jobs, job);
        }
        finally {
            context.spark().sparkContext().clearJobGroup();
        }
    }

    private Outcome runAndRecord(LakeLock.Lease lease, JobContext context, List<Job> jobs, Job job) {
        Instant start = Instant.now();
        PipelineRuns.JobRecord record;
        try {
            lease.requireHeld("job " + job.name());
            requireInputs(context, job);
            LOG.info("{} started (as of {})", job.name(), context.asOf());
            JobResult result = job.run(context);
            record = PipelineRuns.JobRecord.succeeded(job.name(), start, Instant.now(), result);
        }
        catch (RuntimeException e) {
            record(context, jobs, PipelineRuns.JobRecord.failed(job.name(), RunFailure.of(e), start, Instant.now()));
            return new Outcome(job, null, e);
        }
        try {
            record(context, jobs, record);
        }
        catch (RuntimeException e) {
            return new Outcome(job, null, e);
        }
        LOG.info("{} succeeded in {} s", job.name(), String.format("%.1f", (record.endedAt().toEpochMilli() - start.toEpochMilli()) / 1000.0));
        return new Outcome(job, record, null);
    }

    /** One record at a time: jobs running at once would otherwise race their appends to the same table. */
    private static synchronized void record(JobContext context, List<Job> jobs, PipelineRuns.JobRecord record) {
        try {
            PipelineRuns.append(context.spark(), context.lake(), context.asOf(), context.runId(), jobs.size(), List.of(record));
        }
        catch (RuntimeException e) {
            if (record.status().equals("succeeded")) {
                throw e;
            }
            // The job's own error is what the user must see; the record is lost with this one.
            LOG.error("could not record the failure of {} in pipeline_runs: {}", record.job(), RunFailure.oneLine(e));
        }
    }

    /**
     * A job whose input table is missing, or was built for another as-of date, would compute
     * the wrong thing: say which job to run first instead.
     */
    private void requireInputs(JobContext context, Job job) {
        for (LakeTable input : job.inputs()) {
            String producer = graph.producerOf(input).map(Job::name).orElse("?");
            if (!context.lake().exists(input)) {
                throw new EngagementException(ErrorCode.MISSING_DEPENDENCY, String.format(
                        "job %s needs table %s, which does not exist yet: run 'bin/engagement run %s --as-of %s' first",
                        job.name(), input.qualifiedName(), producer, context.asOf()));
            }
            if (input.contract().layer().equals("gold") && context.lake().read(input)
                    .where(org.apache.spark.sql.functions.col("as_of_date").equalTo(
                            org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(context.asOf()))))
                    .limit(1).count() == 0) {
                throw new EngagementException(ErrorCode.MISSING_DEPENDENCY, String.format(
                        "job %s needs the %s slice of table %s, which has not been built: run 'bin/engagement run %s --as-of %s' first",
                        job.name(), context.asOf(), input.qualifiedName(), producer, context.asOf()));
            }
            if (input.contract().layer().equals("silver")) {
                Optional<LocalDate> builtFor = context.lake().builtForAsOf(input);
                if (builtFor.isPresent() && !builtFor.get().equals(context.asOf())) {
                    throw new EngagementException(ErrorCode.MISSING_DEPENDENCY, String.format(
                            "job %s needs table %s as of %s, but it was built as of %s: run 'bin/engagement run %s --as-of %s' first",
                            job.name(), input.qualifiedName(), context.asOf(), builtFor.get(), producer, context.asOf()));
                }
            }
        }
    }

}
