package io.engagementlake.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.engagementlake.BronzeRows;
import io.engagementlake.SparkTestSession;
import io.engagementlake.bronze.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    private static final Map<String, BigDecimal> FX = Map.of(
            "EUR", new BigDecimal("1.0"), "USD", new BigDecimal("0.92"), "SEK", new BigDecimal("0.087"));

    private static Dataset<Row> customers() {
        return SparkTestSession.get().sql("SELECT * FROM VALUES ('C1'), ('C2') AS customers(customer_id)");
    }

    @Test
    void quarantinesEachRuleWithItsReasonCode() {
        Dataset<Row> bronze = BronzeRows.of(Source.TRANSACTIONS)
                .row("2025-01-02", "a.csv", "T1", "C1", "2025-01-02T10:00:00Z", "purchase", "10.00", "EUR", "books", "web")
                .malformed("2025-01-02", "a.csv", "T2,C1,oops")
                .row("2025-01-02", "a.csv", "T3", "", "2025-01-02T10:00:00Z", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T4", "C1", "2025-01-02 10:00", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T5", "C1", "2025-01-02T10:00:00", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T6", "C1", "2025-02-30T10:00:00Z", "purchase", "10.00", "EUR", "books", "web")
                // Landed on the 2nd: the 3rd is fine (one day after), the 4th 00:00 is not.
                .row("2025-01-02", "a.csv", "T7", "C1", "2025-01-03T23:59:59Z", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T8", "C1", "2025-01-04T00:00:00Z", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T9", "C1", "2025-01-02T10:00:00Z", "purchase", "-5.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T10", "C1", "2025-01-02T10:00:00Z", "purchase", "0", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T11", "C1", "2025-01-02T10:00:00Z", "purchase", "1,234.50", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T12", "C1", "2025-01-02T10:00:00Z", "purchase", "NaN", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T13", "C1", "2025-01-02T10:00:00Z", "purchase", "10.00", "BTC", "books", "web")
                .row("2025-01-02", "a.csv", "T14", "C9", "2025-01-02T10:00:00Z", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T15", "C1", "2025-01-02T10:00:00Z", "gift", "10.00", "EUR", "books", "web")
                .toDataset();

        Map<String, String> reasons = reasonsById(Transactions.classify(bronze, customers(), FX.keySet()), "transaction_id");

        assertThat(reasons).containsOnly(
                entry("T1", "kept"),
                entry("T2,C1,oops", "malformed"),
                entry("T3", "missing_field"),
                entry("T4", "bad_timestamp"),
                entry("T5", "bad_timestamp"),
                entry("T6", "bad_timestamp"),
                entry("T7", "kept"),
                entry("T8", "timestamp_in_future"),
                entry("T9", "bad_amount"),
                entry("T10", "bad_amount"),
                entry("T11", "bad_amount"),
                entry("T12", "bad_amount"),
                entry("T13", "unknown_currency"),
                entry("T14", "unknown_customer"),
                entry("T15", "invalid_value"));
    }

    @Test
    void keepsTheFirstLandedCopyOfAnIdAndDropsLaterOnes() {
        Dataset<Row> bronze = BronzeRows.of(Source.TRANSACTIONS)
                // Landed later but listed first: landing date decides, not position.
                .row("2025-01-03", "a.csv", "T1", "C1", "2025-01-02T10:00:00Z", "purchase", "30.00", "EUR", "books", "web")
                .row("2025-01-02", "b.csv", "T1", "C1", "2025-01-02T10:00:00Z", "purchase", "20.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T1", "C1", "2025-01-02T10:00:00Z", "purchase", "10.00", "EUR", "books", "web")
                // An invalid first copy does not displace the valid later one.
                .row("2025-01-01", "a.csv", "T2", "C1", "bad", "purchase", "10.00", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T2", "C1", "2025-01-02T10:00:00Z", "purchase", "11.00", "EUR", "books", "web")
                .toDataset();

        Dataset<Row> classified = Transactions.classify(bronze, customers(), FX.keySet());
        List<Row> silver = Transactions.toSilver(classified, FX).orderBy("transaction_id").collectAsList();

        assertThat(silver).extracting(row -> row.getAs("transaction_id") + "=" + row.<BigDecimal>getAs("amount").toPlainString())
                .containsExactly("T1=10.0000", "T2=11.0000");
        assertThat(countByReason(classified)).containsOnly(
                entry("kept", 2L), entry("duplicate", 2L), entry("bad_timestamp", 1L));
    }

    @Test
    void convertsToTheReportingCurrencyRoundingHalfUp() {
        Dataset<Row> bronze = BronzeRows.of(Source.TRANSACTIONS)
                // 10.005 EUR x 1.0 = 10.005 -> 10.01 (half-up, not half-even's 10.00)
                .row("2025-01-02", "a.csv", "T1", "C1", "2025-01-02T10:00:00Z", "purchase", "10.005", "EUR", "books", "web")
                // 12.50 USD x 0.92 = 11.5 -> 11.50
                .row("2025-01-02", "a.csv", "T2", "C1", "2025-01-02T10:00:00Z", "purchase", "12.50", "USD", "books", "web")
                // 115 SEK x 0.087 = 10.005 -> 10.01; a refund: net -10.01
                .row("2025-01-02", "a.csv", "T3", "C1", "2025-01-02T10:00:00Z", "refund", "115", "SEK", "books", "web")
                // 0.0050 EUR -> 0.01 (the smallest amount rounds up, not to zero)
                .row("2025-01-02", "a.csv", "T4", "C2", "2025-01-02T10:00:00Z", "purchase", "0.0050", "EUR", "books", "web")
                .toDataset();

        Map<String, Row> silver = byId(Transactions.toSilver(Transactions.classify(bronze, customers(), FX.keySet()), FX), "transaction_id");

        assertThat(silver.get("T1").<BigDecimal>getAs("amount_reporting")).isEqualByComparingTo("10.01");
        assertThat(silver.get("T1").<BigDecimal>getAs("net_amount")).isEqualByComparingTo("10.01");
        assertThat(silver.get("T2").<BigDecimal>getAs("amount_reporting")).isEqualByComparingTo("11.50");
        assertThat(silver.get("T3").<BigDecimal>getAs("amount_reporting")).isEqualByComparingTo("10.01");
        assertThat(silver.get("T3").<BigDecimal>getAs("net_amount")).isEqualByComparingTo("-10.01");
        assertThat(silver.get("T3").<BigDecimal>getAs("fx_rate")).isEqualByComparingTo("0.087");
        assertThat(silver.get("T4").<BigDecimal>getAs("amount_reporting")).isEqualByComparingTo("0.01");
    }

    @Test
    void readsOffsetsAndZAsTheSameInstantAndDatesInUtc() {
        Dataset<Row> bronze = BronzeRows.of(Source.TRANSACTIONS)
                .row("2025-01-02", "a.csv", "T1", "C1", "2025-01-02T01:30:00+02:00", "purchase", "1", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T2", "C1", "2025-01-01T23:30:00Z", "purchase", "1", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T3", "C1", "2025-01-01T22:30:00-02:00", "purchase", "1", "EUR", "books", "web")
                .row("2025-01-02", "a.csv", "T4", "C1", "2025-01-02T00:00:00.123456Z", "purchase", "1", "EUR", "books", "web")
                .toDataset();

        Map<String, Row> silver = byId(Transactions.toSilver(Transactions.classify(bronze, customers(), FX.keySet()), FX), "transaction_id");

        assertThat(silver.get("T1").<Instant>getAs("ts")).isEqualTo(Instant.parse("2025-01-01T23:30:00Z"));
        assertThat(silver.get("T2").<Instant>getAs("ts")).isEqualTo(Instant.parse("2025-01-01T23:30:00Z"));
        assertThat(silver.get("T1").<LocalDate>getAs("transaction_date")).isEqualTo(LocalDate.parse("2025-01-01"));
        assertThat(silver.get("T3").<Instant>getAs("ts")).isEqualTo(Instant.parse("2025-01-02T00:30:00Z"));
        assertThat(silver.get("T3").<LocalDate>getAs("transaction_date")).isEqualTo(LocalDate.parse("2025-01-02"));
        assertThat(silver.get("T4").<Instant>getAs("ts")).isEqualTo(Instant.parse("2025-01-02T00:00:00.123456Z"));
    }

    @Test
    void quarantineKeepsTheRawTextAndLineage() {
        Dataset<Row> bronze = BronzeRows.of(Source.TRANSACTIONS)
                .row("2025-01-02", "a.csv", "T1", "C1", "2025-01-02T10:00:00Z", "purchase", "-1", "EUR", "books, \"rare\"", "web")
                .malformed("2025-01-02", "a.csv", "T2,\"unterminated")
                .toDataset();

        List<Row> quarantine = Classification.quarantine(Transactions.classify(bronze, customers(), FX.keySet()),
                Source.TRANSACTIONS, LocalDate.parse("2025-01-02")).orderBy("record_index").collectAsList();

        assertThat(quarantine).hasSize(2);
        assertThat(quarantine.get(0).<String>getAs("raw_text"))
                .isEqualTo("T1,C1,2025-01-02T10:00:00Z,purchase,-1,EUR,\"books, \"\"rare\"\"\",web");
        assertThat(quarantine.get(0).<String>getAs("reason_detail")).isEqualTo("amount='-1'");
        assertThat(quarantine.get(0).<String>getAs("customer_id")).isEqualTo("C1");
        assertThat(quarantine.get(0).<String>getAs("landing_file")).isEqualTo("file:///landing/transactions/date=2025-01-02/a.csv");
        assertThat(quarantine.get(1).<String>getAs("raw_text")).isEqualTo("T2,\"unterminated");
        assertThat(quarantine.get(1).<String>getAs("reason")).isEqualTo("malformed");
    }

    /** id (or the raw text of malformed rows) -> reason code, "kept" for kept rows. */
    static Map<String, String> reasonsById(Dataset<Row> classified, String idColumn) {
        Map<String, String> reasons = new HashMap<>();
        for (Row row : classified.collectAsList()) {
            String id = row.getAs("_malformed_text") != null ? row.getAs("_malformed_text") : row.getAs(idColumn);
            String reason = row.getAs(Classification.REASON);
            assertThat(reasons.put(id, reason == null ? "kept" : reason)).as("id %s appears once", id).isNull();
        }
        return reasons;
    }

    static Map<String, Long> countByReason(Dataset<Row> classified) {
        Map<String, Long> counts = new HashMap<>();
        Classification.countByReason(classified).collectAsList().forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    static Map<String, Row> byId(Dataset<Row> rows, String idColumn) {
        Map<String, Row> byId = new HashMap<>();
        rows.collectAsList().forEach(row -> byId.put(row.getAs(idColumn), row));
        assertThat(byId.keySet()).doesNotContainNull();
        return byId;
    }

}
