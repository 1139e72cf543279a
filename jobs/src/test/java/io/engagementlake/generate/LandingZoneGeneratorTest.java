package io.engagementlake.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.engagementlake.generate.LandingZoneAudit.Row;
import io.engagementlake.generate.LandingZoneAudit.Tally;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates one small landing zone and checks it against the contract (PIPELINE.md §5) and
 * against its own manifest, re-reading every file independently of the generator.
 */
class LandingZoneGeneratorTest {
    private static final LocalDate END = LocalDate.of(2026, 6, 30);
    private static final GeneratorOptions OPTIONS_TEMPLATE = new GeneratorOptions(Path.of("unused"), 2500, 120, END, 42, 2);

    @TempDir
    static Path temporary;

    private static Path landingZone;
    private static GenerationSummary summary;
    private static LandingZoneAudit audit;
    private static Map<LandingSource, Tally> tallies;

    @BeforeAll
    static void generate() throws IOException {
        landingZone = temporary.resolve("landing");
        summary = LandingZoneGenerator.generate(withOut(OPTIONS_TEMPLATE, landingZone));
        audit = LandingZoneAudit.read(landingZone);
        tallies = audit.classify();
    }

    private static GeneratorOptions withOut(GeneratorOptions options, Path out) {
        return new GeneratorOptions(out, options.customers(), options.days(), options.endDate(), options.seed(),
                options.threads());
    }

    // ---- layout

