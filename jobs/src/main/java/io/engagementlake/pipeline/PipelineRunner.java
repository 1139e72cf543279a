package io.engagementlake.pipeline;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs in order for one as-of date, holding the lake's write lock ({@link LakeLock}) so
 * that no other run interleaves with it, and records each job in {@code pipeline_runs} as soon
 * as it ends, so that a run killed half-way still shows what it finished. A job that fails,
 * including before it starts (an input table or the landing zone is missing), is recorded with
 * the error code and line that {@code bin/engagement} prints.
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

    /** Runs {@code jobs} (already in dependency order); stops at the first failure and rethrows it. */
    public List<PipelineRuns.JobRecord> run(JobContext context, List<Job> jobs) {
        LakeLock lock = LakeLock.forLake(context.lake().root(), context.spark().sparkContext().hadoopConfiguration());
        try (LakeLock.Lease lease = lock.acquire(context.runId(), lockWait).keepAlive()) {
            return runHolding(lease, context, jobs);
        }
    }

    private List<PipelineRuns.JobRecord> runHolding(LakeLock.Lease lease, JobContext context, List<Job> jobs) {
        PipelineRuns.upgradeSchema(context.spark(), context.lake());
        List<PipelineRuns.JobRecord> records = new ArrayList<>();
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
        for (Job job : jobs) {
            lease.requireHeld("job " + job.name());
            Instant start = Instant.now();
            PipelineRuns.JobRecord record;
            try {
                requireInputs(context, job);
                LOG.info("{} started (as of {})", job.name(), context.asOf());
                JobResult result = job.run(context);
                record = PipelineRuns.JobRecord.succeeded(job.name(), start, Instant.now(), result);
            }
            catch (RuntimeException e) {
                record(context, jobs, PipelineRuns.JobRecord.failed(job.name(), RunFailure.of(e), start, Instant.now()));
                throw e;
            }
            record(context, jobs, record);
            LOG.info("{} succeeded in {} s", job.name(), String.format("%.1f", (record.endedAt().toEpochMilli() - start.toEpochMilli()) / 1000.0));
            records.add(record);
        }
        return records;
    }

    private static void record(JobContext context, List<Job> jobs, PipelineRuns.JobRecord record) {
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
