package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.serve.ConnectEndpoint;
import io.engagementlake.serve.ConnectServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code serve}: a Spark Connect endpoint over the lake's tables for notebooks and Spark
 * clients ({@code SparkSession.builder.remote("sc://...")}), until SIGTERM or Ctrl-C; then it
 * stops the service and Spark and exits 0. Listens on {@code serve.host:serve.port}, a loopback
 * address unless {@code serve.token_env} names a token (docs/serve-spark-connect.md).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the lake's tables over Spark Connect (sc://host:port) until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws InterruptedException {
        EngagementConfig config = configOptions.load();
        // Refuse an unsafe or taken address before Spark spends its start-up time.
        ConnectEndpoint endpoint = ConnectEndpoint.of(config.serve(), System.getenv());
        endpoint.checkCanListen();
        try (PipelineSession session = PipelineSession.open(config)) {
            try (ConnectServer server = ConnectServer.start(session.spark(), session.lake(), session.graph().queryableTables(), endpoint)) {
                System.out.println("Spark Connect ready at " + endpoint.url()
                        + (endpoint.token().isPresent() ? " (clients must present the token in $" + endpoint.tokenVariable() + ")" : "")
                        + ": " + server.tables().size() + " tables, gold ones by bare name; Ctrl-C or SIGTERM stops it");
                System.out.flush();
                server.awaitStopSignal();
            }
        }
        return 0;
    }
}
