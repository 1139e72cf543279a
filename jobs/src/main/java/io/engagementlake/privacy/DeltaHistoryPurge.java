package io.engagementlake.privacy;

import io.delta.tables.DeltaTable;
import io.engagementlake.io.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

/**
 * Makes what a Delta table no longer holds physically gone: after a delete, the removed rows
 * still live in (1) data files of older versions (and, with deletion vectors, in the current
 * files, masked), (2) the {@code _delta_log}: every {@code add} and {@code remove} action
 * carries min/max column statistics, and a customer's id or email can be a file's minimum or
 * maximum, and (3) checkpoints, which keep {@code remove} tombstones, with those statistics,
 * for {@code delta.deletedFileRetentionDuration}. So, for one table:
 * <ol>
 * <li>purge deletion vectors ({@code REORG TABLE ... APPLY (PURGE)}) when the table has them on;</li>
 * <li>set {@code delta.deletedFileRetentionDuration} to zero for a moment, so the next
 *     checkpoint keeps no tombstone;</li>
 * <li>{@code VACUUM} with zero retention (the caller switches Delta's retention check off for
 *     the erasure only): every file the current version does not use is deleted;</li>
 * <li>checkpoint, restore the retention property, checkpoint again (this checkpoint is built
 *     from the first, tombstone-free one), and delete every log file, checkpoint and checksum
 *     of the versions before it.</li>
 * </ol>
 * The table's history then starts at that checkpoint: time travel to versions before the
 * erasure is gone, which is the point. Every commit made here carries the userMetadata of the
 * table's last commit (the as-of date and run that built it), so jobs that check which date a
 * table was built for still see it.
 */
public final class DeltaHistoryPurge {
    private static final String RETENTION_PROPERTY = "delta.deletedFileRetentionDuration";
    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    /** A log file's version: the leading 20 digits of its name (after Hadoop's checksum dot). */
    private static final Pattern LOG_FILE = Pattern.compile("^\\.?(\\d{20})(?:\\.(\\d{20}))?\\..*");

    private final SparkSession spark;

    public DeltaHistoryPurge(SparkSession spark) {
        this.spark = spark;
    }

    /** What one purge did: the version the history now starts at and how many log files it deleted. */
    public record Result(long version, int logFilesDeleted) {}

    /**
     * Runs {@code change} (the delete) and then the purge on the table at {@code location},
     * with every commit tagged like the table's last one.
     */
    public Result deleteAndPurge(String location, Runnable change) {
        DeltaTable table = DeltaTable.forPath(spark, location);
        Optional<String> tag = Lake.latestCommitMetadata(table);
        Optional<String> sessionTag = Optional.ofNullable(spark.conf().get(USER_METADATA, null));
        tag.ifPresentOrElse(value -> spark.conf().set(USER_METADATA, value), () -> spark.conf().unset(USER_METADATA));
        try {
            change.run();
            return purge(location, table);
        }
        finally {
            sessionTag.ifPresentOrElse(value -> spark.conf().set(USER_METADATA, value), () -> spark.conf().unset(USER_METADATA));
        }
    }

    private Result purge(String location, DeltaTable table) {
        String name = "delta.`" + location.replace("`", "``") + "`";
        Map<String, String> properties = table.detail().select("properties").head().getJavaMap(0);
        if ("true".equalsIgnoreCase(properties.get("delta.enableDeletionVectors"))) {
            spark.sql("REORG TABLE " + name + " APPLY (PURGE)");
        }
        String previousRetention = properties.get(RETENTION_PROPERTY);
        spark.sql("ALTER TABLE " + name + " SET TBLPROPERTIES ('" + RETENTION_PROPERTY + "' = 'interval 0 seconds')");
        table.vacuum(0.0);
        checkpoint(location);
        if (previousRetention == null) {
            spark.sql("ALTER TABLE " + name + " UNSET TBLPROPERTIES ('" + RETENTION_PROPERTY + "')");
        }
        else {
            spark.sql("ALTER TABLE " + name + " SET TBLPROPERTIES ('" + RETENTION_PROPERTY + "' = '"
                    + previousRetention.replace("'", "") + "')");
        }
        long version = checkpoint(location);
        int deleted = deleteLogBefore(new Path(location, "_delta_log"), version);
        return new Result(version, deleted);
    }

    /** Writes a checkpoint of the table's latest version and returns that version. */
    private long checkpoint(String location) {
        DeltaLog log = DeltaLog.forTable(spark, location);
        Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
        log.checkpoint(snapshot, Option.empty());
        return snapshot.version();
    }

    /** Deletes every commit, checkpoint, compaction and checksum file of the versions before {@code version}. */
    private int deleteLogBefore(Path log, long version) {
        int deleted = 0;
        try {
            FileSystem fileSystem = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus file : fileSystem.listStatus(log)) {
                if (file.isFile() && isBefore(file.getPath().getName(), version) && fileSystem.delete(file.getPath(), false)) {
                    deleted++;
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot clean the Delta log " + log + ": " + e.getMessage(), e);
        }
        return deleted;
    }

    /**
     * True for a log file of a version before {@code version}: {@code N.json}, {@code N.crc},
     * {@code N.checkpoint*.parquet}, {@code A.B.compacted.json} (by its last version B), and
     * Hadoop's {@code .N.json.crc} beside them. {@code _last_checkpoint} and unknown names stay.
     */
    static boolean isBefore(String fileName, long version) {
        OptionalLong fileVersion = versionOf(fileName);
        return fileVersion.isPresent() && fileVersion.getAsLong() < version;
    }

    static OptionalLong versionOf(String fileName) {
        Matcher matcher = LOG_FILE.matcher(fileName);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(matcher.group(2) != null ? matcher.group(2) : matcher.group(1)));
    }
}
