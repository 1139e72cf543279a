package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * plain local run (conf/local.yaml) of the same landing zone.
 */
@Tag("cluster")
class StandaloneClusterIT {
    @Test
    void thePipelineOnAStandaloneClusterGivesTheGoldTablesOfALocalRun() throws Exception {
        SubmitReferenceLake reference = SubmitReferenceLake.get();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "standalone-cluster-it");
        FileUtils.deleteDirectory(folder.toFile());
        // conf/cluster.example.yaml with this machine's lake and the in-memory catalog: its
        // driver binds where SPARK_LOCAL_IP says (127.0.0.1 here), not to local.yaml's loopback.
        Path conf = reference.writeConfig(folder.resolve("cluster.yaml"), CliProcess.home().resolve("conf/cluster.example.yaml"));

        try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(folder.resolve("cluster"), 2, 1, "1g")) {
            CliProcess.Result run = SparkDistribution.submit(folder, List.of(
                    "--master", cluster.masterUrl(),
                    "--conf", "spark.driver.memory=2g",
                    "--conf", "spark.executor.memory=1g",
                    "--name", "engagement-lake-standalone-cluster-it",
                    "--class", SparkDistribution.MAIN_CLASS,
                    SparkDistribution.applicationJar().toString(),
                    "run", "--as-of", SubmitReferenceLake.AS_OF.toString(), "--conf", conf.toString()));
            assertThat(run.exitStatus()).as("%s\n%s", SparkDistribution.tail(run.stderr(), 60), cluster.logTails()).isZero();

            // Both workers ran an executor of the run, and the executors ran tasks.
            for (int worker = 1; worker <= 2; worker++) {
                List<Path> executorLogs = executorLogs(cluster.workerFolder(worker));
                assertThat(executorLogs).as("executor logs of worker %d", worker).isNotEmpty();
                String log = Files.readString(executorLogs.get(0), StandardCharsets.UTF_8);
                assertThat(log).as("worker %d's executor log", worker).contains("Running task");
            }
        }
        GoldTables.assertSame(GoldTables.read(conf), reference.goldTables());
    }

    private static List<Path> executorLogs(Path workerFolder) throws Exception {
        try (Stream<Path> files = Files.walk(workerFolder)) {
            return files.filter(path -> path.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }
}
