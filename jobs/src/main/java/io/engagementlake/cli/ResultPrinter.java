package io.engagementlake.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** Prints a query result as an aligned table, RFC 4180 CSV or JSON lines. */
final class ResultPrinter {
    enum Format { table, csv, json }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The table format lines up columns, so it reads this many rows before printing. */
    private static final int TABLE_ROW_LIMIT = 10_000;

    private ResultPrinter() {}

    static void print(Dataset<Row> result, Format format, PrintStream out) {
        String[] columns = result.columns();
        // Rows stream to the terminal one partition at a time; nothing holds the whole result.
        Iterator<Row> rows = result.toLocalIterator();
        switch (format) {
            case csv -> printCsv(columns, rows, out);
            case json -> printJson(result.schema().fields(), rows, out);
            case table -> printTable(columns, rows, out);
        }
    }

    private static void printCsv(String[] columns, Iterator<Row> rows, PrintStream out) {
        try {
            OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(columns).get());
            while (rows.hasNext()) {
                Row row = rows.next();
                List<String> values = new ArrayList<>(columns.length);
                for (int i = 0; i < columns.length; i++) {
                    values.add(row.isNullAt(i) ? null : text(row.get(i)));
                }
                printer.printRecord(values);
            }
            printer.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printJson(StructField[] fields, Iterator<Row> rows, PrintStream out) {
        while (rows.hasNext()) {
            Row row = rows.next();
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < fields.length; i++) {
                object.put(fields[i].name(), row.isNullAt(i) ? null : plain(row.get(i)));
            }
            try {
                out.println(JSON.writeValueAsString(object));
            }
            catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void printTable(String[] columns, Iterator<Row> rows, PrintStream out) {
        List<String[]> lines = new ArrayList<>();
        int[] widths = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            widths[i] = columns[i].length();
        }
        boolean truncated = false;
        while (rows.hasNext()) {
            if (lines.size() == TABLE_ROW_LIMIT) {
                truncated = true;
                break;
            }
            Row row = rows.next();
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                line[i] = row.isNullAt(i) ? "NULL" : text(row.get(i)).replace('\n', ' ');
                widths[i] = Math.max(widths[i], line[i].length());
            }
            lines.add(line);
        }
        out.println(formatLine(columns, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule);
        lines.forEach(line -> out.println(formatLine(line, widths)));
        out.println("(" + lines.size() + (truncated ? "+ rows, showing the first " + TABLE_ROW_LIMIT + "; use --format csv for all)" : lines.size() == 1 ? " row)" : " rows)"));
    }

    private static String formatLine(String[] values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", values[i]));
        }
        return line.toString().stripTrailing();
    }

    /** A value as text: nested values as JSON, everything else by its ISO/plain form. */
    private static String text(Object value) {
        Object plain = plain(value);
        if (plain instanceof Map<?, ?> || plain instanceof List<?>) {
            try {
                return JSON.writeValueAsString(plain);
            }
            catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (plain instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(plain);
    }

    /** Converts Spark's Scala collections and rows into Java maps and lists, dates into ISO text. */
    private static Object plain(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Row row) {
            Map<String, Object> object = new LinkedHashMap<>();
            StructField[] fields = row.schema().fields();
            for (int i = 0; i < fields.length; i++) {
                object.put(fields[i].name(), plain(row.get(i)));
            }
            return object;
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            scala.jdk.javaapi.CollectionConverters.asJava(map).forEach((key, item) -> object.put(String.valueOf(key), plain(item)));
            return object;
        }
        if (value instanceof scala.collection.Iterable<?> iterable) {
            List<Object> list = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(iterable).forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.util.Date) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return value;
    }
}
