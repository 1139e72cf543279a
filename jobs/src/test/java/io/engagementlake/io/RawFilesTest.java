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
}
