package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java summaries against the published CDNOW summary files. */
class TransactionHistoryTest {

    /** The published files round recency, T and zbar to 2 decimals. */
    private static final double ROUNDING = 0.005 + 1e-9;

    @TempDir
    Path folder;

    @Test
    void sampleSummaryEqualsThePublishedOne() {
        List<CustomerSummary> ours = CdnowData.sampleSummary();
        List<String[]> published = CdnowData.csvRows("cdnow_customers_summary.csv");
        assertThat(ours).hasSize(2357);
        assertThat(published).hasSize(2357);
        for (int i = 0; i < published.size(); i++) {
            String[] row = published.get(i);
            CustomerSummary customer = ours.get(i);
            assertThat(Integer.parseInt(customer.customerId())).isEqualTo(Integer.parseInt(row[0]));
            assertThat(customer.frequency()).as("x of %s", row[0]).isEqualTo(Integer.parseInt(row[1]));
            assertThat(customer.recency()).as("t_x of %s", row[0]).isCloseTo(Double.parseDouble(row[2]), within(ROUNDING));
            assertThat(customer.age()).as("T of %s", row[0]).isCloseTo(Double.parseDouble(row[3]), within(ROUNDING));
        }
    }

    @Test
    void meanRepeatSpendEqualsThePublishedZbar() {
        List<CustomerSummary> ours = CdnowData.sampleSummary();
        List<String[]> published = CdnowData.csvRows("cdnow_customers_summary_with_transactions.csv");
        assertThat(published).hasSize(2357);
        long repeatCustomers = 0;
        for (int i = 0; i < published.size(); i++) {
            String[] row = published.get(i);
            CustomerSummary customer = ours.get(i);
            assertThat(Integer.parseInt(customer.customerId())).isEqualTo(Integer.parseInt(row[0]));
            assertThat(customer.frequency()).isEqualTo(Integer.parseInt(row[1]));
            assertThat(customer.meanRepeatSpend()).as("zbar of %s", row[0])
                    .isCloseTo(Double.parseDouble(row[4]), within(ROUNDING));
            if (customer.frequency() > 0) {
                repeatCustomers++;
            }
        }
        assertThat(repeatCustomers).isEqualTo(946);
    }

    @Test
    void holdoutRepeatPurchasesOfTheSample() {
        long total = CdnowData.sampleSummary().stream().mapToLong(CustomerSummary::holdoutRepeatPurchases).sum();
        assertThat(total).isEqualTo(1882);
        assertThat(CdnowData.sampleSummary().get(0).age()).isCloseTo(272 / 7.0, within(1e-12));
    }

    @Test
    void readsTheMasterFileWithItsHeader() throws IOException {
        TransactionHistory master = TransactionHistory.read(CdnowData.file("CDNOW_master.txt"), TransactionFileFormat.CDNOW);
        assertThat(master.customers()).isEqualTo(23_570);
        assertThat(master.purchaseDays()).isEqualTo(67_591);
        List<CustomerSummary> days = master.summarize(CdnowData.CALIBRATION_END, CdnowData.HOLDOUT_END, ModelTimeUnit.DAYS);
        assertThat(days).hasSize(23_570);
        assertThat(days.get(0).customerId()).isEqualTo("00001");
        assertThat(days.get(0).age()).isEqualTo(272.0);
    }

