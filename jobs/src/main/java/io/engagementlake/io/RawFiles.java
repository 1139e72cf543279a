package io.engagementlake.io;

import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_valid_utf8;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.config.TableContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
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
 *
 * <p>What the readers of Spark do not decide for us is decided here, the same way for every
 * file: a UTF-8 byte order mark at the start of a file is not data; a record that is not valid
 * UTF-8 is malformed (its text cannot be stored faithfully, so it is not admitted with
 * replacement characters in it); CSV fields are matched to the contract by the names in the
 * file's header, so that a column added by the producer (schema drift) neither shifts the
 * other fields nor rejects the rows, and is reported by {@link #csvDrift} / {@link #jsonDrift}.
 */
public final class RawFiles {
    private static final String CORRUPT = "_corrupt_record";
    private static final String FILE = "_file_path";
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** What a decoder puts in place of bytes that are not UTF-8. */
    private static final String REPLACEMENT_CHARACTER = "\uFFFD";
    /** File headers are read on the driver; on object stores each is a request, so a few at once. */
    private static final int HEADER_READERS = 16;

    private RawFiles() {}

    /**
     * Columns a landed file has beyond ({@code extra}) or short of ({@code missing}) its
     * contract: schema drift. Extra columns are not stored; missing ones are read as empty.
     */
    public record ColumnDrift(String file, List<String> extra, List<String> missing) {
        public ColumnDrift {
            extra = List.copyOf(extra);
            missing = List.copyOf(missing);
        }
    }

    /**
     * CSV with a header row, RFC 4180 quoting (quotes doubled inside quoted fields, which may
     * hold commas and newlines). A record with too few or too many fields for its file's header
     * is malformed.
     */
    public static Dataset<Row> readCsv(SparkSession spark, TableContract contract, List<String> paths) {
        return readCsv(spark, contract, csvHeaders(spark.sparkContext().hadoopConfiguration(), paths));
    }

    /**
     * Like {@link #readCsv(SparkSession, TableContract, List)} with the headers already read by
     * {@link #csvHeaders}; files without a header (empty files) have no records.
     */
    public static Dataset<Row> readCsv(SparkSession spark, TableContract contract, Map<String, List<String>> headers) {
        Map<List<String>, List<String>> filesByHeader = new LinkedHashMap<>();
        headers.forEach((path, header) -> {
            if (header != null) {
                // An unparsable header (empty list) is read as the contract's, by position.
                List<String> names = header.isEmpty() ? contract.columnNames() : header;
                filesByHeader.computeIfAbsent(names, key -> new ArrayList<>()).add(path);
            }
        });
        Dataset<Row> records = null;
        for (Map.Entry<List<String>, List<String>> group : filesByHeader.entrySet()) {
            Dataset<Row> part = readCsvWithHeader(spark, contract, group.getKey(), group.getValue());
            records = records == null ? part : records.unionByName(part);
        }
        if (records == null) {
            StructType empty = contract.rawTextSchema().add(CORRUPT, DataTypes.StringType, true).add(FILE, DataTypes.StringType, true);
            records = spark.createDataFrame(List.of(), empty);
        }
        List<Column> fields = contract.columnNames().stream().map(name -> col(name)).toList();
        Column notUtf8 = lit(false);
        for (Column field : fields) {
            notUtf8 = notUtf8.or(field.contains(REPLACEMENT_CHARACTER));
        }
        List<Column> columns = new ArrayList<>(lineage(col(FILE)));
        // A record whose bytes were not UTF-8 was decoded with replacement characters: keep it
        // out of silver, re-encoded as it was read (RFC 4180, quotes doubled).
        columns.add(when(col(CORRUPT).isNotNull(), col(CORRUPT))
                .when(notUtf8, to_csv(struct(fields.toArray(Column[]::new)), Map.of("escape", "\"", "quoteAll", "false")))
                .as("_malformed_text"));
        columns.addAll(fields);
        return records.select(columns.toArray(Column[]::new));
    }

    /** The files of one header: fields by position in the file, then by name to the contract. */
    private static Dataset<Row> readCsvWithHeader(SparkSession spark, TableContract contract, List<String> header, List<String> paths) {
        Set<String> contractColumns = new HashSet<>(contract.columnNames());
        StructType schema = new StructType();
        Set<String> taken = new HashSet<>();
        for (int position = 0; position < header.size(); position++) {
            String name = header.get(position);
            // Extra (or repeated) columns get a name of their own and are not selected.
            String field = contractColumns.contains(name) && taken.add(name) ? name : "_extra_" + position;
            schema = schema.add(field, DataTypes.StringType, true);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);
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
        for (String name : contract.columnNames()) {
            columns.add(taken.contains(name) ? col(name) : lit(null).cast(DataTypes.StringType).as(name));
        }
        columns.add(col(CORRUPT));
        columns.add(col("_metadata.file_path").as(FILE));
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * The header of each CSV file, column names trimmed and without a byte order mark; null
     * for an empty file. A header that cannot be parsed counts as the contract's own, so that
     * the file's records are read by position and judged one by one.
     */
    public static Map<String, List<String>> csvHeaders(Configuration hadoopConfiguration, List<String> paths) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, Math.min(HEADER_READERS, paths.size())), runnable -> {
            Thread thread = new Thread(runnable, "csv-header-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (String path : paths) {
                futures.add(readers.submit(() -> header(hadoopConfiguration, path)));
            }
            for (int i = 0; i < paths.size(); i++) {
                headers.put(paths.get(i), futures.get(i).get());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading CSV headers", e);
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException unchecked ? unchecked : new IllegalStateException(e.getCause());
        }
        finally {
            readers.shutdownNow();
        }
        return headers;
    }

    /** Null when the file has no record at all. */
    static List<String> header(Configuration hadoopConfiguration, String file) {
        Path path = new Path(file);
        try {
            FileSystem fileSystem = path.getFileSystem(hadoopConfiguration);
            InputStream in = fileSystem.open(path);
            CompressionCodec codec = new CompressionCodecFactory(hadoopConfiguration).getCodec(path);
            if (codec != null) {
                in = codec.createInputStream(in);
            }
            try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return parseHeader(reader);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + file, e);
        }
    }

    static List<String> parseHeader(Reader reader) throws IOException {
        Iterator<CSVRecord> records;
        try {
            records = CSVFormat.RFC4180.parse(reader).iterator();
            if (!records.hasNext()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (String name : records.next()) {
                names.add(names.isEmpty() && name.startsWith(BYTE_ORDER_MARK) ? name.substring(1).trim() : name.trim());
            }
            return Collections.unmodifiableList(names);
        }
        catch (UncheckedIOException | IllegalStateException e) {
            // Not a CSV header (an unterminated quote, for instance): read by position.
            return List.of();
        }
    }

    /**
     * The files whose header differs from the contract, with their extra and missing columns.
     * Files without a header and unparsable headers are not drift.
     */
    public static List<ColumnDrift> csvDrift(TableContract contract, Map<String, List<String>> headers) {
        List<ColumnDrift> drift = new ArrayList<>();
        headers.forEach((file, header) -> {
            if (header == null || header.isEmpty() || header.equals(contract.columnNames())) {
                return;
            }
            List<String> extra = header.stream().filter(name -> !contract.columnNames().contains(name)).toList();
            List<String> missing = contract.columnNames().stream().filter(name -> !header.contains(name)).toList();
            if (!extra.isEmpty() || !missing.isEmpty()) {
                drift.add(new ColumnDrift(file, extra, missing));
            }
        });
        return drift;
    }

    /**
     * JSON lines, plain or gzip-compressed (by the {@code .gz} extension). Blank lines are not
     * records. Every field is read as text: a number where a string belongs is kept as its
     * digits and judged by validation, not lost by the parser. Fields the contract does not
     * name are ignored (see {@link #jsonDrift}).
     */
    public static Dataset<Row> readJsonLines(SparkSession spark, TableContract contract, List<String> paths) {
        StructType schema = contract.rawTextSchema().add(CORRUPT, DataTypes.StringType, true);
        Dataset<Row> lines = jsonLines(spark, paths);
        Column parsed = from_json(col("value"), schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
        List<Column> columns = new ArrayList<>();
        columns.addAll(lineage(col("file_path")));
        // A line that is valid JSON but not an object parses to nothing: malformed as well; so
        // is a line that is not UTF-8, whatever the parser made of it.
        columns.add(when(col("parsed").isNull().or(col("parsed." + CORRUPT).isNotNull()).or(col("utf8").unary_$bang()), col("value"))
                .as("_malformed_text"));
        contract.columnNames().forEach(name -> columns.add(col("parsed." + name).as(name)));
        return lines.select(col("value"), col("file_path"), col("utf8"), parsed.as("parsed")).select(columns.toArray(Column[]::new));
    }

    /**
     * The non-blank lines of JSON-lines files as valid UTF-8 text ({@code value}, invalid bytes
     * replaced, a leading byte order mark removed), whether the bytes were UTF-8 ({@code utf8})
     * and the file ({@code file_path}).
     */
    private static Dataset<Row> jsonLines(SparkSession spark, List<String> paths) {
        return spark.read()
                .format("text")
                .load(paths.toArray(String[]::new))
                .select(
                        regexp_replace(make_valid_utf8(col("value")), "^" + BYTE_ORDER_MARK, "").as("value"),
                        is_valid_utf8(col("value")).as("utf8"),
                        col("_metadata.file_path").as("file_path"))
                .where(trim(col("value")).notEqual(lit("")));
    }

    /**
     * The JSON-lines files whose objects carry fields the contract does not name, with those
     * fields (sorted). One pass over the files' lines.
     */
    public static List<ColumnDrift> jsonDrift(SparkSession spark, TableContract contract, List<String> paths) {
        Column known = org.apache.spark.sql.functions.array(contract.columnNames().stream().map(name -> lit(name)).toArray(Column[]::new));
        List<Row> rows = jsonLines(spark, paths)
                // Null for lines that are not JSON objects: those are malformed, not drift.
                .select(col("file_path"), explode(array_except(json_object_keys(col("value")), known)).as("field"))
                .groupBy(col("file_path"))
                .agg(sort_array(collect_set(col("field"))).as("fields"))
                .orderBy(col("file_path"))
                .collectAsList();
        List<ColumnDrift> drift = new ArrayList<>();
        for (Row row : rows) {
            drift.add(new ColumnDrift(row.getString(0), row.getList(1), List.of()));
        }
        return drift;
    }

    private static List<Column> lineage(Column filePath) {
        return List.of(
                to_date(regexp_extract(filePath, "/date=(\\d{4}-\\d{2}-\\d{2})/", 1)).as("_landing_date"),
                filePath.as("_landing_file"),
                // Increases with the record's position in its file (splits of a file are read in order).
                monotonically_increasing_id().as("_record_index"));
    }
}
