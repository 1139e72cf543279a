package io.engagementlake.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;

import io.engagementlake.config.TableContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads landed files into rows of text, one row per landed record, without rejecting any:
 * a record that cannot be parsed keeps its raw text in {@code _malformed_text}. Every row
 * carries its file, landing date and position, so that nothing is lost or untraceable.
 */
public final class RawFiles {
    private static final String CORRUPT = "_corrupt_record";

    private RawFiles() {}

    /**
     * CSV with a header row, RFC 4180 quoting (quotes doubled inside quoted fields, which may
     * hold commas and newlines). A record with too few or too many fields is malformed.
     */
    public static Dataset<Row> readCsv(SparkSession spark, TableContract contract, List<String> paths) {
        StructType schema = contract.rawTextSchema().add(CORRUPT, DataTypes.StringType, true);
        Dataset<Row> rows = spark.read()
                .format("csv")
                .schema(schema)
                .option("header", "true")
                .option("multiLine", "true")
                .option("escape", "\"")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .option("encoding", "UTF-8")
                .load(paths.toArray(String[]::new));
        List<Column> columns = new ArrayList<>();
        columns.addAll(lineage(col("_metadata.file_path")));
        columns.add(col(CORRUPT).as("_malformed_text"));
        contract.columnNames().forEach(name -> columns.add(col(name)));
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * JSON lines, plain or gzip-compressed (by the {@code .gz} extension). Blank lines are not
     * records. Every field is read as text: a number where a string belongs is kept as its
     * digits and judged by validation, not lost by the parser.
     */
    public static Dataset<Row> readJsonLines(SparkSession spark, TableContract contract, List<String> paths) {
        StructType schema = contract.rawTextSchema().add(CORRUPT, DataTypes.StringType, true);
        Dataset<Row> lines = spark.read()
                .format("text")
                .load(paths.toArray(String[]::new))
                .select(col("value"), col("_metadata.file_path").as("file_path"))
                .where(trim(col("value")).notEqual(lit("")));
        Column parsed = from_json(col("value"), schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
        List<Column> columns = new ArrayList<>();
        columns.addAll(lineage(col("file_path")));
        // A line that is valid JSON but not an object parses to nothing: malformed as well.
        columns.add(org.apache.spark.sql.functions.when(col("parsed").isNull().or(col("parsed." + CORRUPT).isNotNull()), col("value"))
                .as("_malformed_text"));
        contract.columnNames().forEach(name -> columns.add(col("parsed." + name).as(name)));
        return lines.select(col("value"), col("file_path"), parsed.as("parsed")).select(columns.toArray(Column[]::new));
    }

    private static List<Column> lineage(Column filePath) {
        return List.of(
                to_date(regexp_extract(filePath, "/date=(\\d{4}-\\d{2}-\\d{2})/", 1)).as("_landing_date"),
                filePath.as("_landing_file"),
                // Increases with the record's position in its file (splits of a file are read in order).
                monotonically_increasing_id().as("_record_index"));
    }
}
