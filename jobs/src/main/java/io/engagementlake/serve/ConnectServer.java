package io.engagementlake.serve;

import static java.util.Objects.requireNonNull;

import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.internal.StaticSQLConf;
import org.apache.spark.util.SignalUtils;
import scala.Option;

/**
 * Spark 4's Connect service ({@code bin/engagement serve}) on a session of the lake: remote
 * Spark SQL and DataFrames for notebooks and Spark clients over gRPC, on the same tables as
 * {@code bin/engagement sql}. Each client gets its own session of this Spark application
 * (its own temporary views and settings) that starts in the {@code engagement} database, so
 * gold tables resolve by bare name and the others as {@code silver.x} / {@code bronze.x}.
 *
 * <p>The service runs inside this JVM ({@link SparkConnectService#start}) rather than as
 * {@code spark.plugins}, so that the catalog is in place before the first client arrives and
 * a bad port fails the command instead of a plugin thread.
 */
public final class ConnectServer implements AutoCloseable {
    /** How long a stop waits for running calls to finish before cutting them off. */
    private static final long STOP_GRACE_SECONDS = 10;

    private final ConnectEndpoint endpoint;
    private final List<String> tables;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();
    private boolean running = true;

    private ConnectServer(ConnectEndpoint endpoint, List<String> tables) {
        this.endpoint = endpoint;
        this.tables = tables;
    }

    /**
     * Makes the lake's tables visible in {@code spark} and starts the Connect service on
     * {@code endpoint}; it accepts clients when this returns.
     *
     * @throws io.engagementlake.config.EngagementException {@code CANNOT_LISTEN} when the port is taken
     */
    public static ConnectServer start(SparkSession spark, Lake lake, List<LakeTable> tables, ConnectEndpoint endpoint) {
        requireNonNull(endpoint, "endpoint is null");
        List<String> registered = LakeCatalog.register(spark, lake, tables);
        // Client sessions are new sessions of this application, and a new session starts in the
        // default database of the shared settings. Spark checks that database when the catalog
        // opens, when a new lake has none yet; so the setting is added here, after register
        // created it, and not when the session was built.
        spark.sharedState().conf().set(StaticSQLConf.CATALOG_DEFAULT_DATABASE().key(), LakeTable.GOLD_DATABASE);
        // The service reads its address, port and token from the application's settings when it starts.
        SparkConf settings = SparkEnv.get().conf();
        endpoint.sparkSettings().forEach(settings::set);
        try {
            SparkConnectService.start(spark.sparkContext());
        }
        catch (RuntimeException e) {
            throw e;
        }
        catch (Exception e) {
            // Scala does not declare it: a taken port arrives as a java.net.BindException.
            if (e instanceof java.net.BindException) {
                throw endpoint.cannotListen(e);
            }
            throw new IllegalStateException("Spark Connect did not start: " + e.getMessage(), e);
        }
        ConnectServer server = new ConnectServer(endpoint, List.copyOf(registered));
        server.handleStopSignals();
        return server;
    }

    public ConnectEndpoint endpoint() {
        return endpoint;
    }

    /** The tables registered for clients, qualified ({@code engagement.customer_engagement}, ...). */
    public List<String> tables() {
        return tables;
    }

    /**
     * Blocks until the process gets SIGTERM or SIGINT (Ctrl-C). From {@link #start} on, those no
     * longer end the JVM at once: the caller stops the service and the session and exits 0. A
     * second signal while stopping ends the process the usual way.
     */
    public void awaitStopSignal() throws InterruptedException {
        stopRequested.await();
    }

    private void handleStopSignals() {
        for (String signal : List.of("TERM", "INT")) {
            // Spark's signal registry, which its own daemons use for graceful shutdown: the
            // JVM's handler runs only when every action returns false.
            SignalUtils.register(signal, () -> {
                stopRequested.countDown();
                return signals.incrementAndGet() == 1;
            });
        }
    }

    /** Stops the service: no new calls, running ones get {@value #STOP_GRACE_SECONDS} s to finish. */
    @Override
    public void close() {
        if (running) {
            running = false;
            SparkConnectService.stop(Option.<Object>apply(STOP_GRACE_SECONDS), Option.apply(TimeUnit.SECONDS));
        }
    }
}
