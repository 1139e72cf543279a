package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAG's commands run: {@code dags/tests/spark_submit_commands.py} prints the
 * spark-submit command line of every task of {@code dags/engagement_pipeline.py} for one
 * date (built as the Spark provider's SparkSubmitHook builds it), and this runs them in that
 * order against local Spark, with {@code bin/spark-submit} as spark-submit and the shaded
 * application jar, then compares the gold tables with a plain {@code bin/engagement run}
 * of the same landing zone. Seventeen JVMs in a row: tagged long (run with -Pfull); the
 * suite CI runs (-Pheavy) runs one branch of the DAG the same way.
 */
class DagCommandsIT {
    /**
     * The tasks of one branch of the DAG, upstream first: what CI runs (six spark-submit JVMs,
     * about 3 minutes) where the whole DAG (17, about 10 minutes) runs with -Pfull.
     */
    private static final List<String> BRANCH = List.of("ingest_customers", "ingest_transactions", "silver_customers",
            "silver_transactions", "model_clv", "gold_cohort_retention");

    @Test
    @Tag("long")
    void theDagsCommandsForOneDateRunInOrderAndGiveTheGoldTablesOfOnePlainRun() throws Exception {
        SubmitReferenceLake reference = SubmitReferenceLake.get();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "dag-commands-it");
        Path conf = runTasks(reference, folder, task -> true);

        assertThat(folder.resolve("warehouse/reports/" + SubmitReferenceLake.AS_OF + "/index.html")).isRegularFile();
        GoldTables.assertSame(GoldTables.read(conf), reference.goldTables());
    }

    @Test
    @Tag("heavy")
    void theDagsCommandsOfOneBranchRunInOrderAndGiveItsTablesOfOnePlainRun() throws Exception {
        SubmitReferenceLake reference = SubmitReferenceLake.get();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "dag-commands-branch-it");
        Path conf = runTasks(reference, folder, BRANCH::contains);

        List<String> tables = List.of("cohort_retention", "model_fits");
        GoldTables.assertSame(GoldTables.read(conf, tables), reference.goldTables(), tables);
    }

    /**
     * Renders the DAG's commands for the reference date into a lake in {@code folder} and runs
     * those of the tasks {@code selected} keeps, in the DAG's order; returns the lake's config.
     */
    private static Path runTasks(SubmitReferenceLake reference, Path folder, Predicate<String> selected) throws Exception {
        FileUtils.deleteDirectory(folder.toFile());
        Path conf = reference.writeConfig(folder.resolve("dag.yaml"));
        String jar = SparkDistribution.applicationJar().toString();
        String date = SubmitReferenceLake.AS_OF.toString();

        List<JsonNode> tasks = renderedCommands(date, jar, conf);
        List<String> jobs = new ArrayList<>();
        new ObjectMapper().readTree(CliProcess.home().resolve("dags/engagement_jobs.json").toFile()).path("jobs")
                .forEach(job -> jobs.add(job.path("name").asText()));
        assertThat(tasks.stream().map(task -> task.path("task_id").asText())).containsExactlyInAnyOrderElementsOf(jobs);

        int ran = 0;
        for (JsonNode task : tasks) {
            String taskId = task.path("task_id").asText();
            if (!selected.test(taskId)) {
                continue;
            }
            List<String> command = new ArrayList<>();
            task.path("command").forEach(argument -> command.add(argument.asText()));
            assertThat(command.get(0)).isEqualTo("spark-submit");
            assertThat(command).containsSubsequence("--master", "local[2]")
                    .containsSubsequence("--class", SparkDistribution.MAIN_CLASS, jar, "run", taskId, "--as-of", date);
            // spark-submit as found on the PATH of an Airflow worker: here the project's own.
            command.set(0, CliProcess.home().resolve("bin/spark-submit").toString());
            long started = System.nanoTime();
            CliProcess.Result result = SparkDistribution.run(folder, command);
            assertThat(result.exitStatus()).as("task %s: %s\n%s", taskId, String.join(" ", command),
                    SparkDistribution.tail(result.stderr(), 40)).isZero();
            System.out.printf("DagCommandsIT: %s took %d s%n", taskId, (System.nanoTime() - started) / 1_000_000_000L);
            ran++;
        }
        assertThat(ran).as("tasks run").isPositive();
        return conf;
    }

    @Test
    void theApplicationJarCarriesWhatSparkLacksAndNotSpark() throws Exception {
        assertThat(SparkDistribution.applicationLibraries()).anyMatch(jar -> jar.startsWith("delta-spark_2.13-"))
                .anyMatch(jar -> jar.startsWith("picocli-")).anyMatch(jar -> jar.startsWith("commons-csv-"))
                .anyMatch(jar -> jar.startsWith("echarts-")).noneMatch(jar -> jar.startsWith("spark-"))
                .noneMatch(jar -> jar.startsWith("hadoop-")).noneMatch(jar -> jar.startsWith("scala-library-"))
                .noneMatch(jar -> jar.startsWith("parquet-"));
    }

    /** What the script prints for the date, the connection local[2] and the Variables pointing at this lake. */
    private static List<JsonNode> renderedCommands(String date, String jar, Path conf) throws Exception {
        List<String> command = List.of("python3", "-B", CliProcess.home().resolve("dags/tests/spark_submit_commands.py").toString(),
                "--ds", date, "--master", "local[2]", "--format", "json",
                "--var", "engagement_application_jar=" + jar,
                "--var", "engagement_conf_file=" + conf,
                "--var", "engagement_driver_memory=2g",
                "--var", "engagement_executor_memory=1g");
        Path out = Files.createTempFile("dag-commands", ".json");
        Path err = Files.createTempFile("dag-commands", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        CliProcess.Result result = new CliProcess.Running("spark_submit_commands.py", process, out, err).finish();
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        List<JsonNode> tasks = new ArrayList<>();
        new ObjectMapper().readTree(result.stdout()).forEach(tasks::add);
        return tasks;
    }
}
