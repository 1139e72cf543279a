package io.engagementlake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * A Spark Connect client for {@link SparkConnectServeIT}, run in its own JVM on the client's
 * classpath only (the Connect client jar brings its own copy of Spark's API, which cannot share
 * a JVM with the server's Spark). Arguments: the connection string, then SQL statements. For
 * each statement it prints its rows as JSON lines {@code {"query": i, "row": {column: value}}},
 * values as {@code bin/engagement sql --format json} prints them (dates as ISO text, decimals
 * as exact numbers), read through the client's own row type. Exit status 1 and the error on
 * stderr when a call fails.
 *
 * <p>Only Spark's public API is used, as an analyst's program would: the same code runs
 * against a classic session, which is how this class compiles.
 */
public final class ConnectClientMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectClientMain() {}

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 2) {
            System.err.println("usage: ConnectClientMain sc://host:port[/;token=...] SQL...");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().remote(arguments[0]).getOrCreate();
        try {
            System.out.println(JSON.writeValueAsString(Map.of("implementation", spark.getClass().getName())));
            for (int query = 1; query < arguments.length; query++) {
                Dataset<Row> result = spark.sql(arguments[query]);
                StructField[] fields = result.schema().fields();
                for (Row row : result.collectAsList()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 0; i < fields.length; i++) {
                        values.put(fields[i].name(), row.isNullAt(i) ? null : plain(row.get(i)));
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("query", query - 1);
                    line.put("row", values);
                    System.out.println(JSON.writeValueAsString(line));
                }
            }
        }
        catch (Exception e) {
            System.out.flush();
            System.err.println("client error: " + e);
            System.exit(1);
        }
        finally {
            spark.close();
        }
        System.out.flush();
    }

    private static Object plain(Object value) {
        if (value instanceof java.time.temporal.TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof BigDecimal || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("unexpected value type " + value.getClass().getName() + " (" + value + ")");
    }
}
