package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.MetastoreServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code metastore status|start|stop}: the Derby network server behind the embedded default's
 * persistent catalog. Commands start it on demand; this stops it (e.g. before removing a
 * lake, or at the end of a CI job).
 */
@Command(name = "metastore", mixinStandardHelpOptions = true,
        description = "Status, start or stop of the embedded default's metastore server (catalog.type derby_server).")
final class MetastoreCommand implements Callable<Integer> {
    enum Action { status, start, stop }

    @Parameters(paramLabel = "ACTION", description = "status, start or stop.")
    Action action;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        EngagementConfig.Catalog catalog = configOptions.load().catalog();
        if (!catalog.type().equals("derby_server")) {
            System.out.println("catalog.type is " + catalog.type() + ": no metastore server of ours to manage");
            return 0;
        }
        MetastoreServer server = new MetastoreServer(catalog.port());
        switch (action) {
            case status -> System.out.println("metastore server on 127.0.0.1:" + catalog.port() + (server.isRunning() ? " is running" : " is not running"));
            case start -> {
                server.ensureRunning();
                System.out.println("metastore server on 127.0.0.1:" + catalog.port() + " is running");
            }
            case stop -> System.out.println(server.stop()
                    ? "metastore server on 127.0.0.1:" + catalog.port() + " stopped"
                    : "metastore server on 127.0.0.1:" + catalog.port() + " was not running");
        }
        return 0;
    }
}
