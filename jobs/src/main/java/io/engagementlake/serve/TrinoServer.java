package io.engagementlake.serve;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;

/**
 * A Trino server over the lake's gold tables, for BI tools that speak JDBC/ODBC to Trino:
 * one coordinator process, bound to a loopback address, with a Delta Lake catalog
 * {@code delta} whose file metastore lists the gold tables (see {@link TrinoCatalog}).
 *
 * <p>Its files live in {@code <lake root>/_trino/}: {@code etc/} (written at every start from
 * the config), {@code metastore/} (emptied and rebuilt at every start, so a restart sees the
 * lake as it is), {@code data/}, {@code server.log} (the server's output) and
 * {@code trino.pid}. A lock on {@code bi.lock} keeps a second {@code bi} off the same lake.
 *
 * <p>BI users get read-only access (a system access control rules file): an edit in a
 * client's result grid must not rewrite a gold table. Only the user {@link #REGISTRATION_USER},
 * which this class uses to register the tables, may call {@code register_table}. Without
 * authentication a user name is a claim, not an identity; the server is therefore bound to
 * loopback, and docs/bi-trino.md describes shared deployments with authentication.
 */
public final class TrinoServer implements AutoCloseable {
    /** The Trino user that registers the tables; BI users are read-only. */
    static final String REGISTRATION_USER = "engagement-lake-bi";
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final Process process;
    private final Path runFolder;
    private final FileChannel lockChannel;
    private final String jdbcUrl;
    private final List<String> tables;

    private TrinoServer(Process process, Path runFolder, FileChannel lockChannel, String jdbcUrl, List<String> tables) {
        this.process = process;
        this.runFolder = runFolder;
        this.lockChannel = lockChannel;
        this.jdbcUrl = jdbcUrl;
        this.tables = tables;
    }

    /**
     * Starts Trino for the lake at {@code lakeRoot} and registers the gold tables of
     * {@code tables} that exist; returns once a query over the catalog answers.
     */
    public static TrinoServer start(EngagementConfig.Bi bi, String lakeRoot, List<LakeTable> tables,
                                    TrinoInstallation installation, TrinoJdk jdk, PrintStream progress) {
        InetAddress address = loopback(bi.host());
        Path root = requireServable(bi, lakeRoot);
        Path runFolder = root.resolve("_trino");
        FileChannel lockChannel = lock(runFolder);
        Process process = null;
        try {
            stopLeftOver(runFolder, progress);
            requireFreePort(address, bi.port());
            writeConfiguration(runFolder, bi, address, installation);
            FileUtils.deleteDirectory(runFolder.resolve("metastore").toFile());
            Files.createDirectories(runFolder.resolve("metastore"));

            progress.println("engagement: starting Trino " + installation.version() + " on Java " + jdk.version()
                    + " (" + jdk.home() + "), log: " + runFolder.resolve("server.log"));
            Map<String, String> environment = Map.of("JAVA_HOME", jdk.home().toString());
            ProcessBuilder builder = new ProcessBuilder(installation.launcher().toString(), "run",
                    "-etc-dir", runFolder.resolve("etc").toString(),
                    "-data-dir", runFolder.resolve("data").toString())
                    .directory(runFolder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(runFolder.resolve("server.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            builder.environment().put("PATH", jdk.home().resolve("bin") + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
            process = builder.start();
            Files.writeString(runFolder.resolve("trino.pid"), Long.toString(process.pid()) + "\n");

            String host = bi.host().contains(":") ? "[" + bi.host() + "]" : bi.host();
            String url = "jdbc:trino://" + host + ":" + bi.port();
            List<String> registered;
            try (Connection connection = awaitReady(process, url, runFolder)) {
                registered = TrinoCatalog.register(connection, root, TrinoCatalog.served(tables));
            }
            return new TrinoServer(process, runFolder, lockChannel, url + "/" + TrinoCatalog.CATALOG + "/" + TrinoCatalog.SCHEMA, registered);
        }
        catch (IOException | SQLException | RuntimeException e) {
            stop(process);
            release(lockChannel);
            if (e instanceof EngagementException engagement) {
                throw engagement;
            }
            throw new EngagementException(ErrorCode.JOB_FAILED, "Trino did not start: " + e.getMessage()
                    + " (see " + runFolder.resolve("server.log") + ")", e);
        }
    }

    /**
     * Checks what a user can get wrong before anything is installed or started: a loopback
     * {@code bi.host} and an existing local lake root, which it returns.
     */
    public static Path requireServable(EngagementConfig.Bi bi, String lakeRoot) {
        loopback(bi.host());
        Path root = localRoot(lakeRoot);
        if (!Files.isDirectory(root)) {
            throw new EngagementException(ErrorCode.MISSING_INPUT, "lake.root " + root + " does not exist; build the lake first (bin/engagement run)");
        }
        return root;
    }

    /** {@code jdbc:trino://host:port/delta/engagement}: what BI tools connect to. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The tables registered, by name in schema {@code engagement}. */
    public List<String> tables() {
        return tables;
    }

    public long pid() {
        return process.pid();
    }

    public Path runFolder() {
        return runFolder;
    }

    /** Waits until the server process ends (it does not end by itself); returns its exit status. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and releases the lake. */
    @Override
    public void close() {
        stop(process);
        try {
            Files.deleteIfExists(runFolder.resolve("trino.pid"));
        }
        catch (IOException e) {
            // Left behind, it only names a process that is gone; the next start checks that.
        }
        release(lockChannel);
    }

    private static InetAddress loopback(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        }
        catch (UnknownHostException e) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, "bi.host '" + host + "' does not resolve");
        }
        if (!address.isLoopbackAddress()) {
            throw new EngagementException(ErrorCode.UNSAFE_BIND, "bi.host '" + host + "' is not a loopback address: the Trino of"
                    + " bin/engagement bi has no authentication, so it only listens on this machine (127.0.0.1, ::1, localhost);"
                    + " to share the gold tables, deploy Trino with authentication as docs/bi-trino.md describes");
        }
        return address;
    }

