package io.engagementlake.config;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The contract of one table, loaded from {@code schemas/<layer>/<name>.yaml}: the single
 * place its columns, types and meaning are written down. Spark schemas are derived from it.
 *
 * @param format for raw inputs only: {@code csv} or {@code jsonl}; null otherwise
 */
public record TableContract(
        String name,
        String database,
        String layer,
        String description,
        String grain,
        String format,
        List<String> primaryKey,
        List<String> partitionedBy,
        List<ColumnContract> columns) {

    public TableContract {
        requireNonNull(name, "name is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(description, "description is null");
        requireNonNull(grain, "grain is null");
        primaryKey = List.copyOf(primaryKey == null ? List.of() : primaryKey);
        partitionedBy = List.copyOf(partitionedBy == null ? List.of() : partitionedBy);
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (!layer.equals("raw")) {
            requireNonNull(database, "database is null");
        }
        Set<String> names = new HashSet<>();
        for (ColumnContract column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("column '" + column.name() + "' is listed twice");
            }
            try {
                DataType.fromDDL(column.type());
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("column '" + column.name() + "' has an unknown type '" + column.type() + "'");
            }
        }
        for (String key : primaryKey) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("primary_key names '" + key + "', which is not a column");
            }
        }
        for (String key : partitionedBy) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("partitioned_by names '" + key + "', which is not a column");
            }
        }
    }

    /** {@code database.name}, the name analysts query the table by. */
    public String qualifiedName() {
        return database + "." + name;
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnContract::name).toList();
    }

    public Optional<ColumnContract> column(String columnName) {
        return columns.stream().filter(column -> column.name().equals(columnName)).findFirst();
    }

    /** The Spark schema, with each column's description as its comment. */
    public StructType schema() {
        StructField[] fields = columns.stream()
                .map(column -> new StructField(column.name(), DataType.fromDDL(column.type()), column.nullable(), comment(column)))
                .toArray(StructField[]::new);
        return new StructType(fields);
    }

    /** The same columns, all typed as string: how raw inputs are read before validation. */
    public StructType rawTextSchema() {
        StructField[] fields = columns.stream()
                .map(column -> new StructField(column.name(), org.apache.spark.sql.types.DataTypes.StringType, true, Metadata.empty()))
                .toArray(StructField[]::new);
        return new StructType(fields);
    }

    private static Metadata comment(ColumnContract column) {
        return new MetadataBuilder().putString("comment", column.description()).build();
    }
}
