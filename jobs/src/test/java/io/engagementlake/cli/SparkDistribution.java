package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * A stand-in for a Spark distribution, made of the project's dependency jars, for the tests
 * that run spark-submit and a standalone cluster: {@code jobs/target/spark-home/jars} links
 * every jar of {@code jobs/target/lib} except those whose content the application jar
 * ({@code engagement-lake-jobs-spark.jar}) carries, so Delta, picocli and the rest reach the
 * driver and the executors only through that jar, as on a real cluster. Spark's launcher and
 * the standalone worker need {@code SPARK_HOME} with a {@code jars/} folder and
 * {@code SPARK_SCALA_VERSION}; nothing else of a distribution is used.
 */
final class SparkDistribution {
    static final String MAIN_CLASS = "io.engagementlake.cli.EngagementCli";
    private static Path home;
    private static List<String> applicationLibraries;

    private SparkDistribution() {}

    static Path target() {
        return CliProcess.home().resolve("jobs/target");
    }

    /** The shaded application jar that the build attaches with classifier {@code spark}. */
    static Path applicationJar() {
        Path jar = target().resolve("engagement-lake-jobs-spark.jar");
        assertThat(jar).as("the spark-submit application jar; build it with ./mvnw -B package -DskipTests").isRegularFile();
        return jar;
    }

    /** SPARK_HOME: made once per test JVM, from the jars the build copied to target/lib. */
    static synchronized Path home() throws IOException {
        if (home == null) {
            Path folder = target().resolve("spark-home");
            Path jars = folder.resolve("jars");
            FileUtils.deleteDirectory(folder.toFile());
            Files.createDirectories(jars);
            Set<String> carried = entries(applicationJar());
            List<String> left = new ArrayList<>();
            try (Stream<Path> libraries = Files.list(target().resolve("lib"))) {
                for (Path library : libraries.filter(path -> path.toString().endsWith(".jar")).sorted().toList()) {
                    Set<String> content = entries(library);
                    if (!content.isEmpty() && carried.containsAll(content)) {
                        left.add(library.getFileName().toString());
                    }
                    else {
                        Files.createSymbolicLink(jars.resolve(library.getFileName()), library);
                    }
                }
            }
            applicationLibraries = List.copyOf(left);
            home = folder;
        }
        return home;
    }

    /** The jars of target/lib that the application jar carries, so SPARK_HOME lacks them. */
    static synchronized List<String> applicationLibraries() throws IOException {
        home();
        return applicationLibraries;
    }

    /** The environment of Spark's processes: its home, its Scala version, the loopback interface. */
    static Map<String, String> environment() throws IOException {
        return Map.of("SPARK_HOME", home().toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1");
    }

    /** Runs {@code bin/spark-submit} with {@code arguments} in {@code directory} and waits for it. */
    static CliProcess.Result submit(Path directory, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(CliProcess.home().resolve("bin/spark-submit").toString());
        command.addAll(arguments);
        return run(directory, command);
    }

    /**
     * Runs a command with Spark's environment, its output in files, and waits for it: 45
     * minutes at most, because a whole pipeline run in one spark-submit on a busy 2-core
     * machine took more than the 15 minutes that {@link CliProcess} allows a command.
     */
    static CliProcess.Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("spark-submit-out", ".txt");
        Path stderr = Files.createTempFile("spark-submit-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment());
        Process process = builder.start();
        try {
            if (!process.waitFor(45, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 45 minutes\n"
                        + tail(Files.readString(stderr, StandardCharsets.UTF_8), 40));
            }
            return new CliProcess.Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        }
        finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    /** The last {@code count} lines of {@code text}: enough of a JVM's log to see why it failed. */
    static String tail(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** A jar's files, but for those the shaded jar drops: module descriptors and signatures. */
    private static Set<String> entries(Path jar) throws IOException {
        Set<String> names = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements();) {
                JarEntry entry = all.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && !name.endsWith("module-info.class")
                        && !name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
