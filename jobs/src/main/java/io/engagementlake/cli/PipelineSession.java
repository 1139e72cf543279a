package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LandingZone;
import io.engagementlake.io.SparkSessions;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobGraph;
import io.engagementlake.pipeline.PipelineRunner;
import io.engagementlake.pipeline.PipelineRuns;
import io.engagementlake.serve.LakeCatalog;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/** A Spark session bound to one config's lake, for the commands that run jobs or queries. */
final class PipelineSession implements AutoCloseable {
    private final EngagementConfig config;
    private final SparkSession spark;
    private final Lake lake;
    private final JobGraph graph = JobGraph.standard();

    private PipelineSession(EngagementConfig config, SparkSession spark) {
        this.config = config;
        this.spark = spark;
        this.lake = new Lake(spark, config.lake().root());
    }

    static PipelineSession open(EngagementConfig config) {
        return new PipelineSession(config, SparkSessions.create(config));
    }

    SparkSession spark() {
        return spark;
    }

    Lake lake() {
        return lake;
    }

    JobGraph graph() {
        return graph;
    }

    /** Makes every existing table of the lake queryable by name; {@code engagement} becomes the current database. */
    void registerTables() {
        LakeCatalog.register(spark, lake, graph.queryableTables());
    }

    /** Runs the named jobs (all when none) in dependency order for {@code asOf}; fails at once if another run holds the lake. */
    List<PipelineRuns.JobRecord> run(LocalDate asOf, List<String> jobNames) {
        return run(asOf, jobNames, Duration.ZERO);
    }

    /** Like {@link #run(LocalDate, List)}, waiting up to {@code lockWait} for another run to give the lake lock back. */
    List<PipelineRuns.JobRecord> run(LocalDate asOf, List<String> jobNames, Duration lockWait) {
        Set<String> names = new LinkedHashSet<>();
        if (jobNames.isEmpty()) {
            graph.jobs().forEach(job -> names.add(job.name()));
        }
        else {
            jobNames.forEach(name -> names.add(graph.job(name).name()));
        }
        List<Job> jobs = graph.order(names);
        LandingZone landingZone = new LandingZone(config.lake().raw(), spark.sparkContext().hadoopConfiguration());
        JobContext context = new JobContext(spark, config, lake, landingZone, asOf, UUID.randomUUID().toString());
        return new PipelineRunner(graph, lockWait).run(context, jobs);
    }

    @Override
    public void close() {
        spark.stop();
    }
}
