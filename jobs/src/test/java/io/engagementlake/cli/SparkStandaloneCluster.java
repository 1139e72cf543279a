package io.engagementlake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers started as processes of
 * Spark's own {@code org.apache.spark.deploy.master.Master} and {@code ...worker.Worker}
 * from the stand-in distribution ({@link SparkDistribution}), with the JVM options Spark
 * needs on Java 17. Each worker launches its executors from {@code SPARK_HOME/jars}, so the
 * application's own classes reach them only through the jar spark-submit ships. Logs and
 * the workers' folders (one folder per application and executor) stay in {@code folder}.
 */
final class SparkStandaloneCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path folder;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;
    private final int masterWebPort;

    private SparkStandaloneCluster(Path folder) throws IOException {
        this.folder = folder;
        this.masterPort = freePort();
        this.masterWebPort = freePort();
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory}
     * (e.g. "1g") each; returns once every worker has registered with the master.
     */
    static SparkStandaloneCluster start(Path folder, int workers, int cores, String memory) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(folder);
        try {
            // No REST submission server: it would take the fixed port 6066.
            cluster.launch("master", "org.apache.spark.deploy.master.Master", List.of("-Dspark.master.rest.enabled=false"),
                    "--host", HOST, "--port", Integer.toString(cluster.masterPort), "--webui-port", Integer.toString(cluster.masterWebPort));
            for (int i = 1; i <= workers; i++) {
                Path workDirectory = Files.createDirectories(folder.resolve("worker-" + i));
                cluster.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", List.of(),
                        "--host", HOST, "--cores", Integer.toString(cores), "--memory", memory,
                        "--work-dir", workDirectory.toString(), "--webui-port", Integer.toString(freePort()), cluster.masterUrl());
            }
            cluster.awaitWorkers(workers);
            return cluster;
        }
        catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The URL for spark-submit's {@code --master}. */
    String masterUrl() {
        return "spark://" + HOST + ":" + masterPort;
    }

    /** The folder of worker {@code number} (1-based): {@code app-<id>/<executor id>/stderr} per executor it ran. */
    Path workerFolder(int number) {
        return folder.resolve("worker-" + number);
    }

    /** The logs of every process, last lines first of each: for failure messages. */
    String logTails() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var logs = Files.list(folder)) {
            for (Path log : logs.filter(path -> path.toString().endsWith(".log")).sorted().toList()) {
                text.append("== ").append(log.getFileName()).append('\n')
                        .append(SparkDistribution.tail(Files.readString(log, StandardCharsets.UTF_8), 30)).append('\n');
            }
        }
        return text.toString();
    }

    private void launch(String name, String mainClass, List<String> jvmOptions, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(Files.readString(SparkDistribution.target().resolve("jvm.options")).trim().split("\\s+")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx512m", "-cp", SparkDistribution.home().resolve("jars") + "/*", mainClass));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(SparkDistribution.environment());
        processes.add(builder.start());
    }

    /** Waits until the master's JSON status lists {@code count} workers as ALIVE. */
    private void awaitWorkers(int count) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterWebPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a process of the standalone cluster exited with status "
                            + process.exitValue() + "\n" + logTails());
                }
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    alive = 0;
                    for (JsonNode worker : new ObjectMapper().readTree(response.body()).path("workers")) {
                        if (worker.path("state").asText().equals("ALIVE")) {
                            alive++;
                        }
                    }
                    if (alive >= count) {
                        return;
                    }
                }
            }
            catch (IOException notYet) {
                // The master's web UI is not up yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(alive + " of " + count + " workers registered within " + START_TIMEOUT + "\n" + logTails());
    }

    /** Stops the workers (which stop their executors), then the master; kills what outlives them. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
