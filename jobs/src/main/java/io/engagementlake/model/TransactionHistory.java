package io.engagementlake.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Purchase days and daily spend per customer, built from a transaction file or a list of
 * purchases, and summarised to the models' inputs. This is the plain-Java counterpart of the
 * Spark summaries, used by the validation command line and the tests.
 *
 * <p>Immutable once built; customers keep the order in which they first appear.
 */
public final class TransactionHistory {

    private static final DateTimeFormatter CDNOW_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** Per customer: day → total spend of the day. */
    private final Map<String, NavigableMap<LocalDate, Double>> dailySpendByCustomer;

    private TransactionHistory(Map<String, NavigableMap<LocalDate, Double>> dailySpendByCustomer) {
        this.dailySpendByCustomer = dailySpendByCustomer;
    }

    /** Builds the history from purchases, merging each customer's purchases of one day. */
    public static TransactionHistory of(Iterable<Purchase> purchases) {
        Map<String, NavigableMap<LocalDate, Double>> byCustomer = new LinkedHashMap<>();
        for (Purchase purchase : purchases) {
            byCustomer.computeIfAbsent(purchase.customerId(), ignored -> new TreeMap<>())
                    .merge(purchase.date(), purchase.amount(), Double::sum);
        }
        Map<String, NavigableMap<LocalDate, Double>> frozen = new LinkedHashMap<>();
        byCustomer.forEach((customer, days) -> frozen.put(customer, Collections.unmodifiableNavigableMap(days)));
        return new TransactionHistory(Collections.unmodifiableMap(frozen));
    }

    /**
     * Reads a transaction file.
     *
     * @throws TransactionFormatException naming the file and line of the first bad row
     * @throws IOException when the file cannot be read
     */
    public static TransactionHistory read(Path file, TransactionFileFormat format) throws IOException {
        Objects.requireNonNull(format, "format is null");
        return of(format == TransactionFileFormat.CDNOW ? readCdnow(file) : readCsv(file));
    }

    /** Number of customers. */
    public int customers() {
        return dailySpendByCustomer.size();
    }

    /** Number of distinct (customer, day) purchase days. */
    public long purchaseDays() {
        return dailySpendByCustomer.values().stream().mapToLong(Map::size).sum();
    }

    /** Summaries without a holdout period: see {@link #summarize(LocalDate, LocalDate, ModelTimeUnit)}. */
    public List<CustomerSummary> summarize(LocalDate calibrationEnd, ModelTimeUnit unit) {
        return summarize(calibrationEnd, null, unit);
    }

    /**
     * Summarises every customer whose first purchase is on or before {@code calibrationEnd};
     * later customers are unknown at that date and left out. Calibration covers all days up
     * to and including {@code calibrationEnd}; holdout covers the days after it up to and
     * including {@code holdoutEnd}. Times are whole days converted to {@code unit}
     * (weeks = days / 7, not rounded).
     *
     * @param holdoutEnd last holdout day, or null for no holdout count
     * @throws IllegalArgumentException when holdoutEnd is not after calibrationEnd
     */
    public List<CustomerSummary> summarize(LocalDate calibrationEnd, LocalDate holdoutEnd, ModelTimeUnit unit) {
        Objects.requireNonNull(calibrationEnd, "calibrationEnd is null");
        Objects.requireNonNull(unit, "unit is null");
        if (holdoutEnd != null && !holdoutEnd.isAfter(calibrationEnd)) {
            throw new IllegalArgumentException(
                    "holdout end " + holdoutEnd + " must be after calibration end " + calibrationEnd);
        }
        List<CustomerSummary> summaries = new ArrayList<>(dailySpendByCustomer.size());
        dailySpendByCustomer.forEach((customer, days) -> {
            LocalDate first = days.firstKey();
            if (first.isAfter(calibrationEnd)) {
                return;
            }
            NavigableMap<LocalDate, Double> calibration = days.headMap(calibrationEnd, true);
            int frequency = calibration.size() - 1;
            LocalDate last = calibration.lastKey();
            double repeatSpend = 0;
            for (double spend : calibration.tailMap(first, false).values()) {
                repeatSpend += spend;
            }
            int holdout = holdoutEnd == null ? 0 : days.subMap(calibrationEnd, false, holdoutEnd, true).size();
            summaries.add(new CustomerSummary(
                    customer, first, frequency,
                    unit.fromDays(ChronoUnit.DAYS.between(first, last)),
                    unit.fromDays(ChronoUnit.DAYS.between(first, calibrationEnd)),
                    frequency == 0 ? 0.0 : repeatSpend / frequency,
                    holdout));
        });
        return List.copyOf(summaries);
    }

