package io.engagementlake.privacy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_like;
import static org.apache.spark.sql.functions.trim;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.pipeline.LakeLock;
import io.engagementlake.silver.Events;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one customer from every table of the lake and makes the removal physical.
 *
 * <p>The tables are those of the job graph (what the jobs write, and the run records), each
 * with the columns that tie its rows to a customer found by {@link PersonalColumns}; tables
 * with none (aggregates, run records) are left alone. In each other table, one Delta MERGE
 * deletes the customer's rows and clears references to it, then {@link DeltaHistoryPurge}
 * vacuums the old files and drops the log versions before the erasure.
 *
 * <p>The id never enters a Delta log: the MERGE joins the table with a one-row source holding
 * the id, so its commit records a condition over column names ({@code trim(t.customer_id) = s.id}),
 * not a literal, and the statistics of the files it removes go with the older log versions.
 *
 * <p>Files the jobs write outside tables ({@code Job.fileOutputs}, the run reports) are read
 * and deleted when they mention the customer: they are rewritten by the next run of their date.
 */
public final class CustomerErasure {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerErasure.class);

    private final Lake lake;
    private final SparkSession spark;

    public CustomerErasure(Lake lake) {
        this.lake = lake;
        this.spark = lake.spark();
    }

    /** What the erasure did to one table. */
    public record TableOutcome(String table, long rowsRemoved, long referencesCleared, long historyStartsAt) {}

    /**
     * Finds what identifies {@code customerId} in the lake: the emails of its change rows in
     * bronze and silver customers, and the anonymous ids stitched to it over every landed
     * clickstream row (the same stitching as silver, spec §6).
     */
    public CustomerIdentity identify(String customerId) {
        TreeSet<String> emails = new TreeSet<>();
        LakeTable bronzeCustomers = LakeTable.bronze("customers");
        if (lake.exists(bronzeCustomers)) {
            lake.read(bronzeCustomers).where(trim(col("customer_id")).equalTo(lit(customerId)))
                    .select(trim(col("email")).as("email")).where(col("email").isNotNull().and(col("email").notEqual(lit(""))))
                    .distinct().collectAsList().forEach(row -> emails.add(row.getString(0)));
        }
        LakeTable silverCustomers = LakeTable.silver("customers");
        if (lake.exists(silverCustomers)) {
            lake.read(silverCustomers).where(col("customer_id").equalTo(lit(customerId)).and(col("email").isNotNull()))
                    .select("email").collectAsList().forEach(row -> emails.add(row.getString(0)));
        }
        TreeSet<String> anonymousIds = new TreeSet<>();
        LakeTable clickstream = LakeTable.bronze("clickstream");
        if (lake.exists(clickstream)) {
            Dataset<Row> customers = lake.exists(silverCustomers) ? lake.read(silverCustomers)
                    : spark.createDataFrame(List.of(), new StructType().add("customer_id", DataTypes.StringType).add("consent_tracking", DataTypes.BooleanType));
            Events.classify(lake.read(clickstream), customers)
                    .where(col("customer_key").equalTo(lit(customerId)))
                    .select(trim(col("anonymous_id"))).distinct()
                    .collectAsList().forEach(row -> anonymousIds.add(row.getString(0)));
        }
        return new CustomerIdentity(customerId, List.copyOf(emails), List.copyOf(anonymousIds));
    }

    /**
     * Erases {@code who} from every table of {@code tables} that has personal columns, checking
     * before each table that {@code lease} still holds the lake.
     */
    public List<TableOutcome> eraseFromTables(CustomerIdentity who, List<LakeTable> tables, LakeLock.Lease lease) {
        DeltaHistoryPurge purge = new DeltaHistoryPurge(spark);
        List<TableOutcome> outcomes = new ArrayList<>();
        for (LakeTable table : tables) {
            PersonalColumns columns = PersonalColumns.of(table.contract());
            if (columns.isEmpty() || !lake.exists(table)) {
                continue;
            }
            lease.requireHeld("erasing from " + table.qualifiedName());
            String location = lake.location(table);
            long[] counts = new long[2];
            DeltaHistoryPurge.Result purged = purge.deleteAndPurge(location, () -> {
                long[] merged = merge(location, columns, who);
                counts[0] = merged[0];
                counts[1] = merged[1];
            });
            LOG.info("{}: {} rows removed, {} references cleared, history now starts at version {}",
                    table.qualifiedName(), counts[0], counts[1], purged.version());
            outcomes.add(new TableOutcome(table.qualifiedName(), counts[0], counts[1], purged.version()));
        }
        return outcomes;
    }

    /** One MERGE: deletes the customer's rows, clears references to it; returns {rows deleted, rows updated}. */
    private long[] merge(String location, PersonalColumns columns, CustomerIdentity who) {
        Dataset<Row> source = spark.range(1).select(
                lit(who.customerId()).as("erased_id"),
                array(who.anonymousIds().stream().map(id -> lit(id)).toArray(Column[]::new)).cast("array<string>").as("erased_anonymous_ids"),
                lit(who.textPattern()).as("erased_text_pattern"));
        Column deleted = lit(false);
        for (String key : columns.keys()) {
            deleted = deleted.or(coalesce(trim(col("t." + key)).equalTo(col("s.erased_id")), lit(false)));
        }
        for (String anonymous : columns.anonymousIds()) {
            Column withoutCustomer = columns.hasCustomerId() ? coalesce(trim(col("t.customer_id")), lit("")).equalTo(lit("")) : lit(true);
            deleted = deleted.or(coalesce(array_contains(col("s.erased_anonymous_ids"), trim(col("t." + anonymous))), lit(false)).and(withoutCustomer));
        }
        for (String text : columns.texts()) {
            deleted = deleted.or(coalesce(regexp_like(col("t." + text), col("s.erased_text_pattern")), lit(false)));
        }
        Column referenced = lit(false);
        Map<String, Column> cleared = new LinkedHashMap<>();
        for (String reference : columns.references()) {
            referenced = referenced.or(coalesce(trim(col("t." + reference)).equalTo(col("s.erased_id")), lit(false)));
            cleared.put(reference, lit(null).cast(DataTypes.StringType));
        }
        DeltaTable table = DeltaTable.forPath(spark, location);
        DeltaMergeBuilder merge = table.as("t").merge(source.as("s"), deleted.or(referenced));
        if (columns.deletesRows()) {
            merge = merge.whenMatched(deleted).delete();
        }
        if (!cleared.isEmpty()) {
            merge = merge.whenMatched(referenced).update(cleared);
        }
        merge.execute();
        Map<String, String> metrics = table.history(1).select("operationMetrics").head().getJavaMap(0);
        return new long[] {Long.parseLong(metrics.getOrDefault("numTargetRowsDeleted", "0")),
            Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"))};
    }

    /**
     * Deletes the files under the lake root that jobs write outside tables ({@code patterns}
     * such as {@code reports/<as-of>/index.html}) when they mention {@code who}; returns their paths.
     */
    public List<String> eraseFromFiles(CustomerIdentity who, List<String> patterns) {
        Pattern pattern = Pattern.compile(who.textPattern());
        List<String> removed = new ArrayList<>();
        for (String relative : patterns) {
            Path glob = new Path(lake.root(), relative.replace("<as-of>", "*"));
            try {
                FileSystem fileSystem = glob.getFileSystem(spark.sparkContext().hadoopConfiguration());
                FileStatus[] files = fileSystem.globStatus(glob);
                if (files == null) {
                    continue;
                }
                for (FileStatus file : files) {
                    String text;
                    try (InputStream in = fileSystem.open(file.getPath())) {
                        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (pattern.matcher(text).find() && fileSystem.delete(file.getPath(), false)) {
                        removed.add(file.getPath().toString());
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read " + glob + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }
}
