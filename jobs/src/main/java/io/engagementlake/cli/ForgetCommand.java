package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.pipeline.LakeLock;
import io.engagementlake.privacy.CustomerErasure;
import io.engagementlake.privacy.CustomerIdHash;
import io.engagementlake.privacy.CustomerIdentity;
import io.engagementlake.privacy.ErasureAudit;
import io.engagementlake.privacy.ErasureSalt;
import io.engagementlake.privacy.LandingFilesHolding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code forget --customer-id ID}: the right to erasure (spec §5.2). Holding the lake lock, so
 * it never interleaves with a run, it removes the customer from every table of the job graph,
 * vacuums the removed files and drops the log versions that still describe them, deletes run
 * reports that mention the customer, lists the landing files that still hold it, and appends
 * one row to {@code engagement.customer_erasures} with a salted hash of the id (never the id).
 * An id the lake does not hold is not an error: the erasure runs all the same (older table
 * versions are purged too) and is recorded with {@code customer_found = false}.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Right to erasure: remove one customer from every table of the lake, physically, and record it under a salted hash.")
final class ForgetCommand implements Callable<Integer> {
    /** Delta refuses a VACUUM of less than the table's retention unless this check is off: off for this command only. */
    static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    /**
     * VACUUM lists a table's folder with this many tasks (Spark's default: 10,000): on a few
     * cores that was 25 s of task overhead per table, three quarters of an erasure's time. Unless
     * the config sets it, the erasure lists with as many tasks as the cluster has cores.
     */
    static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    @Option(names = "--customer-id", required = true, paramLabel = "ID", description = "The customer_id to erase.")
    String customerId;

    @Option(names = "--requested-by", paramLabel = "NAME",
            description = "Who asked for the erasure, for the audit (default: the operating-system user).")
    String requestedBy;

    @Option(names = "--wait", defaultValue = "0", paramLabel = "SECONDS",
            description = "If a run holds the lake's write lock, wait up to SECONDS for it (default: fail at once with LAKE_BUSY).")
    long waitSeconds;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        try {
            CustomerIdentity.requireValidId(customerId);
        }
        catch (IllegalArgumentException e) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, e.getMessage());
        }
        if (waitSeconds < 0) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "--wait must be 0 or more seconds, got " + waitSeconds);
        }
        String requester = Optional.ofNullable(requestedBy).filter(name -> !name.isBlank())
                .orElse(System.getProperty("user.name", "unknown"));
        EngagementConfig config = configOptions.load();
        try (PipelineSession session = PipelineSession.open(config)) {
            SparkSession spark = session.spark();
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            requireLake(config.lake().root(), hadoop);
            String erasureId = "forget-" + UUID.randomUUID();
            LakeLock lock = LakeLock.forLake(config.lake().root(), hadoop);
            Erased erased;
            try (LakeLock.Lease lease = lock.acquire(erasureId, Duration.ofSeconds(waitSeconds)).keepAlive()) {
                ErasureSalt salt = ErasureSalt.resolve(config.privacy().saltEnv(), config.lake().root(), hadoop);
                String previousCheck = spark.conf().get(RETENTION_CHECK, null);
                spark.conf().set(RETENTION_CHECK, "false");
                boolean listingConfigured = spark.conf().contains(LISTING_PARALLELISM);
                if (!listingConfigured) {
                    spark.conf().set(LISTING_PARALLELISM, Integer.toString(Math.max(1, spark.sparkContext().defaultParallelism())));
                }
                // Delta's VACUUM prints "Deleted N files..." on (Scala's) stdout; this command's stdout is its summary.
                PrintStream console = System.out;
                PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                System.setOut(discard);
                try {
                    erased = scala.Console$.MODULE$.withOut(discard, () -> erase(session, config, lease, salt, erasureId, requester));
                }
                finally {
                    System.setOut(console);
                    if (!listingConfigured) {
                        spark.conf().unset(LISTING_PARALLELISM);
                    }
                    if (previousCheck == null) {
                        spark.conf().unset(RETENTION_CHECK);
                    }
                    else {
                        spark.conf().set(RETENTION_CHECK, previousCheck);
                    }
                }
            }
            print(erased.entry(), erased.landingFiles(), System.out);
        }
        return 0;
    }

    /** What one erasure did, for the summary. */
    private record Erased(ErasureAudit.Entry entry, List<String> landingFiles) {}

    private Erased erase(PipelineSession session, EngagementConfig config, LakeLock.Lease lease, ErasureSalt salt, String erasureId,
            String requester) {
        CustomerErasure erasure = new CustomerErasure(session.lake());
        CustomerIdentity identity = erasure.identify(customerId);
        List<CustomerErasure.TableOutcome> tables = erasure.eraseFromTables(identity, session.graph().queryableTables(), lease);
        List<String> fileOutputs = session.graph().jobs().stream().flatMap(job -> job.fileOutputs().stream()).distinct().toList();
        List<String> removedFiles = erasure.eraseFromFiles(identity, fileOutputs);
        List<String> landingFiles = LandingFilesHolding.find(session.spark(), config.lake().raw(), identity);
        lease.requireHeld("recording the erasure");
        ErasureAudit.Entry entry = new ErasureAudit.Entry(erasureId, CustomerIdHash.of(salt.value(), customerId), salt.source(), Instant.now(),
                requester, tables, removedFiles.size(), landingFiles.size());
        ErasureAudit.append(session.lake(), entry);
        return new Erased(entry, landingFiles);
    }

    private static void requireLake(String root, Configuration hadoop) {
        Path path = new Path(root);
        try {
            if (!path.getFileSystem(hadoop).exists(path)) {
                throw new EngagementException(ErrorCode.MISSING_INPUT, "lake not found: " + root
                        + " (lake.root of the config); there is nothing to erase from: check --conf");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake root " + root + ": " + e.getMessage(), e);
        }
    }

    static void print(ErasureAudit.Entry entry, List<String> landingFiles, PrintStream out) {
        out.println("Erasure " + entry.erasureId() + " of customer hash " + entry.customerIdHash() + " (salt " + entry.saltSource() + ")");
        if (!entry.customerFound()) {
            out.println("No rows of this customer in the lake: nothing to remove (older table versions were purged all the same; the erasure is recorded).");
        }
        for (var table : entry.tables()) {
            if (table.rowsRemoved() > 0 || table.referencesCleared() > 0) {
                out.println("  " + table.table() + ": " + table.rowsRemoved() + (table.rowsRemoved() == 1 ? " row" : " rows") + " removed"
                        + (table.referencesCleared() > 0 ? ", " + table.referencesCleared() + " referred_by cleared" : ""));
            }
        }
        out.println("Vacuumed " + entry.tables().size() + " tables with zero retention; their log history now starts after the erasure.");
        if (entry.filesRemoved() > 0) {
            out.println("Deleted " + entry.filesRemoved() + " run report file(s) that mentioned the customer (the next run of their date writes them again).");
        }
        if (landingFiles.isEmpty()) {
            out.println("No landing file holds the customer.");
        }
        else {
            out.println(landingFiles.size() + " landing file(s) still hold the customer: remove or rewrite them before the next run,"
                    + " or it can ingest the customer again (docs/operations.md, Right to erasure):");
            landingFiles.forEach(file -> out.println("  landing file: " + file));
        }
    }
}
