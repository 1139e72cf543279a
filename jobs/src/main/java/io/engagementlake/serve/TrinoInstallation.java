package io.engagementlake.serve;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.trino.jdbc.TrinoDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * The Trino server that {@code bin/engagement bi} runs: {@code io.trino:trino-server} of the
 * same version as the Trino JDBC driver on our classpath (one {@code trino.version} in
 * pom.xml), fetched on first use by the checkout's Maven wrapper (so Maven's mirrors, proxy
 * and local repository apply) and reduced to what serving Delta tables needs: {@code bin/},
 * {@code lib/} and {@code plugin/delta-lake/}, about 330 MB of the 820 MB tarball.
 *
 * <p>It lives in {@code $ENGAGEMENT_TRINO_HOME} if set (an existing Trino installation with
 * the Delta Lake plugin may be given there), else in
 * {@code ${XDG_CACHE_HOME:-~/.cache}/engagement-lake/trino-server-<version>}.
 */
public record TrinoInstallation(Path home, String version) {
    public static final String ENVIRONMENT_VARIABLE = "ENGAGEMENT_TRINO_HOME";
    private static final long MAVEN_TIMEOUT_MINUTES = 60;

    /** The Trino version: the JDBC driver's, so client and server always match. */
    public static String trinoVersion() {
        String version = TrinoDriver.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        // Without the jar's manifest (a repackaged classpath): the driver's own version file.
        try (InputStream in = TrinoDriver.class.getResourceAsStream("driver.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return Optional.ofNullable(properties.getProperty("driverVersion"))
                    .orElseThrow(() -> new IllegalStateException("the Trino JDBC driver on the classpath does not say its version"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server is (or will be) installed. */
    public static Path defaultHome(String version) {
        String override = System.getenv(ENVIRONMENT_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path cacheRoot = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return cacheRoot.resolve("engagement-lake").resolve("trino-server-" + version).toAbsolutePath().normalize();
    }

    /**
     * The installation, installed first if missing. {@code engagementHome} is the checkout
     * whose Maven wrapper fetches the tarball; {@code progress} gets a line per step.
     */
    public static TrinoInstallation ensure(Path engagementHome, PrintStream progress) {
        String version = trinoVersion();
        Path home = defaultHome(version);
        TrinoInstallation installation = new TrinoInstallation(home, version);
        if (Files.exists(home)) {
            installation.requireComplete();
            return installation;
        }
        try {
            Files.createDirectories(home.getParent());
            Path lockFile = home.resolveSibling("." + home.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    progress.println("engagement: another process is installing Trino into " + home + "; waiting for it");
                    lock = channel.lock();
                }
                try {
                    if (!Files.exists(home)) {
                        installation.install(engagementHome, progress);
                    }
                }
                finally {
                    lock.release();
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("installing Trino " + version + " into " + home + " failed", e);
        }
        installation.requireComplete();
        return installation;
    }

    public Path launcher() {
        return home.resolve("bin/launcher");
    }

    public Path pluginFolder() {
        return home.resolve("plugin");
    }

    /** Whether {@code name} (relative to the tarball's top folder) is part of our installation. */
    static boolean kept(String name) {
        if (name.startsWith("plugin/delta-lake/hdfs/")) {
            // HDFS support of the plugin (70 MB), used only with fs.hadoop.enabled; bi serves local lakes.
            return false;
        }
        return name.equals("NOTICE") || name.equals("README.txt")
                || name.startsWith("bin/") || name.startsWith("lib/") || name.startsWith("plugin/delta-lake/");
    }

    private void requireComplete() {
        if (!Files.isExecutable(launcher()) || !Files.isDirectory(pluginFolder().resolve("delta-lake"))) {
            throw new EngagementException(ErrorCode.MISSING_INPUT, home + " is not a Trino server installation with the Delta Lake plugin"
                    + " (no bin/launcher or plugin/delta-lake); delete it to have bin/engagement bi install Trino " + version
                    + " there, or point $" + ENVIRONMENT_VARIABLE + " at another folder");
        }
    }

    private void install(Path engagementHome, PrintStream progress) throws IOException {
        Path wrapper = engagementHome.resolve("mvnw");
        if (!Files.isExecutable(wrapper)) {
            throw new EngagementException(ErrorCode.MISSING_INPUT, "Trino " + version + " is not installed in " + home
                    + " and there is no Maven wrapper at " + wrapper + " to fetch it; install it there (bin/, lib/, plugin/delta-lake/"
                    + " of io.trino:trino-server:" + version + ":tar.gz) or set $" + ENVIRONMENT_VARIABLE);
        }
        Path staging = Files.createTempDirectory(home.getParent(), "." + home.getFileName() + ".partial-");
        try {
            String artifact = "io.trino:trino-server:" + version + ":tar.gz";
            List<String> command = List.of(wrapper.toString(), "-B", "-q", "-N", "-f", engagementHome.resolve("pom.xml").toString(),
                    "dependency:copy", "-Dartifact=" + artifact, "-DoutputDirectory=" + staging);
            progress.println("engagement: installing Trino " + version + " into " + home + " (first use only)");
            progress.println("engagement: fetching " + artifact + " (about 820 MB) with: " + String.join(" ", command));
            Path mavenLog = staging.resolve("maven.log");
            Process maven = new ProcessBuilder(command)
                    .directory(engagementHome.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(mavenLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            int status = waitFor(maven);
            Path tarball = staging.resolve("trino-server-" + version + ".tar.gz");
            if (status != 0 || !Files.isRegularFile(tarball)) {
                List<String> lines = Files.readAllLines(mavenLog);
                String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                throw new EngagementException(ErrorCode.MISSING_INPUT, "fetching " + artifact + " with Maven failed (exit " + status + "): " + tail);
            }
            progress.println("engagement: extracting bin/, lib/ and plugin/delta-lake/ of " + tarball.getFileName());
            Path extracted = staging.resolve("trino-server-" + version);
            int files = TrinoArchive.extract(tarball, extracted, TrinoInstallation::kept);
            Files.delete(tarball);
            Files.move(extracted, home, StandardCopyOption.ATOMIC_MOVE);
            progress.println("engagement: installed Trino " + version + " (" + files + " files) in " + home);
        }
        finally {
            FileUtils.deleteDirectory(staging.toFile());
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("Maven did not finish in " + MAVEN_TIMEOUT_MINUTES + " minutes");
            }
            return process.exitValue();
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Maven fetched Trino", e);
        }
    }
}
