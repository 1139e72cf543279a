package io.engagementlake.io;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.engagementlake.config.ColumnContract;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.config.TableContract;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MetadataBuilder;

/**
 * The one place that reads and writes the lake's Delta tables. Every write is conformed to
 * the table's contract (column order, types, comments) and tagged with the run's as-of date,
 * so a later job can tell which date a table was built for, and registered by name in the
 * session's catalog, so analysts find it as {@code database.table}.
 */
public final class Lake {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final String root;
    private final Set<String> databasesSeen = ConcurrentHashMap.newKeySet();

    public Lake(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public SparkSession spark() {
        return spark;
    }

    public String root() {
        return root;
    }

    public String location(LakeTable table) {
        return root + "/" + table.database() + "/" + table.name();
    }

    public boolean exists(LakeTable table) {
        return DeltaTable.isDeltaTable(spark, location(table));
    }

    public Dataset<Row> read(LakeTable table) {
        return spark.read().format("delta").load(location(table));
    }

    /** The as-of date and run recorded by the table's latest commit, if a job of ours wrote it. */
    public Optional<LocalDate> builtForAsOf(LakeTable table) {
        Optional<String> metadata = latestCommitMetadata(DeltaTable.forPath(spark, location(table)));
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        try {
            String asOf = JSON.readTree(metadata.get()).path("as_of_date").asText(null);
            return Optional.ofNullable(asOf).map(LocalDate::parse);
        }
        catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The user metadata of the table's latest commit (our {@link WriteTag}), if it has any. */
    public static Optional<String> latestCommitMetadata(DeltaTable table) {
        List<Row> latest = table.history(1).select("userMetadata").collectAsList();
        return latest.isEmpty() || latest.get(0).isNullAt(0) ? Optional.empty() : Optional.of(latest.get(0).getString(0));
    }

    /** Replaces the whole table with {@code data}. */
    public WriteResult overwrite(LakeTable table, Dataset<Row> data, WriteTag tag) {
        return write(table, data, tag, "overwrite", null);
    }

    /** Appends {@code data}. */
    public WriteResult append(LakeTable table, Dataset<Row> data, WriteTag tag) {
        return write(table, data, tag, "append", null);
    }

    /**
     * Replaces only the rows where {@code column = value} (a snapshot slice) and leaves the
     * rest of the table as it was, in one atomic commit.
     */
    public WriteResult replaceSlice(LakeTable table, Dataset<Row> data, WriteTag tag, String column, LocalDate value) {
        return write(table, data, tag, "overwrite", column + " = DATE'" + value + "'");
    }

    private WriteResult write(LakeTable table, Dataset<Row> data, WriteTag tag, String mode, String replaceWhere) {
        if (!exists(table)) {
            create(table);
        }
        DataFrameWriter<Row> writer = conform(data, table.contract())
                .write()
                .format("delta")
                .mode(mode)
                .option("userMetadata", tag.toJson());
        if (replaceWhere != null) {
            writer = writer.option("replaceWhere", replaceWhere);
        }
        if (!table.contract().partitionedBy().isEmpty()) {
            writer = writer.partitionBy(table.contract().partitionedBy().toArray(String[]::new));
        }
        writer.save(location(table));
        register(table);
        return lastCommit(table);
    }

    /**
     * Creates the empty table from its contract, registered by name: the contract's
     * descriptions become the table comment and the column comments that {@code DESCRIBE}
     * shows analysts (Delta keeps a table's description only from its creation).
     */
    private void create(LakeTable table) {
        if (!forgetStaleName(table)) {
            return;
        }
        StringBuilder columns = new StringBuilder();
        for (ColumnContract column : table.contract().columns()) {
            columns.append(columns.isEmpty() ? "" : ", ").append('`').append(column.name()).append("` ")
                    .append(column.type()).append(" COMMENT ").append(quoted(column.description()));
        }
        String partitioning = table.contract().partitionedBy().isEmpty() ? ""
                : " PARTITIONED BY (" + String.join(", ", table.contract().partitionedBy()) + ")";
        try {
            spark.sql("CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " (" + columns + ") USING delta" + partitioning
                    + " LOCATION " + quoted(location(table)) + " COMMENT " + quoted(table.contract().description()));
        }
        catch (RuntimeException e) {
            // Another process created it between our look and our create: fine.
            if (!exists(table)) {
                throw e;
            }
        }
    }

    /**
     * Registers an existing table by name in the catalog, pointing at its folder. A name
     * registered for another location (a lake moved, or another lake on a shared metastore)
     * is re-pointed. Cheap when already registered: one metastore lookup.
     */
    public void register(LakeTable table) {
        if (!forgetStaleName(table)) {
            return;
        }
        try {
            spark.sql("CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " USING delta LOCATION " + quoted(location(table)));
        }
        catch (RuntimeException e) {
            // Another process registered it between our lookup and our create: fine.
            if (!externalCatalog().tableExists(table.database(), table.name())) {
                throw e;
            }
        }
    }

    /**
     * Makes sure the table's database exists and its name is free or already the table's;
     * returns false when the name already points at the table (nothing left to do).
     */
    private boolean forgetStaleName(LakeTable table) {
        ExternalCatalog catalog = externalCatalog();
        String location = location(table);
        ensureDatabase(table.database());
        if (catalog.tableExists(table.database(), table.name())) {
            CatalogTable registered = catalog.getTable(table.database(), table.name());
            if (qualified(registered.location().toString()).equals(qualified(location))) {
                return false;
            }
            // Dropping an external table forgets the name only; a managed table's drop would
            // delete someone's data, so that conflict is theirs to resolve.
            if (!registered.tableType().equals(CatalogTableType.EXTERNAL())) {
                throw new EngagementException(ErrorCode.BAD_CONFIG, "catalog table " + table.qualifiedName() + " is a managed table at "
                        + registered.location() + ", not the lake's " + location + "; drop or rename it, or use another metastore");
            }
            spark.sql("DROP TABLE IF EXISTS " + table.qualifiedName());
        }
        return true;
    }

    /** Creates the database (its folder inside the lake) unless the catalog has it. */
    public void ensureDatabase(String database) {
        if (databasesSeen.add(database) && !externalCatalog().databaseExists(database)) {
            try {
                spark.sql("CREATE DATABASE IF NOT EXISTS " + database + " LOCATION " + quoted(root + "/" + database));
            }
            catch (RuntimeException e) {
                if (!externalCatalog().databaseExists(database)) {
                    throw e;
                }
            }
        }
    }

    private ExternalCatalog externalCatalog() {
        return ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().catalog().externalCatalog();
    }

    private String qualified(String location) {
        Path path = new Path(location);
        try {
            FileSystem fileSystem = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fileSystem.makeQualified(path).toString();
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private WriteResult lastCommit(LakeTable table) {
        Row commit = DeltaTable.forPath(spark, location(table)).history(1).select("version", "operationMetrics").head();
        Map<String, String> metrics = commit.isNullAt(1) ? Map.of() : commit.getJavaMap(1);
        long rows = Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
        return new WriteResult(table.qualifiedName(), commit.getLong(0), rows);
    }

    /**
     * Selects the contract's columns in its order, cast to its types, with its descriptions as
     * column comments. A missing column is a bug in the job that built {@code data}.
     */
    public static Dataset<Row> conform(Dataset<Row> data, TableContract contract) {
        Set<String> present = new HashSet<>(Arrays.asList(data.columns()));
        Column[] columns = new Column[contract.columns().size()];
        for (int i = 0; i < columns.length; i++) {
            ColumnContract column = contract.columns().get(i);
            if (!present.contains(column.name())) {
                throw new IllegalStateException("table " + contract.name() + " is missing column " + column.name()
                        + "; it has " + present);
            }
            columns[i] = col(column.name())
                    .cast(DataType.fromDDL(column.type()))
                    .as(column.name(), new MetadataBuilder().putString("comment", column.description()).build());
        }
        return data.select(columns);
    }

    /** Rows per output table of a set of writes, for the run records. */
    public static Map<String, Long> rowCounts(List<WriteResult> writes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        writes.forEach(write -> counts.merge(write.table(), write.rowsWritten(), Long::sum));
        return counts;
    }
}
