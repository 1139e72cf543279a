package io.engagementlake.io;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;

/**
 * Makes the lake's Hive metastore schema complete before a command uses it, one process at a
 * time. The metastore client creates its schema lazily ({@code datanucleus.schema.autoCreateAll}),
 * a table of the schema at the first statement that needs it; two processes opening a new lake
 * together (a {@code run} and a {@code sql}, as analysts do) would race to create the same
 * tables and one fails with "Unable to instantiate SessionHiveMetaStoreClient". So each process
 * opens its client under an exclusive lock on {@code <root>/_metastore.lock}, and the first one on
 * a new metastore also creates, lists and drops a probe table and looks up a function, which
 * creates every part of the schema the pipeline and analysts' queries touch; a marker file
 * records that it did.
 */
public final class MetastoreSchema {
    private static final String PROBE = "engagement_lake_schema_probe";

    private MetastoreSchema() {}

    /**
     * Runs {@code step} while holding the lake's metastore lock ({@code <root>/_metastore.lock},
     * beside the metastore folder so that a lake deleted and rebuilt loses both), one process at
     * a time: preparing a new lake's metastore folder and opening the first client must not
     * interleave with another process doing the same.
     */
    public static void underLock(Path lakeRoot, Runnable step) {
        Path root = lakeRoot.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(root.resolve("_metastore.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                step.run();
            }
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE, "cannot lock the metastore of " + root + ": " + e.getMessage(), e);
        }
    }

    /** Opens {@code spark}'s metastore client with the schema complete; {@code lakeRoot} is local. */
    public static void ensureComplete(SparkSession spark, Path lakeRoot) {
        underLock(lakeRoot, () -> complete(spark, lakeRoot.toAbsolutePath().normalize().resolve("_metastore")));
    }

    private static void complete(SparkSession spark, Path folder) {
        try {
            ExternalCatalog catalog = ((org.apache.spark.sql.classic.SparkSession) spark).sharedState().externalCatalog();
            // The first call opens the client, which creates the default database and roles.
            catalog.databaseExists("default");
            Path complete = folder.resolve("schema.complete");
            if (Files.exists(complete)) {
                return;
            }
            String probe = "default." + PROBE;
            // An existing folder: Spark would otherwise warn that it cannot find it.
            Files.createDirectories(folder.resolve("probe"));
            spark.sql("CREATE TABLE IF NOT EXISTS " + probe + " (id INT) USING parquet LOCATION '"
                    + folder.resolve("probe").toUri() + "'");
            catalog.listTables("default");
            catalog.functionExists("default", PROBE);
            spark.sql("DROP TABLE IF EXISTS " + probe);
            Files.createFile(complete);
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.METASTORE_UNAVAILABLE, "cannot complete the metastore in " + folder + ": " + e.getMessage(), e);
        }
    }
}
