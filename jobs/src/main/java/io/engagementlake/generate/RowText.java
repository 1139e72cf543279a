package io.engagementlake.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders rows as the exact text that lands: RFC 4180 CSV records (Commons CSV quoting,
 * {@code \n} record ends) and compact JSON objects, one per line. One instance per shard:
 * it reuses its buffer.
 */
final class RowText {
    static final CSVFormat CSV_FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    private final StringBuilder buffer = new StringBuilder(512);
    private final CSVPrinter printer;

    RowText() {
        try {
            printer = new CSVPrinter(buffer, CSV_FORMAT);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header line of a CSV source, record separator included. */
    String csvHeader(LandingSource source) {
        return csv(source.columns().toArray(String[]::new));
    }

    /** One CSV record, record separator included; null values are written as empty fields. */
    String csv(String[] values) {
        buffer.setLength(0);
        try {
            printer.printRecord((Object[]) values);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    /**
     * One JSON object and its line end. A null value is written as JSON null; a field whose
     * bit is set in {@code absentFields} is left out entirely (both are how clickstream
     * producers send "no value").
     */
    String json(List<String> names, String[] values, int absentFields) {
        buffer.setLength(0);
        buffer.append('{');
        boolean first = true;
        for (int field = 0; field < values.length; field++) {
            if ((absentFields & (1 << field)) != 0) {
                continue;
            }
            if (!first) {
                buffer.append(',');
            }
            first = false;
            appendJsonString(buffer, names.get(field));
            buffer.append(':');
            if (values[field] == null) {
                buffer.append("null");
            }
            else {
                appendJsonString(buffer, values[field]);
            }
        }
        return buffer.append("}\n").toString();
    }

    static void appendJsonString(StringBuilder text, String value) {
        text.append('"');
        if (!needsEscaping(value)) {
            // Ids, timestamps, URLs: nearly every value, appended in one piece.
            text.append(value).append('"');
            return;
        }
        for (int position = 0; position < value.length(); position++) {
            char character = value.charAt(position);
            switch (character) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (character < 0x20) {
                        text.append(String.format("\\u%04x", (int) character));
                    }
                    else {
                        text.append(character);
                    }
                }
            }
        }
        text.append('"');
    }

    private static boolean needsEscaping(String value) {
        for (int position = 0; position < value.length(); position++) {
            char character = value.charAt(position);
            if (character < 0x20 || character == '"' || character == '\\') {
                return true;
            }
        }
        return false;
    }
}
