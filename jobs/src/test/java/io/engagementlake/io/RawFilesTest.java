package io.engagementlake.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.SparkTestSession;
import io.engagementlake.bronze.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RawFilesTest {
    private static Path landing(String name) throws IOException {
        Path folder = SparkTestSession.scratch().resolve("raw-files-test").resolve(name).resolve("date=2025-01-02");
        Files.createDirectories(folder);
        return folder;
    }

    @Test
    void readsRfc4180CsvWithQuotedCommasQuotesAndNewlines() throws IOException {
        Path file = landing("quoted").resolve("part-0.csv");
        Files.writeString(file, """
                response_id,customer_id,ts,survey_type,touchpoint,score,expectation_score,comment\r
                R1,C1,2025-01-02T10:00:00Z,csat,web,4,,"Slow, but ""fine""\r
                second line"\r
                R2,C1,2025-01-02T10:00:00Z,csat,web,5,,\r
                R3,C1,2025-01-02T10:00:00Z,csat\r
                R4,C1,2025-01-02T10:00:00Z,csat,web,5,,,extra\r
                """, StandardCharsets.UTF_8);

        List<Row> rows = RawFiles.readCsv(SparkTestSession.get(), Source.SURVEYS.rawContract(), List.of(file.toString()))
                .orderBy("_record_index").collectAsList();

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).<String>getAs("comment")).isEqualTo("Slow, but \"fine\"\nsecond line");
        assertThat(rows.get(0).<String>getAs("_malformed_text")).isNull();
        assertThat(rows.get(0).<LocalDate>getAs("_landing_date")).isEqualTo(LocalDate.parse("2025-01-02"));
        assertThat(rows.get(0).<String>getAs("_landing_file")).endsWith("/quoted/date=2025-01-02/part-0.csv");
        assertThat(rows.get(1).<String>getAs("response_id")).isEqualTo("R2");
        assertThat(rows.get(1).<String>getAs("comment")).isNull();
        // Too few and too many fields are both malformed, with the record as landed.
        assertThat(rows.get(2).<String>getAs("_malformed_text")).isEqualTo("R3,C1,2025-01-02T10:00:00Z,csat");
        assertThat(rows.get(3).<String>getAs("_malformed_text")).isEqualTo("R4,C1,2025-01-02T10:00:00Z,csat,web,5,,,extra");
        assertThat(rows).extracting(row -> row.<Long>getAs("_record_index")).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void readsGzipJsonLinesKeepingMalformedLinesAndSkippingBlankOnes() throws IOException {
        Path file = landing("json").resolve("part-0.jsonl.gz");
        String lines = String.join("\n",
                "{\"event_id\":\"E1\",\"anonymous_id\":\"a1\",\"ts\":\"2025-01-02T10:00:00Z\",\"event_type\":\"page_view\",\"device\":\"mobile\"}",
                "",
                "{\"event_id\":\"E2\",\"anonymous_id\":\"a1\",\"customer_id\":null,\"ts\":\"2025-01-02T10:01:00Z\",\"event_type\":\"login\",\"extra\":1}",
                "{\"event_id\": \"E3\", \"ts\": ",
                "[1, 2]",
                "{\"event_id\":42,\"anonymous_id\":\"a1\",\"ts\":\"2025-01-02T10:02:00Z\",\"event_type\":\"page_view\"}") + "\n";
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }

        List<Row> rows = RawFiles.readJsonLines(SparkTestSession.get(), Source.CLICKSTREAM.rawContract(), List.of(file.toString()))
                .orderBy("_record_index").collectAsList();

        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).<String>getAs("event_id")).isEqualTo("E1");
        assertThat(rows.get(0).<String>getAs("customer_id")).isNull();
        assertThat(rows.get(0).<String>getAs("_malformed_text")).isNull();
        // An extra field (schema drift) is no reason to reject the event.
        assertThat(rows.get(1).<String>getAs("event_type")).isEqualTo("login");
        assertThat(rows.get(1).<String>getAs("_malformed_text")).isNull();
        assertThat(rows.get(2).<String>getAs("_malformed_text")).isEqualTo("{\"event_id\": \"E3\", \"ts\": ");
        assertThat(rows.get(3).<String>getAs("_malformed_text")).isEqualTo("[1, 2]");
        // A number where text belongs is kept as its digits, for validation to judge.
        assertThat(rows.get(4).<String>getAs("event_id")).isEqualTo("42");
    }

    @Test
    void readsCsvFieldsByHeaderNameSoThatAnExtraColumnIsReportedNotRejected() throws IOException {
        Path file = landing("drift").resolve("part-0.csv");
        // A byte order mark, and a column the contract does not have, in third place.
        Files.writeString(file, "\uFEFFresponse_id,customer_id,channel,ts,survey_type,touchpoint,score,expectation_score,comment\n"
                + "R1,C1,email,2025-01-02T10:00:00Z,csat,web,4,,\"ok, \"\"really\"\"\"\n"
                + "R2,C1,2025-01-02T10:00:00Z,csat,web,4,,\n", StandardCharsets.UTF_8);
        Path plain = landing("drift").resolve("part-1.csv");
        Files.writeString(plain, "\uFEFFresponse_id,customer_id,ts,survey_type,touchpoint,score,expectation_score,comment\n"
                + "R3,C1,2025-01-02T10:00:00Z,ces,app,7,,\n", StandardCharsets.UTF_8);
        Path empty = landing("drift").resolve("part-2.csv");
        Files.write(empty, new byte[0]);
        List<String> paths = List.of(file.toString(), plain.toString(), empty.toString());

        Map<String, List<String>> headers = RawFiles.csvHeaders(SparkTestSession.get().sparkContext().hadoopConfiguration(), paths);
        List<Row> rows = RawFiles.readCsv(SparkTestSession.get(), Source.SURVEYS.rawContract(), headers)
                .orderBy("_landing_file", "_record_index").collectAsList();

        assertThat(headers.get(empty.toString())).isNull();
        assertThat(headers.get(plain.toString())).isEqualTo(Source.SURVEYS.rawContract().columnNames());
        assertThat(RawFiles.csvDrift(Source.SURVEYS.rawContract(), headers))
                .containsExactly(new RawFiles.ColumnDrift(file.toString(), List.of("channel"), List.of()));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).<String>getAs("response_id")).isEqualTo("R1");
        assertThat(rows.get(0).<String>getAs("ts")).isEqualTo("2025-01-02T10:00:00Z");
        assertThat(rows.get(0).<String>getAs("touchpoint")).isEqualTo("web");
        assertThat(rows.get(0).<String>getAs("comment")).isEqualTo("ok, \"really\"");
        assertThat(rows.get(0).<String>getAs("_malformed_text")).isNull();
        // One field short of its file's header: malformed, as landed.
        assertThat(rows.get(1).<String>getAs("_malformed_text")).isEqualTo("R2,C1,2025-01-02T10:00:00Z,csat,web,4,,");
        // The byte order mark is not part of the first column name, nor of the first value.
        assertThat(rows.get(2).<String>getAs("response_id")).isEqualTo("R3");
        assertThat(rows.get(2).<String>getAs("_malformed_text")).isNull();
    }

    @Test
    void csvRecordsThatAreNotUtf8OrNeverCloseTheirQuoteAreMalformed() throws IOException {
        Path file = landing("bytes").resolve("part-0.csv");
        byte[] head = ("response_id,customer_id,ts,survey_type,touchpoint,score,expectation_score,comment\n"
                + "R1,C1,2025-01-02T10:00:00Z,csat,caf").getBytes(StandardCharsets.UTF_8);
        byte[] tail = (",4,,\nR2,C1,2025-01-02T10:00:00Z,csat,w\"eb,4,,\n"
                + "R3,C1,\"2025-01-02T10:00:00Z,csat,web,4,,\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            out.write(0xE9);
            out.write(tail);
        }

        List<Row> rows = RawFiles.readCsv(SparkTestSession.get(), Source.SURVEYS.rawContract(), List.of(file.toString()))
                .orderBy("_record_index").collectAsList();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).<String>getAs("_malformed_text")).isEqualTo("R1,C1,2025-01-02T10:00:00Z,csat,caf\uFFFD,4,,");
        // A quote inside an unquoted value is an ordinary character.
        assertThat(rows.get(1).<String>getAs("touchpoint")).isEqualTo("w\"eb");
        assertThat(rows.get(1).<String>getAs("_malformed_text")).isNull();
        // An opening quote never closed swallows the rest of the file: one record, too few fields.
        assertThat(rows.get(2).<String>getAs("_malformed_text")).startsWith("R3,C1,\"2025-01-02T10:00:00Z");
    }

    @Test
    void jsonLinesWithAByteOrderMarkBytesThatAreNotUtf8AndExtraFields() throws IOException {
        Path file = landing("json-drift").resolve("part-0.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("\uFEFF{\"event_id\":\"E1\",\"anonymous_id\":\"a1\",\"ts\":\"2025-01-02T10:00:00Z\",\"event_type\":\"login\","
                    + "\"experiment\":\"b\"}\n{\"event_id\":\"E2\",\"anonymous_id\":\"a1\",\"ts\":\"2025-01-02T10:00:00Z\","
                    + "\"event_type\":\"login\",\"page_url\":\"caf").getBytes(StandardCharsets.UTF_8));
            out.write(0xFF);
            out.write(("\"}\n{\"event_id\":\"E3\",\"anonymous_id\":\"a1\",\"ts\":\"2025-01-02T10:00:00Z\",\"event_type\":\"login\","
                    + "\"context\":{\"app\":\"ios\"}}\n").getBytes(StandardCharsets.UTF_8));
        }

        List<Row> rows = RawFiles.readJsonLines(SparkTestSession.get(), Source.CLICKSTREAM.rawContract(), List.of(file.toString()))
                .orderBy("_record_index").collectAsList();
        List<RawFiles.ColumnDrift> drift = RawFiles.jsonDrift(SparkTestSession.get(), Source.CLICKSTREAM.rawContract(), List.of(file.toString()));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).<String>getAs("event_id")).isEqualTo("E1");
        assertThat(rows.get(0).<String>getAs("_malformed_text")).isNull();
        assertThat(rows.get(1).<String>getAs("_malformed_text")).contains("\"page_url\":\"caf\uFFFD\"");
        assertThat(rows.get(2).<String>getAs("_malformed_text")).isNull();
        assertThat(drift).hasSize(1);
        assertThat(drift.get(0).file()).endsWith("/json-drift/date=2025-01-02/part-0.jsonl");
        assertThat(drift.get(0).extra()).containsExactly("context", "experiment");
    }
}
