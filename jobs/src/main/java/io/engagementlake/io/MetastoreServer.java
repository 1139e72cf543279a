package io.engagementlake.io;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.derby.drda.NetworkServerControl;

/**
 * The Derby network server that holds the embedded default's metastore. Embedded Derby lets
 * one JVM at a time open a database; a network server lets a run, a {@code sql} call and
 * {@code serve} use the same metastore at once. The first command that needs it starts it as
 * a process of its own (in a new session, so it outlives the command and ignores the
 * terminal's Ctrl-C); {@code bin/engagement metastore stop} ends it. It listens on 127.0.0.1
 * only and serves every lake of this machine, each lake's database living under the lake.
 */
public final class MetastoreServer {
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final int port;

    public MetastoreServer(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the metastore database of the lake whose tables live under {@code lakeRoot}. */
    public String databaseUrl(Path lakeRoot) {
        return "jdbc:derby://" + HOST + ":" + port + "/" + database(lakeRoot) + ";create=true";
    }

    /**
     * Makes sure the server does not hold a lake's metastore whose folder was deleted (a lake
     * removed and rebuilt at the same path, as the demo and tests do): the server keeps a
     * database open, and would go on serving the old names from files no longer on disk.
     * Call with the server running, before the first connection.
     */
    public void forgetDeletedDatabase(Path lakeRoot) {
        Path database = database(lakeRoot);
        // Keyed on the _metastore folder, which this creates at once: a second command starting
        // on the same new lake a moment later finds it and leaves the database being created alone.
        if (Files.isDirectory(database.getParent())) {
            return;
        }
        try (java.sql.Connection ignored = java.sql.DriverManager.getConnection(
                "jdbc:derby://" + HOST + ":" + port + "/" + database + ";shutdown=true")) {
            // Unreachable: a shutdown always answers with an SQLException.
        }
        catch (java.sql.SQLException expected) {
            // 08006: it was open and is now closed; XJ004: it was not open. Either is fine.
        }
        try {
            // Closing writes a last checkpoint, re-creating the folder without the database in
            // it; Derby would then refuse to create a database there.
            org.apache.commons.io.FileUtils.deleteDirectory(database.toFile());
            Files.createDirectories(database.getParent());
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE, "cannot prepare the metastore folder "
                    + database.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static Path database(Path lakeRoot) {
        return lakeRoot.toAbsolutePath().normalize().resolve("_metastore/metastore_db");
    }

    public boolean isRunning() {
        try {
            control().ping();
            return true;
        }
        catch (Exception e) {
            return false;
        }
    }

    /** Starts the server unless one answers on the port already; returns once it answers. */
    public void ensureRunning() {
        if (isRunning()) {
            return;
        }
        Path home = home();
        Process process;
        try {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>();
            // setsid: the server is not in the command's process group, so Ctrl-C on a run
            // does not take the metastore of other processes down with it.
            if (new File("/usr/bin/setsid").canExecute()) {
                command.add("/usr/bin/setsid");
            }
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-Xmx256m", "-cp", serverClassPath(home),
                    "-Dderby.system.home=" + home, "-Dderby.drda.host=" + HOST,
                    NetworkServerControl.class.getName(), "start", "-h", HOST, "-p", Integer.toString(port),
                    "-noSecurityManager"));
            process = new ProcessBuilder(command)
                    .redirectOutput(home.resolve("server.log").toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE,
                    "cannot start the metastore server (catalog.port " + port + "): " + e.getMessage(), e);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (isRunning()) {
                return;
            }
            // Another process may have won the race for the port: then ours exits and theirs answers.
            sleep(200);
        }
        process.destroy();
        throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE, "the metastore server did not answer on "
                + HOST + ":" + port + " within " + START_TIMEOUT_MILLIS / 1000 + " s (catalog.port); see " + home.resolve("server.log"));
    }

    /** Stops the server; returns false when none was running. */
    public boolean stop() {
        if (!isRunning()) {
            return false;
        }
        try {
            control().shutdown();
            return true;
        }
        catch (Exception e) {
            throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE, "cannot stop the metastore server on "
                    + HOST + ":" + port + ": " + message(e), e);
        }
    }

    private NetworkServerControl control() throws Exception {
        return new NetworkServerControl(InetAddress.getByName(HOST), port);
    }

    /**
     * Derby's jars, copied beside the server's log: the server outlives the command, and a
     * rebuild must not pull its jars away. The whole class path when Derby is not found as
     * jars of its own (a shaded application jar).
     */
    private static String serverClassPath(Path home) throws IOException {
        List<String> copies = new ArrayList<>();
        Path lib = Files.createDirectories(home.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
            if (name.startsWith("derby") && name.endsWith(".jar") && Files.isRegularFile(jar)) {
                // Copy then rename: a server that raced us to start keeps reading its own file.
                Path copy = lib.resolve(name);
                Path partial = Files.createTempFile(lib, name, ".part");
                Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                copies.add(copy.toString());
            }
        }
        return copies.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, copies);
    }

    /** Where the server keeps its log: one folder per port, beside the JVM's temporary files. */
    private Path home() {
        return Path.of(System.getProperty("java.io.tmpdir"), "engagement-lake-metastore-" + port);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE, "interrupted while waiting for the metastore server", e);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
