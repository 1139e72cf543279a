package io.engagementlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engagementlake.SparkTestSession;
import io.engagementlake.config.ConfigLoader;
import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.LandingZone;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the runner schedules the jobs of one run: up to {@code pipeline.parallel_jobs} at once,
 * each after the jobs it depends on, and after a failure none new. The jobs here only sleep
 * and note when they ran; the lock and the run records are the real ones.
 */
class PipelineRunnerTest {
    private static final LocalDate AS_OF = LocalDate.parse("2025-03-31");

    @TempDir
    Path folder;

    /** When each job started and ended (nanoTime), by name. */
    private final Map<String, long[]> ran = new ConcurrentHashMap<>();

    @Test
    void twoJobsRunAtOnceAndEachWaitsForTheJobsItDependsOn() {
        Job a = sleeping("a", 600);
        Job b = sleeping("b", 600);
        Job c = sleeping("c", 200, "a");
        Job d = sleeping("d", 200, "b", "c");
        List<Job> jobs = List.of(a, b, c, d);

        List<PipelineRuns.JobRecord> records = new PipelineRunner(new JobGraph(jobs)).run(context(2), jobs);

        assertThat(records).extracting(PipelineRuns.JobRecord::job).containsExactly("a", "b", "c", "d");
        assertThat(started("b")).as("b starts while a runs").isLessThan(ended("a"));
        assertThat(started("c")).as("c waits for a").isGreaterThanOrEqualTo(ended("a"));
        assertThat(started("d")).as("d waits for b").isGreaterThanOrEqualTo(ended("b"));
        assertThat(started("d")).as("d waits for c").isGreaterThanOrEqualTo(ended("c"));
    }

    @Test
    void oneJobAtATimeRunsThemInOrder() {
        List<Job> jobs = List.of(sleeping("a", 100), sleeping("b", 100), sleeping("c", 100, "a"));

        new PipelineRunner(new JobGraph(jobs)).run(context(1), jobs);

        assertThat(started("b")).isGreaterThanOrEqualTo(ended("a"));
        assertThat(started("c")).isGreaterThanOrEqualTo(ended("b"));
    }

    @Test
    void afterAFailureNoJobStartsTheRunningOneIsRecordedAndTheFailureRethrown() {
        Job failing = new TestJob("a", List.of()) {
            @Override
            public JobResult run(JobContext context) {
                note("a", () -> sleep(200));
                throw new IllegalStateException("a broke");
            }
        };
        List<Job> jobs = List.of(failing, sleeping("b", 1_000), sleeping("c", 100), sleeping("d", 100, "a"));
        JobContext context = context(2);

        assertThatThrownBy(() -> new PipelineRunner(new JobGraph(jobs)).run(context, jobs))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a broke");

        assertThat(ran).containsOnlyKeys("a", "b");
        List<Row> records = context.lake().read(LakeTable.pipelineRuns()).where(col("run_id").equalTo(context.runId()))
                .select("job", "status").orderBy("job").collectAsList();
        assertThat(records).extracting(row -> row.getString(0) + " " + row.getString(1)).containsExactly("a failed", "b succeeded");
    }

    private JobContext context(int parallelJobs) {
        EngagementConfig config = ConfigLoader.load(Path.of(System.getProperty("engagement.home"), "conf/local.yaml"),
                List.of("lake.raw=" + folder.resolve("raw"), "lake.root=" + folder.resolve("lake"), "pipeline.parallel_jobs=" + parallelJobs));
        Lake lake = new Lake(SparkTestSession.get(), config.lake().root());
        LandingZone landingZone = new LandingZone(config.lake().raw(), SparkTestSession.get().sparkContext().hadoopConfiguration());
        return new JobContext(SparkTestSession.get(), config, lake, landingZone, AS_OF, UUID.randomUUID().toString());
    }

    private long started(String job) {
        return ran.get(job)[0];
    }

    private long ended(String job) {
        return ran.get(job)[1];
    }

    private Job sleeping(String name, long millis, String... dependsOn) {
        return new TestJob(name, List.of(dependsOn)) {
            @Override
            public JobResult run(JobContext context) {
                note(name, () -> sleep(millis));
                return JobResult.output(Map.of());
            }
        };
    }

    private void note(String job, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        }
        finally {
            ran.put(job, new long[] {start, System.nanoTime()});
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private abstract static class TestJob implements Job {
        private final String name;
        private final List<String> dependsOn;

        TestJob(String name, List<String> dependsOn) {
            this.name = name;
            this.dependsOn = dependsOn;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test job " + name;
        }

        @Override
        public List<String> dependsOn() {
            return dependsOn;
        }

        @Override
        public List<LakeTable> inputs() {
            return List.of();
        }

        @Override
        public List<LakeTable> outputs() {
            return List.of();
        }
    }
}
