package io.engagementlake.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.engagementlake.bronze.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Bad-input corpus: takes valid rows from a generated landing zone, gives them ids of their
 * own, and writes one mutated file per source and {@link Mutation} into the landing folder of
 * {@code landingDate}, with the outcome PIPELINE.md §5.1 asks for each record. Deterministic
 * for a landing zone and seed.
 */
public final class FuzzCorpus {
    /** Rows per mutated file. */
    static final int ROWS = 6;
    public static final String KEPT = "kept";

    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISO_INSTANT = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$";
    private static final String BAD_BYTES_1 = "@@BAD1@@";
    private static final String BAD_BYTES_2 = "@@BAD2@@";
    private static final String BARE_NAN = "@@NAN@@";
    private static final String BARE_INFINITY = "@@INF@@";
    private static final int HUGE = 1 << 20;
    private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP", "SEK");
    private static final Set<String> EVENT_TYPES = Set.of("page_view", "product_view", "add_to_cart", "checkout",
            "order_completed", "login", "share", "comment", "review", "referral_invite", "support_chat");
    private static final Map<String, int[]> SCALES = Map.of(
            "relationship_nps", new int[] {0, 10}, "transactional_nps", new int[] {0, 10},
            "csat", new int[] {1, 5}, "ces", new int[] {1, 7});
    /** A free-text column of each source, where text mutations go. */
    private static final Map<String, String> TEXT_COLUMN = Map.of(
            "customers", "acquisition_channel", "transactions", "product_category", "surveys", "touchpoint", "clickstream", "page_url");
    private static final Map<String, String> TIMESTAMP_COLUMN = Map.of(
            "customers", "signup_ts", "transactions", "ts", "surveys", "ts", "clickstream", "ts");

    /** What should become of one record of a mutated file: {@code id} null when it has none to find. */
    public record Expected(String id, String outcome) {}

    /**
     * One mutated file (or, for {@link Mutation#EMPTY_DATE_FOLDER}, folder) and the fate of
     * each of its records, in file order; {@code driftColumns} the columns it adds to its contract.
     */
    public record FuzzFile(String source, Mutation mutation, Path path, List<Expected> records, List<String> driftColumns) {
        public long count(String outcome) {
            return records.stream().filter(record -> record.outcome().equals(outcome)).count();
        }

        public Set<String> keptIds() {
            Set<String> ids = new HashSet<>();
            records.stream().filter(record -> record.outcome().equals(KEPT)).forEach(record -> ids.add(record.id()));
            return ids;
        }

        /** Outcome -> records, without {@code kept}. */
        public Map<String, Long> quarantinedByReason() {
            Map<String, Long> reasons = new java.util.TreeMap<>();
            records.stream().filter(record -> !record.outcome().equals(KEPT))
                    .forEach(record -> reasons.merge(record.outcome(), 1L, Long::sum));
            return reasons;
        }
    }

    private final Path landingRoot;
    private final LocalDate landingDate;
    private final Random random;
    private final Set<String> knownCustomers = new HashSet<>();
    private final Map<String, List<Map<String, String>>> validRows = new LinkedHashMap<>();

    private FuzzCorpus(Path landingRoot, LocalDate landingDate, long seed) {
        this.landingRoot = landingRoot;
        this.landingDate = landingDate;
        this.random = new Random(seed);
    }

    /**
     * Writes the corpus into the generated landing zone at {@code landingRoot}, files in the
     * folders of {@code landingDate} (the as-of date of the run that reads them), empty date
     * folders the day before the zone's first date.
     */
    public static List<FuzzFile> write(Path landingRoot, LocalDate landingDate, long seed) throws IOException {
        FuzzCorpus corpus = new FuzzCorpus(landingRoot, landingDate, seed);
        corpus.readValidRows();
        List<FuzzFile> files = new ArrayList<>();
        for (String source : List.of("customers", "transactions", "surveys", "clickstream")) {
            for (Mutation mutation : Mutation.values()) {
                if (mutation.appliesTo(source)) {
                    files.addAll(source.equals("clickstream") ? corpus.jsonFiles(mutation) : corpus.csvFiles(source, mutation));
                }
            }
        }
        return files;
    }

