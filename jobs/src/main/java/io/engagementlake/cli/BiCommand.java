package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.pipeline.JobGraph;
import io.engagementlake.serve.TrinoInstallation;
import io.engagementlake.serve.TrinoJdk;
import io.engagementlake.serve.TrinoServer;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bi}: a Trino server over the gold tables for BI tools (Tableau, Power BI, Superset,
 * Metabase, DBeaver connect to Trino by JDBC/ODBC), until Ctrl-C. No Spark session: Trino
 * reads the Delta tables itself. See docs/bi-trino.md.
 */
@Command(name = "bi", mixinStandardHelpOptions = true,
        description = {"Serve the gold tables to BI tools through Trino (JDBC) on a loopback address, until Ctrl-C.",
                "Installs Trino (io.trino:trino-server, via the Maven wrapper) on first use; runs it on a JDK 24+ (bi.java_home, $TRINO_JAVA_HOME or /usr/lib/jvm)."})
final class BiCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws InterruptedException {
        EngagementConfig config = configOptions.load();
        PrintStream progress = System.err;
        TrinoServer.requireServable(config.bi(), config.lake().root());
        TrinoJdk jdk = TrinoJdk.find(config.bi().javaHome());
        TrinoInstallation installation = TrinoInstallation.ensure(Installation.home(), progress);
        TrinoServer server = TrinoServer.start(config.bi(), config.lake().root(), JobGraph.standard().queryableTables(), installation, jdk, progress);
        // Ctrl-C (or a scheduler's SIGTERM) ends this JVM; Trino must not outlive it.
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            server.close();
        }, "stop-trino");
        Runtime.getRuntime().addShutdownHook(stopper);
        PrintStream out = System.out;
        out.println("Trino " + installation.version() + " serves " + server.tables().size() + " tables of schema engagement: "
                + String.join(", ", server.tables()));
        out.println("JDBC URL: " + server.jdbcUrl() + "   (any user name, no password; read-only)");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        int status = server.awaitExit();
        // A terminal's Ctrl-C reaches Trino too, which may end before our hook has run.
        Thread.sleep(1000);
        if (stopping.get()) {
            return 0;
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
        server.close();
        throw new EngagementException(ErrorCode.JOB_FAILED, "Trino stopped by itself (exit " + status + "); see "
                + server.runFolder().resolve("server.log"));
    }
}
