package io.engagementlake.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/engagement").toString());
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile("engagement-out", ".txt");
        Path stderr = Files.createTempFile("engagement-err", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/engagement " + arguments[0] + " did not finish in 15 minutes");
        }
        Result result = new Result(process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }
}