    // ---------------------------------------------------------------- valid rows of the generated zone

    private void readValidRows() throws IOException {
        // Customers first: transactions and surveys keep only rows of customers that landed valid.
        for (String source : List.of("customers", "transactions", "surveys", "clickstream")) {
            List<Map<String, String>> valid = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Path file : generatedFiles(source)) {
                LocalDate landed = LocalDate.parse(file.getParent().getFileName().toString().substring("date=".length()));
                for (Map<String, String> row : source.equals("clickstream") ? jsonRows(file) : csvRows(source, file)) {
                    if (isValid(source, row, landed) && ids.add(row.get(columns(source).get(0)))) {
                        valid.add(row);
                        if (source.equals("customers")) {
                            knownCustomers.add(row.get("customer_id"));
                        }
                    }
                }
            }
            if (valid.size() < ROWS) {
                throw new IllegalStateException("the generated landing zone has only " + valid.size() + " valid " + source + " rows");
            }
            validRows.put(source, valid);
        }
    }

    private List<Path> generatedFiles(String source) throws IOException {
        try (Stream<Path> files = Files.walk(landingRoot.resolve(source))) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
    }

    private static List<Map<String, String>> csvRows(String source, Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> columns = columns(source);
        for (CSVRecord record : CSV.parse(new StringReader(Files.readString(file, StandardCharsets.UTF_8))).getRecords()) {
            if (record.getRecordNumber() == 1 || record.size() != columns.size()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), record.get(i).isEmpty() ? null : record.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, String>> jsonRows(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = file.toString().endsWith(".gz")
                ? new String(new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes(), StandardCharsets.UTF_8)
                : new String(bytes, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            }
            catch (IOException e) {
                continue;
            }
            if (node == null || !node.isObject()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String column : columns("clickstream")) {
                JsonNode value = node.get(column);
                row.put(column, value == null || value.isNull() || !value.isTextual() ? null : value.asText());
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rules of PIPELINE.md §5.1 that a row must pass to be kept, for the rows a mutation starts from. */
    private boolean isValid(String source, Map<String, String> row, LocalDate landed) {
        List<String> required = switch (source) {
            case "customers" -> List.of("customer_id", "segment", "country", "signup_ts", "consent_tracking", "consent_marketing", "updated_at");
            case "transactions" -> List.of("transaction_id", "customer_id", "ts", "type", "amount", "currency");
            case "surveys" -> List.of("response_id", "customer_id", "ts", "survey_type", "score");
            default -> List.of("event_id", "anonymous_id", "ts", "event_type");
        };
        for (String column : required) {
            if (blank(row.get(column))) {
                return false;
            }
        }
        for (String column : row.keySet()) {
            String value = row.get(column);
            if (value != null && (!value.equals(value.trim()) || value.contains("\uFFFD"))) {
                return false;
            }
        }
        switch (source) {
            case "customers" -> {
                return validInstant(row.get("signup_ts"), landed) && validInstant(row.get("updated_at"), landed)
                        && Set.of("B2B", "B2C").contains(row.get("segment")) && row.get("country").matches("[A-Za-z]{2}")
                        && Set.of("true", "false").contains(row.get("consent_tracking").toLowerCase())
                        && Set.of("true", "false").contains(row.get("consent_marketing").toLowerCase());
            }
            case "transactions" -> {
                String amount = row.get("amount");
                return validInstant(row.get("ts"), landed) && knownCustomers.contains(row.get("customer_id"))
                        && Set.of("purchase", "refund").contains(row.get("type"))
                        && amount.matches("\\d{1,14}(\\.\\d{1,4})?") && new java.math.BigDecimal(amount).signum() > 0
                        && CURRENCIES.contains(row.get("currency").toUpperCase());
            }
            case "surveys" -> {
                int[] scale = SCALES.get(row.get("survey_type"));
                return validInstant(row.get("ts"), landed) && knownCustomers.contains(row.get("customer_id")) && scale != null
                        && inScale(row.get("score"), scale)
                        && (row.get("expectation_score") == null || inScale(row.get("expectation_score"), scale));
            }
            default -> {
                // Anonymous events only: no consent or stitching decides their fate.
                return validInstant(row.get("ts"), landed) && EVENT_TYPES.contains(row.get("event_type")) && row.get("customer_id") == null;
            }
        }
    }

    /** ISO-8601 with offset, and not more than a day after both its own landing date and the corpus's. */
    private boolean validInstant(String text, LocalDate landed) {
        if (text == null || !text.matches(ISO_INSTANT)) {
            return false;
        }
        try {
            LocalDate date = OffsetDateTime.parse(text).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
            return !date.isAfter(landed.plusDays(1)) && !date.isAfter(landingDate.plusDays(1));
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean inScale(String text, int[] scale) {
        if (text == null || !text.matches("[+-]?\\d{1,9}")) {
            return false;
        }
        int value = Integer.parseInt(text);
        return value >= scale[0] && value <= scale[1];
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static List<String> columns(String source) {
        return Source.fromFolder(source).rawContract().columnNames();
    }

    /** {@link #ROWS} valid rows of {@code source}, chosen by the seed, with ids of the mutation's own. */
    private List<Map<String, String>> baseRows(String source, Mutation mutation) {
        List<Map<String, String>> pool = new ArrayList<>(validRows.get(source));
        Collections.shuffle(pool, random);
        String idColumn = columns(source).get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Map<String, String> row = new LinkedHashMap<>(pool.get(i));
            row.put(idColumn, mutation.idPrefix(source) + String.format("%02d-", i) + row.get(idColumn));
            if (source.equals("clickstream")) {
                row.put("anonymous_id", mutation.idPrefix(source) + "anon-" + row.get("anonymous_id"));
            }
            rows.add(row);
        }
        return rows;
    }

    private Path folder(String source, LocalDate date) throws IOException {
        Path folder = landingRoot.resolve(source).resolve("date=" + date);
        Files.createDirectories(folder);
        return folder;
    }

    private Path file(String source, Mutation mutation, String extension) throws IOException {
        return folder(source, landingDate).resolve("fuzz-" + mutation.name().toLowerCase() + extension);
    }

    private LocalDate emptyFolderDate() throws IOException {
        try (Stream<Path> folders = Files.list(landingRoot.resolve("customers"))) {
            return folders.map(folder -> LocalDate.parse(folder.getFileName().toString().substring("date=".length())))
                    .min(LocalDate::compareTo).orElseThrow().minusDays(1);
        }
    }

    // ---------------------------------------------------------------- CSV sources

    private List<FuzzFile> csvFiles(String source, Mutation mutation) throws IOException {
        List<String> columns = columns(source);
        String idColumn = columns.get(0);
        String text = TEXT_COLUMN.get(source);
        List<Map<String, String>> rows = baseRows(source, mutation);
        List<String> outcomes = new ArrayList<>(Collections.nCopies(ROWS, KEPT));
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(columns);
        List<String> drift = List.of();
        String prefix = "";
        boolean lastLineEnd = true;
        switch (mutation) {
            case EMPTY_FILE -> {
                Path file = file(source, mutation, ".csv");
                Files.write(file, new byte[0]);
                return List.of(new FuzzFile(source, mutation, file, List.of(), List.of()));
            }
            case HEADER_ONLY -> {
                Path file = file(source, mutation, ".csv");
                Files.writeString(file, csvLine(columns) + "\n", StandardCharsets.UTF_8);
                return List.of(new FuzzFile(source, mutation, file, List.of(), List.of()));
            }
            case EMPTY_DATE_FOLDER -> {
                return List.of(new FuzzFile(source, mutation, folder(source, emptyFolderDate()), List.of(), List.of()));
            }
            default -> {
                // Mutations below edit rows (values) or lines (text).
            }
        }
        switch (mutation) {
            case EMBEDDED_NEWLINE -> {
                rows.get(1).put(text, "first line\nsecond line");
                rows.get(3).put(text, "windows\r\nline end, and a comma");
            }
            case HUGE_FIELD -> {
                rows.get(2).put(text, "x".repeat(HUGE));
                rows.get(4).put(text, "a, \"b\" ".repeat(HUGE / 7));
            }
            case THOUSANDS_SEPARATOR -> {
                if (source.equals("transactions")) {
                    rows.get(1).put("amount", "1,234.50");
                    rows.get(3).put("amount", "1 234,50");
                    outcomes.set(1, "bad_amount");
                    outcomes.set(3, "bad_amount");
                }
                else {
                    rows.get(1).put("score", "1,000");
                    outcomes.set(1, "score_out_of_range");
                }
            }
            case NAN_INFINITY -> {
                if (source.equals("transactions")) {
                    rows.get(1).put("amount", "NaN");
                    rows.get(2).put("amount", "Infinity");
                    rows.get(3).put("amount", "-Infinity");
                    outcomes.set(1, "bad_amount");
                    outcomes.set(2, "bad_amount");
                    outcomes.set(3, "bad_amount");
                }
                else {
                    rows.get(1).put("score", "NaN");
                    rows.get(2).put("expectation_score", "Infinity");
                    outcomes.set(1, "score_out_of_range");
                    outcomes.set(2, "score_out_of_range");
                }
            }
            case OTHER_DATE_FORMAT -> {
                String first = TIMESTAMP_COLUMN.get(source);
                String second = source.equals("customers") ? "updated_at" : first;
                rows.get(1).put(first, "31/03/2025");
                rows.get(2).put(first, Long.toString(OffsetDateTime.parse(rows.get(2).get(first)).toInstant().toEpochMilli()));
                rows.get(3).put(second, "2025-03-31 10:00:00");
                rows.get(4).put(second, "2025-03-31");
                for (int i = 1; i <= 4; i++) {
                    outcomes.set(i, "bad_timestamp");
                }
            }
            case INVALID_UTF8 -> {
                rows.get(2).put(text, "caf" + BAD_BYTES_1 + " au lait");
                rows.get(4).put(text, "x" + BAD_BYTES_2 + "y");
                outcomes.set(2, "malformed");
                outcomes.set(4, "malformed");
            }
            case SCHEMA_DRIFT -> {
                header.add(2, "loyalty_tier");
                drift = List.of("loyalty_tier");
            }
            case BYTE_ORDER_MARK -> prefix = "\uFEFF";
            default -> {
                // Line-level mutations below.
            }
        }
        for (int i = 0; i < ROWS; i++) {
            List<String> values = new ArrayList<>(rows.get(i).values());
            if (mutation == Mutation.SCHEMA_DRIFT) {
                values.add(2, i == 3 ? "gold, \"plus\"" : "gold");
            }
            lines.add(csvLine(values));
        }
        switch (mutation) {
            case TRUNCATED_LINE -> {
                lines.set(2, truncate(lines.get(2)));
                lines.set(5, truncate(lines.get(5)));
                lastLineEnd = false;
                outcomes.set(2, "malformed");
                outcomes.set(5, "malformed");
            }
            case STRAY_QUOTE -> {
                // A quote inside an unquoted value: an ordinary character.
                List<String> values = new ArrayList<>(rows.get(1).values());
                String original = values.get(columns.indexOf(text));
                String value = blank(original) || original.replaceAll("[\",\r\n]", "").isBlank()
                        ? "web" : original.replaceAll("[\",\r\n]", "").trim();
                values.set(columns.indexOf(text), value.substring(0, 1) + "\"" + value.substring(1));
                lines.set(1, rawLine(values, columns.indexOf(text)));
                // An opening quote never closed: the rest of the file is one field of the last record.
                List<String> last = new ArrayList<>(rows.get(5).values());
                int timestamp = columns.indexOf(TIMESTAMP_COLUMN.get(source));
                last.set(timestamp, "\"" + last.get(timestamp));
                lines.set(5, rawLine(last, timestamp));
                outcomes.set(5, "malformed");
            }
            case TOO_FEW_FIELDS, TOO_MANY_FIELDS -> {
                for (int i : new int[] {1, 4}) {
                    List<String> values = new ArrayList<>(rows.get(i).values());
                    if (mutation == Mutation.TOO_FEW_FIELDS) {
                        values.remove(values.size() - 1);
                    }
                    else {
                        values.add(i == 1 ? "unexpected" : "");
                    }
                    lines.set(i, csvLine(values));
                    outcomes.set(i, "malformed");
                }
            }
            default -> {
                // Done above.
            }
        }
        StringBuilder content = new StringBuilder(prefix).append(csvLine(header)).append('\n');
        for (int i = 0; i < lines.size(); i++) {
            content.append(lines.get(i));
            if (i < lines.size() - 1 || lastLineEnd) {
                content.append('\n');
            }
        }
        Path file = file(source, mutation, ".csv");
        Files.write(file, bytes(content.toString()));
        List<Expected> expected = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            expected.add(new Expected(rows.get(i).get(idColumn), outcomes.get(i)));
        }
        return List.of(new FuzzFile(source, mutation, file, expected, drift));
    }

    private static String csvLine(List<String> values) {
        return CSV.format(values.toArray());
    }

    /** A CSV line with the field at {@code rawField} written as is, the others quoted as needed. */
    private static String rawLine(List<String> values, int rawField) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            fields.add(i == rawField ? values.get(i) : CSV.format(new Object[] {values.get(i)}));
        }
        return String.join(",", fields);
    }

    /** The line cut inside its third field: two fields and a half. */
    private static String truncate(String line) {
        int secondComma = line.indexOf(',', line.indexOf(',') + 1);
        return line.substring(0, secondComma + 3);
    }

    /** UTF-8 text with the markers replaced by bytes that are not UTF-8. */
    private static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String rest = text;
        while (true) {
            int first = rest.indexOf(BAD_BYTES_1);
            int second = rest.indexOf(BAD_BYTES_2);
            int at = first < 0 ? second : second < 0 ? first : Math.min(first, second);
            if (at < 0) {
                out.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
                return out.toByteArray();
            }
            out.writeBytes(rest.substring(0, at).getBytes(StandardCharsets.UTF_8));
            if (at == first) {
                out.write(0xE9);
            }
            else {
                out.write(0xFF);
                out.write(0xFE);
            }
            rest = rest.substring(at + BAD_BYTES_1.length());
        }
    }

    // ---------------------------------------------------------------- JSON lines (clickstream)

    private List<FuzzFile> jsonFiles(Mutation mutation) throws IOException {
        String source = "clickstream";
        switch (mutation) {
            case EMPTY_FILE -> {
                Path plain = file(source, mutation, ".jsonl");
                Path gzip = file(source, mutation, ".jsonl.gz");
                Files.write(plain, new byte[0]);
                Files.write(gzip, new byte[0]);
                return List.of(new FuzzFile(source, mutation, plain, List.of(), List.of()),
                        new FuzzFile(source, mutation, gzip, List.of(), List.of()));
            }
            case EMPTY_CONTENT -> {
                Path gzip = file(source, mutation, ".jsonl.gz");
                Files.write(gzip, gzip(new byte[0]));
                Path blank = file(source, mutation, ".jsonl");
                Files.writeString(blank, "\n\n   \n", StandardCharsets.UTF_8);
                return List.of(new FuzzFile(source, mutation, gzip, List.of(), List.of()),
                        new FuzzFile(source, mutation, blank, List.of(), List.of()));
            }
            case EMPTY_DATE_FOLDER -> {
                return List.of(new FuzzFile(source, mutation, folder(source, emptyFolderDate()), List.of(), List.of()));
            }
            default -> {
                // Row mutations below.
            }
        }
        List<Map<String, String>> rows = baseRows(source, mutation);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            row.forEach((column, value) -> {
                if (!column.equals("customer_id")) {
                    object.put(column, value);
                }
            });
            objects.add(object);
        }
        List<String> outcomes = new ArrayList<>(Collections.nCopies(ROWS, KEPT));
        List<String> drift = List.of();
        switch (mutation) {
            case EMBEDDED_NEWLINE -> {
                objects.get(1).put("page_url", "https://example.com/a\nb");
                objects.get(3).put("referrer", "windows\r\nline end");
            }
            case HUGE_FIELD -> objects.get(2).put("page_url", "https://example.com/" + "x".repeat(HUGE));
            case INVALID_UTF8 -> {
                objects.get(2).put("page_url", "caf" + BAD_BYTES_1 + " au lait");
                objects.get(4).put("page_url", "x" + BAD_BYTES_2 + "y");
                outcomes.set(2, "malformed");
                outcomes.set(4, "malformed");
            }
            case TOO_FEW_FIELDS -> {
                objects.get(1).remove("event_type");
                objects.get(3).remove("ts");
                outcomes.set(1, "missing_field");
                outcomes.set(3, "missing_field");
            }
            case OTHER_DATE_FORMAT -> {
                objects.get(1).put("ts", "31/03/2025");
                objects.get(2).put("ts", OffsetDateTime.parse((String) objects.get(2).get("ts")).toInstant().toEpochMilli());
                objects.get(3).put("ts", "2025-03-31 10:00:00");
                objects.get(4).put("ts", "2025-03-31");
                for (int i = 1; i <= 4; i++) {
                    outcomes.set(i, "bad_timestamp");
                }
            }
            case NAN_INFINITY -> {
                objects.get(1).put("ts", BARE_NAN);
                objects.get(2).put("ts", BARE_INFINITY);
                outcomes.set(1, "bad_timestamp");
                outcomes.set(2, "bad_timestamp");
            }
            case SCHEMA_DRIFT -> {
                for (Map<String, Object> object : objects) {
                    object.put("experiment", "variant-b");
                }
                objects.get(2).put("context", Map.of("app", "ios", "build", 512));
                drift = List.of("context", "experiment");
            }
            default -> {
                // Line-level mutations below.
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            lines.add(JSON.writeValueAsString(object).replace("\"" + BARE_NAN + "\"", "NaN").replace("\"" + BARE_INFINITY + "\"", "Infinity"));
        }
        List<Expected> expected = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            expected.add(new Expected(rows.get(i).get("event_id"), outcomes.get(i)));
        }
        boolean lastLineEnd = true;
        String prefix = "";
        switch (mutation) {
            case TRUNCATED_LINE -> {
                lines.set(2, lines.get(2).substring(0, lines.get(2).length() / 2));
                lines.set(5, lines.get(5).substring(0, lines.get(5).length() / 2));
                lastLineEnd = false;
                expected.set(2, new Expected(expected.get(2).id(), "malformed"));
                expected.set(5, new Expected(expected.get(5).id(), "malformed"));
            }
            case BROKEN_JSON, BROKEN_JSON_GZIP -> {
                lines.set(1, lines.get(1).substring(0, lines.get(1).length() - 1));
                lines.set(2, lines.get(2).substring(0, lines.get(2).length() - 1) + ",}");
                lines.set(3, lines.get(3).replaceFirst("\"event_type\":\"([a-z_]+)\"", "\"event_type\":$1"));
                for (int i = 1; i <= 3; i++) {
                    expected.set(i, new Expected(expected.get(i).id(), "malformed"));
                }
            }
            case NON_OBJECT_LINES -> {
                List<String> between = List.of("[1,2]", "\"just text\"", "42", "null", "true");
                for (int i = between.size() - 1; i >= 0; i--) {
                    lines.add(i + 1, between.get(i));
                    expected.add(i + 1, new Expected(null, "malformed"));
                }
            }
            case BYTE_ORDER_MARK -> prefix = "\uFEFF";
            default -> {
                // Done above.
            }
        }
        StringBuilder content = new StringBuilder(prefix);
        for (int i = 0; i < lines.size(); i++) {
            content.append(lines.get(i));
            if (i < lines.size() - 1 || lastLineEnd) {
                content.append('\n');
            }
        }
        boolean gzip = mutation == Mutation.BROKEN_JSON_GZIP;
        Path file = file(source, mutation, gzip ? ".jsonl.gz" : ".jsonl");
        Files.write(file, gzip ? gzip(bytes(content.toString())) : bytes(content.toString()));
        return List.of(new FuzzFile(source, mutation, file, expected, drift));
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
