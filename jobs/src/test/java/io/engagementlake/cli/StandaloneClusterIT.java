package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a Spark standalone cluster: a master and two workers (one core, 1 GiB
 * each) on 127.0.0.1, started from Spark's own jars; spark-submit ships the shaded
 * application jar to the executors, which have no Delta or other application library of
 * their own. The config extends conf/cluster.example.yaml. The gold tables equal those of a
 * plain local run (conf/local.yaml) of the same landing zone. The whole pipeline is tagged
 * long (-Pfull, about 10 minutes); CI (-Pheavy) runs one branch of the job graph.
 */
class StandaloneClusterIT {
    /** One branch of the job graph: what CI runs (about 4 minutes); the whole pipeline runs with -Pfull. */
    private static final List<String> BRANCH = List.of("ingest_customers", "ingest_transactions", "silver_customers",
            "silver_transactions", "model_clv", "gold_cohort_retention");

    @Test
    @Tag("long")
    void thePipelineOnAStandaloneClusterGivesTheGoldTablesOfALocalRun() throws Exception {
        SubmitReferenceLake reference = SubmitReferenceLake.get();
        Path conf = runOnCluster(reference, "standalone-cluster-it", List.of());
        GoldTables.assertSame(GoldTables.read(conf), reference.goldTables());
    }

    @Test
    @Tag("heavy")
    void oneBranchOfThePipelineOnAStandaloneClusterGivesItsTablesOfALocalRun() throws Exception {
        SubmitReferenceLake reference = SubmitReferenceLake.get();
        Path conf = runOnCluster(reference, "standalone-cluster-branch-it", BRANCH);
        List<String> tables = List.of("cohort_retention", "model_fits");
        GoldTables.assertSame(GoldTables.read(conf, tables), reference.goldTables(), tables);
    }

    /**
     * Starts the cluster, submits {@code run [jobs] --as-of} the reference date into a lake in a
     * folder of its own, checks that both workers ran tasks, stops the cluster; returns the config.
     */
    private static Path runOnCluster(SubmitReferenceLake reference, String folderName, List<String> jobs) throws Exception {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), folderName);
        FileUtils.deleteDirectory(folder.toFile());
        // conf/cluster.example.yaml with this machine's lake and the in-memory catalog: its
        // driver binds where SPARK_LOCAL_IP says (127.0.0.1 here), not to local.yaml's loopback.
        Path conf = reference.writeConfig(folder.resolve("cluster.yaml"), CliProcess.home().resolve("conf/cluster.example.yaml"));

        try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(folder.resolve("cluster"), 2, 1, "1g")) {
            List<String> arguments = new ArrayList<>(List.of(
                    "--master", cluster.masterUrl(),
                    "--conf", "spark.driver.memory=2g",
                    "--conf", "spark.executor.memory=1g",
                    "--name", "engagement-lake-" + folderName,
                    "--class", SparkDistribution.MAIN_CLASS,
                    SparkDistribution.applicationJar().toString(),
                    "run"));
            arguments.addAll(jobs);
            arguments.addAll(List.of("--as-of", SubmitReferenceLake.AS_OF.toString(), "--conf", conf.toString()));
            CliProcess.Result run = SparkDistribution.submit(folder, arguments);
            assertThat(run.exitStatus()).as("%s\n%s", SparkDistribution.tail(run.stderr(), 60), cluster.logTails()).isZero();

            // Both workers ran an executor of the run, and the executors ran tasks.
            for (int worker = 1; worker <= 2; worker++) {
                List<Path> executorLogs = executorLogs(cluster.workerFolder(worker));
                assertThat(executorLogs).as("executor logs of worker %d", worker).isNotEmpty();
                String log = Files.readString(executorLogs.get(0), StandardCharsets.UTF_8);
                assertThat(log).as("worker %d's executor log", worker).contains("Running task");
            }
        }
        return conf;
    }

    private static List<Path> executorLogs(Path workerFolder) throws Exception {
        try (Stream<Path> files = Files.walk(workerFolder)) {
            return files.filter(path -> path.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }
}