    /** The lake root as a local folder; bi serves local lakes only. */
    private static Path localRoot(String lakeRoot) {
        if (lakeRoot.startsWith("file:")) {
            return Path.of(URI.create(lakeRoot)).toAbsolutePath().normalize();
        }
        if (URI_SCHEME.matcher(lakeRoot).matches()) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, "lake.root is " + lakeRoot + ": bin/engagement bi serves a lake on the local"
                    + " file system; for an object store, point a Trino deployment's Delta Lake catalog at it (docs/bi-trino.md)");
        }
        return Path.of(lakeRoot).toAbsolutePath().normalize();
    }

    private static FileChannel lock(Path runFolder) {
        try {
            Files.createDirectories(runFolder);
            FileChannel channel = FileChannel.open(runFolder.resolve("bi.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new EngagementException(ErrorCode.BAD_CONFIG, "another bin/engagement bi is serving this lake (" + runFolder
                        + "/bi.lock is held); stop it first");
            }
            return channel;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + runFolder.resolve("bi.lock"), e);
        }
    }

    private static void release(FileChannel channel) {
        try {
            channel.close();
        }
        catch (IOException e) {
            // Closing the channel releases the lock; nothing else to do.
        }
    }

    /**
     * Stops a Trino that an earlier {@code bi} of this lake left running (its JVM was killed
     * before it could stop it): the process of {@code trino.pid}, if it runs with our etc folder.
     */
    private static void stopLeftOver(Path runFolder, PrintStream progress) throws IOException {
        Path pidFile = runFolder.resolve("trino.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String etc = runFolder.resolve("etc").toString();
        Optional<ProcessHandle> leftOver;
        try {
            leftOver = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        }
        catch (NumberFormatException e) {
            leftOver = Optional.empty();
        }
        if (leftOver.isPresent() && leftOver.get().isAlive()
                && leftOver.get().info().commandLine().map(line -> line.contains(etc)).orElse(false)) {
            progress.println("engagement: stopping the Trino (pid " + leftOver.get().pid() + ") an earlier bin/engagement bi left running");
            stop(leftOver.get());
        }
        Files.delete(pidFile);
    }

    private static void requireFreePort(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, "port " + port + " on " + address.getHostAddress()
                    + " is in use; set another with bi.port in the config or --set bi.port=N");
        }
    }

    private static void writeConfiguration(Path runFolder, EngagementConfig.Bi bi, InetAddress address, TrinoInstallation installation)
            throws IOException {
        Path etc = runFolder.resolve("etc");
        Files.createDirectories(etc.resolve("catalog"));
        Path data = runFolder.resolve("data");
        Files.createDirectories(data);
        String ip = address.getHostAddress();
        write(etc.resolve("node.properties"),
                "node.environment=engagement_lake",
                "node.id=engagement-lake-bi",
                "node.data-dir=" + data,
                // Bind the HTTP server to loopback, and announce that address to itself.
                "node.bind-ip=" + ip,
                "node.internal-address=" + ip);
        write(etc.resolve("jvm.config"),
                "-server",
                "-Xmx" + bi.heap(),
                "-XX:+UseG1GC",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-OmitStackTraceInFastThrow",
                "-XX:ReservedCodeCacheSize=256M",
                "-XX:PerMethodRecompilationCutoff=10000",
                "-XX:PerBytecodeRecompilationCutoff=10000",
                "-Djdk.attach.allowAttachSelf=true",
                "-Djdk.nio.maxCachedBufferSize=2000000",
                "-XX:+EnableDynamicAgentLoading",
                "-Dfile.encoding=UTF-8",
                "-Duser.timezone=UTC");
        write(etc.resolve("config.properties"),
                "coordinator=true",
                "node-scheduler.include-coordinator=true",
                "http-server.http.port=" + bi.port(),
                "discovery.uri=http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + bi.port(),
                "plugin.dir=" + installation.pluginFolder(),
                "catalog.config-dir=" + etc.resolve("catalog"),
                "access-control.config-files=" + etc.resolve("access-control.properties"));
        write(etc.resolve("log.properties"), "io.trino=INFO");
        write(etc.resolve("access-control.properties"),
                "access-control.name=file",
                "security.config-file=" + etc.resolve("rules.json"));
        write(etc.resolve("rules.json"), """
                {
                  "catalogs": [
                    {"user": "%1$s", "catalog": "%2$s", "allow": "all"},
                    {"catalog": "%2$s", "allow": "read-only"}
                  ],
                  "procedures": [
                    {"user": "%1$s", "catalog": "%2$s", "schema": "system", "procedure": "register_table", "privileges": ["EXECUTE"]}
                  ],
                  "system_information": [
                    {"allow": ["read"]}
                  ]
                }""".formatted(REGISTRATION_USER, TrinoCatalog.CATALOG));
        write(etc.resolve("catalog").resolve(TrinoCatalog.CATALOG + ".properties"),
                "connector.name=delta_lake",
                // Trino's file metastore: a folder of the run folder, fine for one local server.
                "hive.metastore=file",
                "hive.metastore.catalog.dir=local://" + runFolder.resolve("metastore"),
                "fs.native-local.enabled=true",
                "local.location=/",
                "delta.register-table-procedure.enabled=true");
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Polls with a query over the Delta catalog (the HTTP port answers before the catalog is
     * loaded) until it answers, the process ends or {@link #STARTUP_TIMEOUT} passes.
     */
    private static Connection awaitReady(Process process, String url, Path runFolder) throws IOException, SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", REGISTRATION_USER);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new EngagementException(ErrorCode.JOB_FAILED, "Trino stopped while starting (exit " + process.exitValue() + "): "
                        + lastLines(runFolder.resolve("server.log"), 3) + " (see " + runFolder.resolve("server.log") + ")");
            }
            try {
                Connection connection = DriverManager.getConnection(url, properties);
                try (Statement statement = connection.createStatement()) {
                    statement.executeQuery("SHOW SCHEMAS FROM " + TrinoCatalog.CATALOG).close();
                    return connection;
                }
                catch (SQLException e) {
                    connection.close();
                    throw e;
                }
            }
            catch (SQLException e) {
                last = e;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new EngagementException(ErrorCode.JOB_FAILED, "Trino did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s ("
                + (last == null ? "no attempt" : last.getMessage()) + "); see " + runFolder.resolve("server.log"));
    }

    private static String lastLines(Path file, int count) throws IOException {
        if (!Files.exists(file)) {
            return "no output";
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.removeIf(String::isBlank);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private static void stop(Process process) {
        if (process != null) {
            stop(process.toHandle());
        }
    }

    /** SIGTERM to the process and what it started, SIGKILL after {@link #STOP_TIMEOUT}. */
    private static void stop(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngagementException(ErrorCode.JOB_FAILED, "interrupted while waiting for Trino to start");
        }
    }
}
