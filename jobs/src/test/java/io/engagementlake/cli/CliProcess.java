package io.engagementlake.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/engagement} as a user would: a separate process, with its exit status and output. */
final class CliProcess {
    record Result(int exitStatus, String stdout, String stderr) {
        /** stderr without the JVM's and Spark's own lines, i.e. what our code printed. */
        List<String> errorLines() {
            return stderr.lines().filter(line -> line.startsWith("engagement:")).toList();
        }
    }

    private CliProcess() {}

    static Path home() {
        return Path.of(System.getProperty("engagement.home")).toAbsolutePath().normalize();
    }

    /**
     * Writes a test config at {@code file}: the embedded default with the landing zone in
     * {@code raw} and the tables in {@code root} beside it, two cores and few shuffle partitions.
     */
    static Path writeConfig(Path file, String root, int shufflePartitions) throws IOException {
        Files.writeString(file, String.join("\n",
                "extends: " + home().resolve("conf/local.yaml"),
                "lake:",
                "  raw: raw",
                "  root: " + root,
                "spark:",
                "  master: local[2]",
                "  settings:",
                "    spark.sql.shuffle.partitions: \"" + shufflePartitions + "\"",
                ""));
        return file;
    }

    static Result run(String... arguments) throws IOException, InterruptedException {
        return runWithInput(null, arguments);
    }

    /** Like {@link #run}, with {@code input} on the process's stdin (null: nothing, as from /dev/null). */
    static Result runWithInput(String input, String... arguments) throws IOException, InterruptedException {
        Path stdin = Files.createTempFile("engagement-in", ".txt");
        Files.writeString(stdin, input == null ? "" : input, StandardCharsets.UTF_8);
        try {
            return start(stdin, arguments).finish();
        }
        finally {
            Files.delete(stdin);
        }
    }

    /**
     * Like {@link #run}, with {@code environment} added to the process's environment: what a
     * user exports before the command (credentials, for instance).
     */
    static Result runWithEnvironment(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        return start(Path.of("/dev/null"), environment, arguments).finish();
    }

    /** Starts {@code bin/engagement} without waiting for it: for a command that runs while others do. */
    static Running start(String... arguments) throws IOException {
        return start(Path.of("/dev/null"), arguments);
    }

    private static Running start(Path stdin, String... arguments) throws IOException {
        return start(stdin, Map.of(), arguments);
    }

    private static Running start(Path stdin, Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/engagement").toString());
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile("engagement-out", ".txt");
        Path stderr = Files.createTempFile("engagement-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new Running(arguments[0], process, stdout, stderr);
    }

    /** A started command; {@link #finish} waits for it (15 minutes at most) and collects its output. */
    record Running(String name, Process process, Path stdout, Path stderr) {
        boolean isAlive() {
            return process.isAlive();
        }

        Result finish() throws IOException, InterruptedException {
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("bin/engagement " + name + " did not finish in 15 minutes");
            }
            Result result = new Result(process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
            Files.delete(stdout);
            Files.delete(stderr);
            return result;
        }
    }
}