    @Test
    void writesOneFolderPerSourceAndLandingDateWithOnePartFilePerShard() throws IOException {
        try (Stream<Path> top = Files.list(landingZone)) {
            assertThat(top.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("customers", "transactions", "clickstream", "surveys", "_manifest.json");
        }
        Set<LocalDate> clickstreamDates = new HashSet<>();
        for (LandingSource source : LandingSource.values()) {
            for (Path file : LandingZoneAudit.sortedFiles(landingZone.resolve(source.folderName()))) {
                assertThat(landingZone.relativize(file).getNameCount()).as(file.toString()).isEqualTo(3);
                Matcher folder = LandingZoneAudit.FOLDER.matcher(file.getParent().getFileName().toString());
                assertThat(folder.matches()).as(file.toString()).isTrue();
                LocalDate date = LocalDate.parse(folder.group(1));
                assertThat(date).isBetween(OPTIONS_TEMPLATE.startDate(), END);
                Matcher part = LandingZoneAudit.PART_FILE.matcher(file.getFileName().toString());
                assertThat(part.matches()).as(file.toString()).isTrue();
                assertThat(Integer.parseInt(part.group(1))).isLessThan(OPTIONS_TEMPLATE.threads());
                String extension = part.group(2);
                if (source.isCsv()) {
                    assertThat(extension).isEqualTo("csv");
                }
                else {
                    assertThat(extension).isEqualTo(date.toEpochDay() % 2 == 0 ? "jsonl.gz" : "jsonl");
                    clickstreamDates.add(date);
                }
                assertThat(Files.size(file)).as("no empty files: " + file).isPositive();
            }
        }
        assertThat(clickstreamDates).hasSizeGreaterThan(100);
    }

    @Test
    void gzipFilesAreRealGzipOfJsonLines() throws IOException {
        List<Path> gzipFiles = LandingZoneAudit.sortedFiles(landingZone.resolve("clickstream")).stream()
                .filter(file -> file.toString().endsWith(".gz")).toList();
        assertThat(gzipFiles).isNotEmpty();
        for (Path file : gzipFiles) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(text).endsWith("\n").startsWith("{");
            }
        }
    }

    @Test
    void everyCsvFileParsesAndHasTheHeadersColumnCountExceptInjectedMalformedRows() throws IOException {
        for (LandingSource source : List.of(LandingSource.CUSTOMERS, LandingSource.TRANSACTIONS, LandingSource.SURVEYS)) {
            long wrongColumnCount = 0;
            for (Path file : LandingZoneAudit.sortedFiles(landingZone.resolve(source.folderName()))) {
                List<CSVRecord> records = LandingZoneAudit.csvRecords(file);
                assertThat(records.get(0).toList()).as(file.toString()).isEqualTo(source.columns());
                assertThat(records).as("a header and at least one row: " + file).hasSizeGreaterThan(1);
                wrongColumnCount += records.stream().skip(1).filter(record -> record.size() != source.columns().size()).count();
            }
            assertThat(wrongColumnCount).as(source.folderName())
                    .isEqualTo(summary.source(source).badRows(BadRowKind.MALFORMED)).isPositive();
        }
        assertThat(LandingSource.CUSTOMERS.columns()).containsExactly("customer_id", "account_id", "segment", "country",
                "signup_ts", "acquisition_channel", "referred_by", "email", "consent_tracking", "consent_marketing", "updated_at");
        assertThat(LandingSource.TRANSACTIONS.columns()).containsExactly("transaction_id", "customer_id", "ts", "type",
                "amount", "currency", "product_category", "channel");
        assertThat(LandingSource.SURVEYS.columns()).containsExactly("response_id", "customer_id", "ts", "survey_type",
                "touchpoint", "score", "expectation_score", "comment");
    }

    @Test
    void surveyCommentsExerciseCsvQuoting() {
        List<String> comments = audit.validRows.get(LandingSource.SURVEYS).stream().map(row -> row.get("comment")).toList();
        assertThat(comments).anyMatch(comment -> comment.contains(","));
        assertThat(comments).anyMatch(comment -> comment.contains("\""));
        assertThat(comments).anyMatch(comment -> comment.contains("\n"));
        assertThat(comments).anyMatch(String::isEmpty);
    }

    // ---- the manifest tells the truth

    @Test
    void manifestIsTheSummaryAsJson() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(landingZone.resolve(LandingZoneGenerator.MANIFEST_FILE).toFile());

        assertThat(manifest.get("customers").asInt()).isEqualTo(2500);
        assertThat(manifest.get("days").asInt()).isEqualTo(120);
        assertThat(manifest.get("start_date").asText()).isEqualTo("2026-03-03");
        assertThat(manifest.get("end_date").asText()).isEqualTo("2026-06-30");
        assertThat(manifest.get("seed").asLong()).isEqualTo(42);
        assertThat(manifest.get("threads").asInt()).isEqualTo(2);
        assertThat(manifest.get("total_rows").asLong()).isEqualTo(summary.totalRows());
        assertThat(manifest.get("total_files").asLong()).isEqualTo(summary.totalFiles());
        for (LandingSource source : LandingSource.values()) {
            JsonNode node = manifest.get("sources").get(source.folderName());
            SourceSummary expected = summary.source(source);
            assertThat(node.get("rows").asLong()).isEqualTo(expected.rows());
            assertThat(node.get("files").asLong()).isEqualTo(expected.files());
            assertThat(node.get("valid_rows").asLong()).isEqualTo(expected.validRows());
            assertThat(node.get("late_arrivals").asLong()).isEqualTo(expected.lateArrivals());
            assertThat(node.get("late_master_data").asLong()).isEqualTo(expected.lateMasterData());
            assertThat(node.get("duplicates").asLong()).isEqualTo(expected.duplicates());
            assertThat(node.get("updated_at_ties").asLong()).isEqualTo(expected.updatedAtTies());
            assertThat(node.get("bad_rows_total").asLong()).isEqualTo(expected.badRowsTotal());
            Map<String, Long> badRows = new TreeMap<>();
            node.get("bad_rows").fields().forEachRemaining(entry -> badRows.put(entry.getKey(), entry.getValue().asLong()));
            assertThat(badRows).isEqualTo(new TreeMap<>(expected.badRows()));
            assertThat(badRows.keySet()).containsExactlyInAnyOrderElementsOf(
                    source.badRowKinds().stream().map(BadRowKind::code).toList());
        }
    }

    @Test
    void manifestCountsEqualWhatTheFilesContain() {
        for (LandingSource source : LandingSource.values()) {
            SourceSummary expected = summary.source(source);
            Tally found = tallies.get(source);
            String name = source.folderName();
            assertThat(found.rows()).as(name + " rows").isEqualTo(expected.rows());
            assertThat(found.files()).as(name + " files").isEqualTo(expected.files());
            assertThat(found.validRows()).as(name + " valid rows").isEqualTo(expected.validRows());
            assertThat(found.duplicates()).as(name + " duplicates").isEqualTo(expected.duplicates());
            assertThat(found.lateArrivals()).as(name + " late arrivals").isEqualTo(expected.lateArrivals());
            assertThat(found.lateMasterData()).as(name + " late master data").isEqualTo(expected.lateMasterData());
            assertThat(found.updatedAtTies()).as(name + " updated_at ties").isEqualTo(expected.updatedAtTies());
            Map<String, Long> expectedBadRows = new TreeMap<>(expected.badRows());
            expectedBadRows.values().removeIf(count -> count == 0);
            assertThat(found.badRows()).as(name + " bad rows").isEqualTo(expectedBadRows);
            assertThat(expected.rows()).isEqualTo(expected.validRows() + expected.duplicates() + expected.badRowsTotal());
        }
    }

    @Test
    void everyInjectedBadRowIsBadForExactlyOneReason() {
        for (LandingSource source : LandingSource.values()) {
            assertThat(tallies.get(source).rowsWithSeveralReasons()).as(source.folderName()).isEmpty();
        }
    }

    @Test
    void injectsEveryKindOfTroubleAtRealisticRates() {
        for (LandingSource source : LandingSource.values()) {
            SourceSummary counts = summary.source(source);
            for (BadRowKind kind : source.badRowKinds()) {
                assertThat(counts.badRows(kind)).as(source.folderName() + " " + kind.code()).isPositive();
                assertThat(counts.badRows(kind) / (double) counts.rows()).as(source.folderName() + " " + kind.code())
                        .isBetween(0.0005, 0.008);
            }
            assertThat(counts.duplicates()).as(source.folderName()).isPositive();
            assertThat(counts.lateArrivals()).as(source.folderName()).isPositive();
        }
        SourceSummary clickstream = summary.source(LandingSource.CLICKSTREAM);
        assertThat(clickstream.lateArrivals() / (double) clickstream.validRows()).isCloseTo(0.02, within(0.005));
        assertThat(summary.source(LandingSource.CUSTOMERS).lateMasterData()).isPositive();
        assertThat(summary.source(LandingSource.CUSTOMERS).updatedAtTies()).isPositive();
        assertThat(summary.source(LandingSource.TRANSACTIONS).lateMasterData()).isPositive();
    }

    // ---- valid rows are fully valid

    @Test
    void validRowsLandOnTheDateOfTheirTimestampOrUpToTwoDaysLater() {
        for (LandingSource source : List.of(LandingSource.TRANSACTIONS, LandingSource.CLICKSTREAM, LandingSource.SURVEYS)) {
            for (Row row : audit.validRows.get(source)) {
                LocalDate timestampDate = LandingZoneAudit.utcDate(LandingZoneAudit.instant(row.get("ts")));
                assertThat(timestampDate).as(row.rawText()).isBetween(row.landingDate().minusDays(2), row.landingDate());
            }
        }
    }

    @Test
    void transactionsAndSurveysOnlyNameCustomersWhoHaveLandedUnlessCountedAsLateMasterData() {
        for (LandingSource source : List.of(LandingSource.TRANSACTIONS, LandingSource.SURVEYS)) {
            long early = audit.validRows.get(source).stream()
                    .filter(row -> row.landingDate().isBefore(audit.customerFirstLanding.get(row.get("customer_id"))))
                    .count();
            assertThat(early).isEqualTo(summary.source(source).lateMasterData());
            for (Row row : audit.validRows.get(source)) {
                LocalDate arrives = audit.customerFirstLanding.get(row.get("customer_id"));
                assertThat(arrives).as(row.rawText()).isNotNull();
                assertThat(arrives).as(row.rawText()).isBeforeOrEqualTo(row.landingDate().plusDays(5));
            }
        }
    }

    @Test
    void valuesFollowTheContract() {
        for (Row row : audit.validRows.get(LandingSource.CUSTOMERS)) {
            assertThat(row.get("customer_id")).matches("C\\d{8}").doesNotStartWith("C9");
            if (row.get("segment").equals("B2B")) {
                assertThat(row.get("account_id")).matches("A\\d{6,}");
            }
            else {
                assertThat(row.get("account_id")).isEmpty();
            }
            assertThat(row.get("referred_by")).matches("(C\\d{8})?");
            assertThat(row.get("email")).contains("@");
        }
        for (Row row : audit.validRows.get(LandingSource.TRANSACTIONS)) {
            assertThat(row.get("transaction_id")).startsWith("T");
            assertThat(row.get("amount")).matches("\\d+\\.\\d{2}");
            assertThat(row.get("channel")).isIn("web", "app", "store");
        }
        for (Row row : audit.validRows.get(LandingSource.CLICKSTREAM)) {
            assertThat(row.get("event_id")).startsWith("E");
            assertThat(row.get("anonymous_id")).matches("anon-[0-9a-f]{16}");
            assertThat(row.get("device")).isIn("desktop", "mobile", "tablet");
            assertThat(row.get("page_url")).isNotBlank();
        }
        for (Row row : audit.validRows.get(LandingSource.SURVEYS)) {
            assertThat(row.get("response_id")).startsWith("R");
            assertThat(row.get("touchpoint")).isIn("onboarding", "web", "app", "store", "delivery", "support");
        }
    }

    @Test
    void segmentsAccountsConsentAndReferralsHaveRealisticShares() {
        Map<String, Row> firstRows = new HashMap<>();
        for (Row row : audit.validRows.get(LandingSource.CUSTOMERS)) {
            firstRows.putIfAbsent(row.get("customer_id"), row);
        }
        assertThat(firstRows).hasSize(2500);
        List<Row> customers = List.copyOf(firstRows.values());
        assertThat(share(customers, row -> row.get("segment").equals("B2B"))).isCloseTo(0.20, within(0.04));
        assertThat(share(customers, row -> row.get("consent_tracking").equals("true"))).isCloseTo(0.85, within(0.03));
        assertThat(share(customers, row -> row.get("consent_marketing").equals("true"))).isCloseTo(0.70, within(0.03));
        assertThat(share(customers, row -> !row.get("referred_by").isEmpty())).isCloseTo(0.15, within(0.04));
        Map<String, Long> accountSizes = customers.stream().filter(row -> !row.get("account_id").isEmpty())
                .collect(Collectors.groupingBy(row -> row.get("account_id"), Collectors.counting()));
        assertThat(accountSizes.values()).allMatch(size -> size >= 1 && size <= 5).contains(1L, 2L);
        for (Row customer : customers) {
            String referrer = customer.get("referred_by");
            if (!referrer.isEmpty()) {
                Instant referrerSignup = LandingZoneAudit.instant(firstRows.get(referrer).get("signup_ts"));
                assertThat(referrerSignup).isBefore(LandingZoneAudit.instant(customer.get("signup_ts")));
            }
        }
    }

    @Test
    void clickstreamHasSessionsWithLoginsFunnelsAndAnonymousVisitors() {
        List<Row> events = audit.validRows.get(LandingSource.CLICKSTREAM);
        Map<String, Long> types = events.stream().collect(Collectors.groupingBy(row -> row.get("event_type"), Collectors.counting()));
        assertThat(types.keySet()).containsExactlyInAnyOrderElementsOf(LandingZoneAudit.EVENT_TYPES);
        assertThat(types.get("product_view")).isGreaterThan(types.get("add_to_cart"));
        assertThat(types.get("add_to_cart")).isGreaterThan(types.get("checkout"));
        assertThat(types.get("checkout")).isGreaterThan(types.get("order_completed"));

        assertThat(events).anyMatch(row -> !row.presentFields().contains("customer_id"));
        assertThat(events).anyMatch(row -> row.presentFields().contains("customer_id") && row.get("customer_id") == null);
        assertThat(events).anyMatch(row -> row.presentFields().contains("referrer") && row.get("referrer") == null);
        assertThat(share(events, row -> row.get("customer_id") == null && row.get("event_id").startsWith("EV")))
                .isBetween(0.05, 0.16);

        Map<String, Set<String>> customersOfAnonymousId = new HashMap<>();
        for (Row row : events) {
            if (row.get("customer_id") != null) {
                customersOfAnonymousId.computeIfAbsent(row.get("anonymous_id"), id -> new HashSet<>()).add(row.get("customer_id"));
            }
        }
        assertThat(customersOfAnonymousId.values()).allMatch(customers -> customers.size() == 1);
        assertThat(types.get("login")).isPositive();
    }

    @Test
    void everyOrderIsAWebOrAppPurchaseAtTheSameInstant() {
        Set<String> purchases = new HashSet<>();
        for (Row row : audit.validRows.get(LandingSource.TRANSACTIONS)) {
            if (row.get("type").equals("purchase") && !row.get("channel").equals("store")) {
                purchases.add(row.get("customer_id") + " " + LandingZoneAudit.instant(row.get("ts")));
            }
        }
        long orders = 0;
        LocalDate settled = END.minusDays(2);
        for (Row row : audit.validRows.get(LandingSource.CLICKSTREAM)) {
            Instant ts = LandingZoneAudit.instant(row.get("ts"));
            // Near the end a late copy of either side may not have landed yet.
            if (row.get("event_type").equals("order_completed") && LandingZoneAudit.utcDate(ts).isBefore(settled)) {
                orders++;
                assertThat(purchases).as(row.rawText()).contains(row.get("customer_id") + " " + ts);
            }
        }
        assertThat(orders).isPositive();
    }

    @Test
    void timestampsMixOffsetsAndSometimesCarryMilliseconds() {
        List<String> timestamps = audit.validRows.get(LandingSource.CLICKSTREAM).stream().map(row -> row.get("ts")).toList();
        assertThat(timestamps).anyMatch(ts -> ts.endsWith("Z"));
        assertThat(timestamps).anyMatch(ts -> ts.matches(".*\\+0[12]:00"));
        assertThat(timestamps).anyMatch(ts -> ts.matches(".*-0[4-8]:00"));
        assertThat(timestamps).anyMatch(ts -> ts.matches(".*:\\d{2}\\.\\d{3}(Z|[+-].*)"));
        assertThat(timestamps).anyMatch(ts -> ts.matches(".*T\\d{2}:\\d{2}:\\d{2}(Z|[+-].*)"));
    }

    @Test
    void surveysCoverEveryTypeOnItsScale() {
        List<Row> responses = audit.validRows.get(LandingSource.SURVEYS);
        assertThat(responses.stream().map(row -> row.get("survey_type")).distinct())
                .containsExactlyInAnyOrder("relationship_nps", "transactional_nps", "csat", "ces");
        assertThat(share(responses, row -> !row.get("expectation_score").isEmpty())).isCloseTo(0.5, within(0.06));
    }

    @Test
    void refundsFollowPurchasesWithinTheirAmountAndCurrency() {
        Map<String, List<Row>> purchasesByCustomer = new HashMap<>();
        List<Row> refunds = new ArrayList<>();
        for (Row row : audit.validRows.get(LandingSource.TRANSACTIONS)) {
            if (row.get("type").equals("purchase")) {
                purchasesByCustomer.computeIfAbsent(row.get("customer_id"), id -> new ArrayList<>()).add(row);
            }
            else {
                refunds.add(row);
            }
        }
        assertThat(share(audit.validRows.get(LandingSource.TRANSACTIONS), row -> row.get("type").equals("refund")))
                .isBetween(0.02, 0.07);
        for (Row refund : refunds) {
            Instant refundTs = LandingZoneAudit.instant(refund.get("ts"));
            assertThat(purchasesByCustomer.getOrDefault(refund.get("customer_id"), List.of())).as(refund.rawText())
                    .anyMatch(purchase -> purchase.get("currency").equals(refund.get("currency"))
                            && LandingZoneAudit.instant(purchase.get("ts")).isBefore(refundTs)
                            && Double.parseDouble(purchase.get("amount")) >= Double.parseDouble(refund.get("amount")));
        }
    }

    // ---- determinism, threads, scale

    @Test
    void sameOptionsGiveByteIdenticalFiles() throws IOException {
        Path again = temporary.resolve("again");
        LandingZoneGenerator.generate(withOut(OPTIONS_TEMPLATE, again));

        assertThat(fileHashes(again)).isEqualTo(fileHashes(landingZone));
    }

    @Test
    void threadCountChangesOnlyHowRowsAreSpreadOverFiles() throws IOException {
        GeneratorOptions small = new GeneratorOptions(Path.of("unused"), 700, 60, END, 7, 1);
        Path oneThread = temporary.resolve("one-thread");
        Path threeThreads = temporary.resolve("three-threads");
        GenerationSummary one = LandingZoneGenerator.generate(withOut(small, oneThread));
        GenerationSummary three = LandingZoneGenerator.generate(new GeneratorOptions(threeThreads, 700, 60, END, 7, 3));

        assertThat(rowsByLandingFolder(threeThreads)).isEqualTo(rowsByLandingFolder(oneThread));
        for (LandingSource source : LandingSource.values()) {
            SourceSummary fromOne = one.source(source);
            SourceSummary fromThree = three.source(source);
            assertThat(fromThree.rows()).isEqualTo(fromOne.rows());
            assertThat(fromThree.badRows()).isEqualTo(fromOne.badRows());
            assertThat(fromThree.duplicates()).isEqualTo(fromOne.duplicates());
            assertThat(fromThree.lateArrivals()).isEqualTo(fromOne.lateArrivals());
            assertThat(fromThree.files()).isGreaterThan(fromOne.files());
        }
    }

    @Test
    void rowsScaleLinearlyWithCustomers() throws IOException {
        GenerationSummary smaller = LandingZoneGenerator.generate(new GeneratorOptions(temporary.resolve("x1"), 600, 60, END, 3, 2));
        GenerationSummary larger = LandingZoneGenerator.generate(new GeneratorOptions(temporary.resolve("x2"), 1200, 60, END, 3, 2));

        assertThat(larger.totalRows() / (double) smaller.totalRows()).isCloseTo(2.0, within(0.2));
        for (LandingSource source : LandingSource.values()) {
            assertThat(larger.source(source).rows() / (double) smaller.source(source).rows())
                    .as(source.folderName()).isCloseTo(2.0, within(0.35));
        }
    }

    @Test
    void refusesAnOutputFolderThatIsNotEmpty() throws IOException {
        Path used = temporary.resolve("used");
        Files.createDirectories(used.resolve("customers"));

        assertThatThrownBy(() -> LandingZoneGenerator.generate(withOut(OPTIONS_TEMPLATE, used)))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--out must be an empty or new folder");
    }

    @Test
    void experienceTurnsIntoRevenue() {
        Map<String, Double> revenue = new HashMap<>();
        for (Row row : audit.validRows.get(LandingSource.TRANSACTIONS)) {
            double sign = row.get("type").equals("purchase") ? 1 : -1;
            double euros = Double.parseDouble(row.get("amount")) * Map.of("EUR", 1.0, "USD", 0.9, "GBP", 1.2, "SEK", 0.09).get(row.get("currency"));
            revenue.merge(row.get("customer_id"), sign * euros, Double::sum);
        }
        Map<String, List<Double>> byCategory = new HashMap<>();
        for (Row row : audit.validRows.get(LandingSource.SURVEYS)) {
            if (row.get("survey_type").equals("relationship_nps")) {
                int score = Integer.parseInt(row.get("score"));
                String category = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
                byCategory.computeIfAbsent(category, key -> new ArrayList<>()).add(revenue.getOrDefault(row.get("customer_id"), 0.0));
            }
        }
        double promoters = average(byCategory.get("promoter"));
        double detractors = average(byCategory.get("detractor"));
        assertThat(promoters).isGreaterThan(1.5 * detractors);
    }

    // ---- helpers

    private static double share(List<Row> rows, java.util.function.Predicate<Row> condition) {
        return rows.stream().filter(condition).count() / (double) rows.size();
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static Map<String, String> fileHashes(Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                hashes.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return hashes;
    }

    /** Per source and landing date: the sorted rows (record texts), whichever part file holds them. */
    private static Map<String, List<String>> rowsByLandingFolder(Path root) throws IOException {
        LandingZoneAudit read = LandingZoneAudit.read(root);
        Map<String, List<String>> rows = new TreeMap<>();
        for (List<Row> sourceRows : read.rows.values()) {
            for (Row row : sourceRows) {
                rows.computeIfAbsent(row.source().folderName() + "/" + row.landingDate(), key -> new ArrayList<>()).add(row.rawText());
            }
        }
        rows.values().forEach(list -> list.sort(null));
        return rows;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