    private static List<Purchase> readCdnow(Path file) throws IOException {
        List<Purchase> purchases = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            int columns = -1;
            long columnsLine = 0;
            String line;
            // readLine() ends a line at LF, CR or CRLF, so both line-end styles read the same.
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                if (columns < 0 && !Character.isDigit(fields[0].charAt(0))) {
                    // The master file's header: allowed once, before any data.
                    if (!fields[0].equalsIgnoreCase("customer_id")) {
                        throw new TransactionFormatException(file, lineNumber,
                                "expected a header starting with customer_id or a data row, found '" + trimmed + "'");
                    }
                    columns = 0;
                    continue;
                }
                if (fields[0].equalsIgnoreCase("customer_id")) {
                    throw new TransactionFormatException(file, lineNumber, "unexpected header line after data rows");
                }
                if (fields.length != 4 && fields.length != 5) {
                    throw new TransactionFormatException(file, lineNumber,
                            "expected 4 columns (customer_id date number_of_cds dollar_value) or 5 "
                                    + "(master_id sample_id date number_of_cds dollar_value), found " + fields.length);
                }
                if (columns <= 0) {
                    columns = fields.length;
                    columnsLine = lineNumber;
                } else if (fields.length != columns) {
                    throw new TransactionFormatException(file, lineNumber,
                            "found " + fields.length + " columns but line " + columnsLine + " has " + columns);
                }
                int offset = fields.length - 4;
                String customer = fields[offset];
                LocalDate date = parseDate(file, lineNumber, fields[offset + 1], CDNOW_DATE, "YYYYMMDD");
                try {
                    Integer.parseInt(fields[offset + 2]);
                } catch (NumberFormatException e) {
                    throw new TransactionFormatException(file, lineNumber,
                            "number_of_cds '" + fields[offset + 2] + "' is not a whole number");
                }
                double amount = parseAmount(file, lineNumber, fields[offset + 3]);
                purchases.add(new Purchase(customer, date, amount));
            }
        }
        return purchases;
    }

    private static List<Purchase> readCsv(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true)
                .setTrim(true)
                .get();
        List<Purchase> purchases = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            for (String column : List.of("customer_id", "date", "amount")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new TransactionFormatException(file, 1,
                            "header must name the columns customer_id, date and amount; found " + parser.getHeaderNames());
                }
            }
            try {
                for (CSVRecord record : parser) {
                    // The parser has just consumed this record's line end; blank lines count too.
                    long lineNumber = parser.getCurrentLineNumber();
                    if (!record.isConsistent()) {
                        throw new TransactionFormatException(file, lineNumber,
                                "expected " + parser.getHeaderNames().size() + " fields, found " + record.size());
                    }
                    String customer = record.get("customer_id");
                    if (customer.isEmpty()) {
                        throw new TransactionFormatException(file, lineNumber, "customer_id is empty");
                    }
                    LocalDate date = parseDate(file, lineNumber, record.get("date"), DateTimeFormatter.ISO_LOCAL_DATE, "YYYY-MM-DD");
                    purchases.add(new Purchase(customer, date, parseAmount(file, lineNumber, record.get("amount"))));
                }
            } catch (UncheckedIOException e) {
                // Commons CSV reports malformed quoting this way while iterating.
                throw new TransactionFormatException(file, parser.getCurrentLineNumber(),
                        "malformed CSV: " + e.getCause().getMessage());
            }
        }
        return purchases;
    }

    private static LocalDate parseDate(Path file, long line, String text, DateTimeFormatter formatter, String pattern) {
        try {
            return LocalDate.parse(text, formatter);
        } catch (DateTimeParseException e) {
            throw new TransactionFormatException(file, line, "date '" + text + "' is not a valid " + pattern + " date");
        }
    }

    private static double parseAmount(Path file, long line, String text) {
        double amount;
        try {
            // BigDecimal, unlike Double.parseDouble, rejects "NaN", "Infinity" and "1d".
            amount = new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
            throw new TransactionFormatException(file, line, "amount '" + text + "' is not a number");
        }
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new TransactionFormatException(file, line, "amount '" + text + "' must be finite and >= 0");
        }
        return amount;
    }
}
