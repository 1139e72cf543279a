package io.engagementlake.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Re-reads a generated landing zone and classifies every row the way PIPELINE.md §5.1 asks the
 * pipeline to, independently of the generator's code: the tests compare these counts with the
 * manifest. Small landing zones only (everything is held in memory).
 */
final class LandingZoneAudit {
    static final Pattern FOLDER = Pattern.compile("date=(\\d{4}-\\d{2}-\\d{2})");
    static final Pattern PART_FILE = Pattern.compile("part-(\\d{5})\\.(csv|jsonl|jsonl\\.gz)");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,14}(\\.\\d{1,4})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP", "SEK");
    static final Set<String> EVENT_TYPES = Set.of("page_view", "product_view", "add_to_cart", "checkout",
            "order_completed", "login", "share", "comment", "review", "referral_invite", "support_chat");
    static final Map<String, int[]> SCALES = Map.of(
            "relationship_nps", new int[] {0, 10}, "transactional_nps", new int[] {0, 10},
            "csat", new int[] {1, 5}, "ces", new int[] {1, 7});
    static final Map<LandingSource, List<String>> REQUIRED = Map.of(
            LandingSource.CUSTOMERS, List.of("customer_id", "segment", "country", "signup_ts", "consent_tracking",
                    "consent_marketing", "updated_at"),
            LandingSource.TRANSACTIONS, List.of("transaction_id", "customer_id", "ts", "type", "amount", "currency"),
            LandingSource.CLICKSTREAM, List.of("event_id", "anonymous_id", "ts", "event_type"),
            LandingSource.SURVEYS, List.of("response_id", "customer_id", "ts", "survey_type", "score"));

    /** One landed row: its values by column (null when absent, JSON null or malformed) and its raw text. */
    record Row(LandingSource source, LocalDate landingDate, Path file, Map<String, String> values,
            Set<String> presentFields, String rawText) {
        boolean malformed() {
            return values == null;
        }

        String get(String column) {
            return values.get(column);
        }

        boolean blank(String column) {
            String value = values.get(column);
            return value == null || value.trim().isEmpty();
        }
    }

    /** What the audit found for one source, in the manifest's terms. */
    record Tally(long rows, long files, long validRows, long lateArrivals, long lateMasterData, long duplicates,
            long updatedAtTies, Map<String, Long> badRows, List<String> rowsWithSeveralReasons) {}

    final Map<LandingSource, List<Row>> rows = new EnumMap<>(LandingSource.class);
    final Map<LandingSource, Long> files = new EnumMap<>(LandingSource.class);
    /** Valid, first-copy rows per source after {@link #classify()}. */
    final Map<LandingSource, List<Row>> validRows = new EnumMap<>(LandingSource.class);
    final Map<String, LocalDate> customerFirstLanding = new HashMap<>();

    static LandingZoneAudit read(Path root) throws IOException {
        LandingZoneAudit audit = new LandingZoneAudit();
        for (LandingSource source : LandingSource.values()) {
            List<Row> sourceRows = new ArrayList<>();
            long sourceFiles = 0;
            Path folder = root.resolve(source.folderName());
            if (Files.isDirectory(folder)) {
                for (Path file : sortedFiles(folder)) {
                    sourceFiles++;
                    LocalDate landingDate = landingDate(file);
                    if (source.isCsv()) {
                        readCsv(source, landingDate, file, sourceRows);
                    }
                    else {
                        readJsonLines(source, landingDate, file, sourceRows);
                    }
                }
            }
            audit.rows.put(source, sourceRows);
            audit.files.put(source, sourceFiles);
        }
        return audit;
    }

    /** Landing date order, then path: the order in which the pipeline keeps the first copy of an id. */
    static List<Path> sortedFiles(Path sourceFolder) throws IOException {
        try (Stream<Path> paths = Files.walk(sourceFolder)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static LocalDate landingDate(Path file) {
        Matcher matcher = FOLDER.matcher(file.getParent().getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalStateException("not in a date folder: " + file);
        }
        return LocalDate.parse(matcher.group(1));
    }

    static String text(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<CSVRecord> csvRecords(Path file) throws IOException {
        try (Reader reader = new StringReader(text(file));
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
            return parser.getRecords();
        }
    }

    private static void readCsv(LandingSource source, LocalDate landingDate, Path file, List<Row> into)
            throws IOException {
        List<CSVRecord> records = csvRecords(file);
        List<String> header = records.get(0).toList();
        if (!header.equals(source.columns())) {
            throw new IllegalStateException("header of " + file + " is " + header);
        }
        for (CSVRecord record : records.subList(1, records.size())) {
            String raw = String.join(",", record.toList());
            if (record.size() != header.size()) {
                into.add(new Row(source, landingDate, file, null, Set.of(), raw));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int column = 0; column < header.size(); column++) {
                values.put(header.get(column), record.get(column));
            }
            into.add(new Row(source, landingDate, file, values, values.keySet(), raw));
        }
    }

    private static void readJsonLines(LandingSource source, LocalDate landingDate, Path file, List<Row> into)
            throws IOException {
        for (String line : text(file).split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            }
            catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                into.add(new Row(source, landingDate, file, null, Set.of(), line));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            Set<String> present = new HashSet<>();
            for (String column : source.columns()) {
                JsonNode value = node.get(column);
                if (value != null) {
                    present.add(column);
                }
                values.put(column, value == null || value.isNull() ? null : value.asText());
            }
            into.add(new Row(source, landingDate, file, values, present, line));
        }
    }

    /** The instant of an ISO-8601 timestamp with offset, or null when it is not one. */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }

    static LocalDate utcDate(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Every rule of §5.1 that a (well-formed) row breaks, except those that need other rows. */
    static Set<String> reasons(Row row) {
        Set<String> reasons = new HashSet<>();
        if (row.malformed()) {
            reasons.add("malformed");
            return reasons;
        }
        LandingSource source = row.source();
        for (String column : REQUIRED.get(source)) {
            if (row.blank(column)) {
                reasons.add("missing_field");
            }
        }
        List<String> timestamps = source == LandingSource.CUSTOMERS ? List.of("signup_ts", "updated_at") : List.of("ts");
        Instant limit = row.landingDate().plusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (String column : timestamps) {
            if (row.blank(column)) {
                continue;
            }
            Instant instant = instant(row.get(column));
            if (instant == null) {
                reasons.add("bad_timestamp");
            }
            else if (!instant.isBefore(limit)) {
                reasons.add("timestamp_in_future");
            }
        }
        switch (source) {
            case CUSTOMERS -> {
                if (!row.blank("segment") && !Set.of("B2B", "B2C").contains(row.get("segment"))) {
                    reasons.add("invalid_value");
                }
                if (!row.blank("country") && !row.get("country").matches("[A-Z]{2}")) {
                    reasons.add("invalid_value");
                }
                for (String flag : List.of("consent_tracking", "consent_marketing")) {
                    if (!row.blank(flag) && !Set.of("true", "false").contains(row.get(flag))) {
                        reasons.add("invalid_value");
                    }
                }
            }
            case TRANSACTIONS -> {
                if (!row.blank("type") && !Set.of("purchase", "refund").contains(row.get("type"))) {
                    reasons.add("invalid_value");
                }
                if (!row.blank("amount") && !(AMOUNT.matcher(row.get("amount")).matches()
                        && Double.parseDouble(row.get("amount")) > 0)) {
                    reasons.add("bad_amount");
                }
                if (!row.blank("currency") && !CURRENCIES.contains(row.get("currency"))) {
                    reasons.add("unknown_currency");
                }
            }
            case CLICKSTREAM -> {
                if (!row.blank("event_type") && !EVENT_TYPES.contains(row.get("event_type"))) {
                    reasons.add("unknown_event_type");
                }
            }
            case SURVEYS -> {
                String type = row.get("survey_type");
                if (!row.blank("survey_type") && !SCALES.containsKey(type)) {
                    reasons.add("unknown_survey_type");
                }
                else if (!row.blank("survey_type")) {
                    int[] scale = SCALES.get(type);
                    if (!row.blank("score") && !inScale(row.get("score"), scale)) {
                        reasons.add("score_out_of_range");
                    }
                    if (!row.blank("expectation_score") && !inScale(row.get("expectation_score"), scale)) {
                        reasons.add("score_out_of_range");
                    }
                }
            }
        }
        return reasons;
    }

    private static boolean inScale(String text, int[] scale) {
        if (!INTEGER.matcher(text.trim()).matches()) {
            return false;
        }
        int value = Integer.parseInt(text.trim());
        return value >= scale[0] && value <= scale[1];
    }

    static String idColumn(LandingSource source) {
        return switch (source) {
            case CUSTOMERS -> null;
            case TRANSACTIONS -> "transaction_id";
            case CLICKSTREAM -> "event_id";
            case SURVEYS -> "response_id";
        };
    }

    /** Classifies every row, customers first (the others refer to them). */
    Map<LandingSource, Tally> classify() {
        Map<LandingSource, Tally> tallies = new EnumMap<>(LandingSource.class);
        for (LandingSource source : LandingSource.values()) {
            tallies.put(source, classify(source));
        }
        return tallies;
    }

    private Tally classify(LandingSource source) {
        Map<String, Long> bad = new TreeMap<>();
        List<String> several = new ArrayList<>();
        List<Row> valid = new ArrayList<>();
        Map<String, Row> firstCopies = new HashMap<>();
        Map<String, List<Row>> customerVersions = new HashMap<>();
        long duplicates = 0;
        long late = 0;
        long lateMaster = 0;
        long ties = 0;
        for (Row row : rows.get(source)) {
            Set<String> reasons = reasons(row);
            if (reasons.isEmpty() && (source == LandingSource.TRANSACTIONS || source == LandingSource.SURVEYS)
                    && !customerFirstLanding.containsKey(row.get("customer_id"))) {
                reasons.add("unknown_customer");
            }
            if (reasons.size() > 1) {
                several.add(reasons + " " + row.rawText());
            }
            if (!reasons.isEmpty()) {
                for (String reason : reasons) {
                    bad.merge(reason, 1L, Long::sum);
                }
                continue;
            }
            String key = source == LandingSource.CUSTOMERS ? row.rawText() : row.get(idColumn(source));
            Row first = firstCopies.putIfAbsent(key, row);
            if (first != null) {
                if (!first.rawText().equals(row.rawText())) {
                    several.add("duplicate id with other content: " + row.rawText());
                }
                duplicates++;
                continue;
            }
            valid.add(row);
            LocalDate timestampDate = utcDate(instant(row.get(source == LandingSource.CUSTOMERS ? "updated_at" : "ts")));
            switch (source) {
                case CUSTOMERS -> {
                    String customerId = row.get("customer_id");
                    List<Row> versions = customerVersions.computeIfAbsent(customerId, id -> new ArrayList<>());
                    boolean tie = versions.stream().anyMatch(earlier -> earlier.get("updated_at").equals(row.get("updated_at")));
                    boolean firstRow = versions.isEmpty();
                    if (firstRow) {
                        customerFirstLanding.put(customerId, row.landingDate());
                        if (row.landingDate().isAfter(utcDate(instant(row.get("signup_ts"))))) {
                            lateMaster++;
                        }
                    }
                    else if (tie) {
                        ties++;
                    }
                    if (!firstRow && !tie && row.landingDate().isAfter(timestampDate)) {
                        late++;
                    }
                    versions.add(row);
                }
                case TRANSACTIONS, SURVEYS -> {
                    if (row.landingDate().isBefore(customerFirstLanding.get(row.get("customer_id")))) {
                        lateMaster++;
                    }
                    late += row.landingDate().isAfter(timestampDate) ? 1 : 0;
                }
                case CLICKSTREAM -> late += row.landingDate().isAfter(timestampDate) ? 1 : 0;
            }
        }
        validRows.put(source, valid);
        return new Tally(rows.get(source).size(), files.get(source), valid.size(), late, lateMaster, duplicates,
                ties, bad, several);
    }
}
