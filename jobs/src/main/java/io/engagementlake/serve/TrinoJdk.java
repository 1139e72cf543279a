package io.engagementlake.serve;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The JDK the Trino server runs on. Trino needs a newer Java than the pipeline (Trino 476:
 * Java 24 or later, while Spark runs on 17), so it is a separate installation, found in this
 * order: {@code bi.java_home} of the config, {@code $TRINO_JAVA_HOME}, else the newest JDK
 * of at least {@link #MINIMUM_FEATURE_VERSION} under {@code /usr/lib/jvm}.
 */
public record TrinoJdk(Path home, Runtime.Version version) {
    /** The oldest Java feature release the installed Trino version starts on; check it when raising trino.version. */
    public static final int MINIMUM_FEATURE_VERSION = 24;
    static final Path SYSTEM_JDKS = Path.of("/usr/lib/jvm");
    static final String ENVIRONMENT_VARIABLE = "TRINO_JAVA_HOME";

    /** The JDK to use for {@code configuredHome} ({@code bi.java_home}, empty when unset). */
    public static TrinoJdk find(String configuredHome) {
        if (!configuredHome.isBlank()) {
            return require(Path.of(configuredHome), "bi.java_home");
        }
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return require(Path.of(fromEnvironment), "$" + ENVIRONMENT_VARIABLE);
        }
        return newestUnder(SYSTEM_JDKS).orElseThrow(() -> new EngagementException(ErrorCode.MISSING_INPUT,
                "Trino needs a JDK " + MINIMUM_FEATURE_VERSION + " or newer and none was found under " + SYSTEM_JDKS
                        + "; install one (e.g. Eclipse Temurin 25) and set bi.java_home in the config or $" + ENVIRONMENT_VARIABLE));
    }

    /** The newest suitable JDK directly under {@code folder}, if any. */
    static Optional<TrinoJdk> newestUnder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(folder)) {
            List<TrinoJdk> suitable = candidates.map(TrinoJdk::inspect)
                    .flatMap(Optional::stream)
                    .filter(TrinoJdk::suitable)
                    .toList();
            return suitable.stream().max(Comparator.comparing(TrinoJdk::version));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    private static TrinoJdk require(Path home, String source) {
        TrinoJdk jdk = inspect(home).orElseThrow(() -> new EngagementException(ErrorCode.BAD_CONFIG,
                source + " is " + home + ", which is not a JDK (no bin/java and release file)"));
        if (!jdk.suitable()) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, source + " is " + home + ", a Java " + jdk.version()
                    + "; Trino needs Java " + MINIMUM_FEATURE_VERSION + " or newer");
        }
        return jdk;
    }

    /** Reads the JDK's {@code release} file (JAVA_VERSION="25.0.1"); empty when {@code home} is no JDK. */
    static Optional<TrinoJdk> inspect(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
            String value = properties.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
            return Optional.of(new TrinoJdk(home.toAbsolutePath().normalize(), Runtime.Version.parse(value)));
        }
        catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean suitable() {
        return version.feature() >= MINIMUM_FEATURE_VERSION;
    }
}