    @Test
    void readsCsvAndMergesSameDayPurchases() throws IOException {
        Path file = folder.resolve("transactions.csv");
        Files.writeString(file, """
                customer_id,date,amount
                a,2024-01-01,10.00
                a,2024-01-01,5.50
                b,2024-01-03,7
                a,2024-01-08,20
                a,2024-01-08,4
                a,2024-01-15,30
                a,2024-02-01,99
                c,2024-02-02,1
                """);
        TransactionHistory history = TransactionHistory.read(file, TransactionFileFormat.CSV);
        assertThat(history.customers()).isEqualTo(3);
        assertThat(history.purchaseDays()).isEqualTo(6);
        List<CustomerSummary> summary = history.summarize(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29), ModelTimeUnit.DAYS);
        // c first bought after the calibration end: unknown at that date, left out.
        assertThat(summary).extracting(CustomerSummary::customerId).containsExactly("a", "b");
        CustomerSummary a = summary.get(0);
        assertThat(a.frequency()).isEqualTo(2);
        assertThat(a.recency()).isEqualTo(14.0);
        assertThat(a.age()).isEqualTo(30.0);
        assertThat(a.meanRepeatSpend()).isEqualTo((24 + 30) / 2.0);
        assertThat(a.holdoutRepeatPurchases()).isEqualTo(1);
        CustomerSummary b = summary.get(1);
        assertThat(b.frequency()).isZero();
        assertThat(b.recency()).isZero();
        assertThat(b.meanRepeatSpend()).isZero();
        assertThat(history.summarize(LocalDate.of(2024, 1, 31), ModelTimeUnit.WEEKS).get(0).age()).isEqualTo(30 / 7.0);
    }

    @Test
    void holdoutEndIsInclusiveAndCalibrationEndBelongsToCalibration() {
        TransactionHistory history = TransactionHistory.of(List.of(
                new Purchase("a", LocalDate.of(2024, 1, 1), 1),
                new Purchase("a", LocalDate.of(2024, 1, 31), 1),
                new Purchase("a", LocalDate.of(2024, 2, 29), 1),
                new Purchase("a", LocalDate.of(2024, 3, 1), 1)));
        CustomerSummary a = history.summarize(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29), ModelTimeUnit.DAYS).get(0);
        assertThat(a.frequency()).isEqualTo(1);
        assertThat(a.recency()).isEqualTo(a.age());
        assertThat(a.holdoutRepeatPurchases()).isEqualTo(1);
        assertThatThrownBy(() -> history.summarize(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 1, 31), ModelTimeUnit.DAYS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badCdnowRowsNameTheFileAndLine() throws IOException {
        assertCdnowError(" 00001 19970101  1   11.77\r\n 00001 19970231  1   1.00\r\n", 2, "date '19970231'");
        assertCdnowError(" 00001 19970101  1   11.77\r\n 00001 19970105  1\r\n", 2, "found 3");
        assertCdnowError(" 00001 19970101  1   11.77\r\n 00004 0001 19970101  2   29.33\r\n", 2, "line 1 has 4");
        assertCdnowError(" 00001 19970101  1   -3.00\r\n", 1, "amount '-3.00'");
        assertCdnowError(" 00001 19970101  x   3.00\r\n", 1, "number_of_cds");
        assertCdnowError("id date cds value\r\n", 1, "header");
        assertCdnowError(" 00001 19970101  1   11.77\r\ncustomer_id date number_of_cds dollar_value\r\n", 2, "unexpected header");
    }

    @Test
    void badCsvRowsNameTheFileAndLine() throws IOException {
        assertCsvError("customer_id,date,amount\na,2024-01-01,1\na,2024-13-01,2\n", 3, "date '2024-13-01'");
        assertCsvError("customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,NaN\n", 3, "amount 'NaN'");
        assertCsvError("customer_id,date,amount\r\n\r\na,2024-01-01,1\r\nb,2024-01-02,1e\r\n", 4, "amount '1e'");
        assertCsvError("customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,1x", 3, "amount '1x'");
        assertCsvError("customer_id,date,amount\na,2024-01-01\n", 2, "expected 3 fields");
        assertCsvError("customer,date,amount\na,2024-01-01,1\n", 1, "customer_id");
        assertCsvError("customer_id,date,amount\n,2024-01-01,1\n", 2, "customer_id is empty");
    }

    private void assertCdnowError(String content, long line, String problem) throws IOException {
        Path file = folder.resolve("bad.txt");
        Files.writeString(file, content);
        assertThatThrownBy(() -> TransactionHistory.read(file, TransactionFileFormat.CDNOW))
                .isInstanceOf(TransactionFormatException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(error -> assertThat(((TransactionFormatException) error).line()).isEqualTo(line));
    }

    private void assertCsvError(String content, long line, String problem) throws IOException {
        Path file = folder.resolve("bad.csv");
        Files.writeString(file, content);
        assertThatThrownBy(() -> TransactionHistory.read(file, TransactionFileFormat.CSV))
                .isInstanceOf(TransactionFormatException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining(problem);
    }
}
