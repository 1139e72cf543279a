package io.engagementlake.pipeline;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs in order for one as-of date and records each in {@code pipeline_runs} as soon as
 * it ends, so that a run killed half-way still shows what it finished.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final JobGraph graph;

    public PipelineRunner(JobGraph graph) {
        this.graph = graph;
    }

    /** Runs {@code jobs} (already in dependency order); stops at the first failure and rethrows it. */
    public List<PipelineRuns.JobRecord> run(JobContext context, List<Job> jobs) {
        if (jobs.stream().anyMatch(job -> !job.rawInputs().isEmpty())) {
            context.landingZone().requireExists();
        }
        List<PipelineRuns.JobRecord> records = new ArrayList<>();
        for (Job job : jobs) {
            requireInputs(context, job);
            Instant start = Instant.now();
            LOG.info("{} started (as of {})", job.name(), context.asOf());
            PipelineRuns.JobRecord record;
            try {
                JobResult result = job.run(context);
                record = new PipelineRuns.JobRecord(job.name(), "succeeded", null, start, Instant.now(), result);
            }
            catch (RuntimeException e) {
                record = new PipelineRuns.JobRecord(job.name(), "failed", oneLine(e), start, Instant.now(), null);
                PipelineRuns.append(context.spark(), context.lake(), context.asOf(), context.runId(), List.of(record));
                throw e;
            }
            PipelineRuns.append(context.spark(), context.lake(), context.asOf(), context.runId(), List.of(record));
            LOG.info("{} succeeded in {} s", job.name(), String.format("%.1f", (record.endedAt().toEpochMilli() - start.toEpochMilli()) / 1000.0));
            records.add(record);
        }
        return records;
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

    static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
