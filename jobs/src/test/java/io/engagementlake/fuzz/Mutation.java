package io.engagementlake.fuzz;

import java.util.Set;

/**
 * One way a landing file goes wrong. The corpus writes one file per source and kind, so the
 * fate of every record is known in advance; the outcomes are worked out from PIPELINE.md §5.1
 * and written next to each kind (kept = admitted to silver).
 */
public enum Mutation {
    /** Two records cut short (one in the middle, the last without its line end): too few fields / invalid JSON -> malformed; others kept. */
    TRUNCATED_LINE(Set.of("customers", "transactions", "surveys", "clickstream")),
    /**
     * A quote inside an unquoted field (an ordinary character, RFC 4180 readers are lenient
     * here) -> kept; an opening quote never closed on the last record -> one record of too few
     * fields -> malformed.
     */
    STRAY_QUOTE(Set.of("customers", "transactions", "surveys")),
    /** Quoted fields holding LF and CRLF (valid CSV), escaped newlines in JSON strings -> all kept. */
    EMBEDDED_NEWLINE(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** A UTF-8 byte order mark before the header / first line -> all kept, no drift. */
    BYTE_ORDER_MARK(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** Bytes that are not UTF-8 (0xE9, 0xFF) in a text field of two records -> malformed; others kept. */
    INVALID_UTF8(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** Two records one field short (CSV) -> malformed; two objects without a required field (JSON) -> missing_field. */
    TOO_FEW_FIELDS(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** Two records with one field more than the header (a value, an empty one) -> malformed. */
    TOO_MANY_FIELDS(Set.of("customers", "transactions", "surveys")),
    /** A 1 MiB free-text field (plain, and with commas and quotes) -> kept. */
    HUGE_FIELD(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** Amount "1,234.50" / "1 234,50" -> bad_amount; survey score "1,000" -> score_out_of_range. */
    THOUSANDS_SEPARATOR(Set.of("transactions", "surveys")),
    /**
     * Amount NaN / Infinity / -Infinity -> bad_amount; survey score NaN, expectation Infinity ->
     * score_out_of_range; JSON bare NaN / Infinity as ts -> bad_timestamp.
     */
    NAN_INFINITY(Set.of("transactions", "surveys", "clickstream")),
    /** 31/03/2025, epoch millis, "2025-03-31 10:00:00", "2025-03-31" in a timestamp -> bad_timestamp. */
    OTHER_DATE_FORMAT(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** Trailing comma, missing closing brace, unquoted string value -> malformed. */
    BROKEN_JSON(Set.of("clickstream")),
    /** BROKEN_JSON in a .jsonl.gz -> the same outcomes. */
    BROKEN_JSON_GZIP(Set.of("clickstream")),
    /** Lines [1,2], "text", 42, null, true between valid objects -> each malformed; objects kept. */
    NON_OBJECT_LINES(Set.of("clickstream")),
    /** A file of zero bytes (a .jsonl.gz as well for clickstream) -> no records, run unaffected. */
    EMPTY_FILE(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** A valid gzip stream of nothing; a file of blank lines -> no records. */
    EMPTY_CONTENT(Set.of("clickstream")),
    /** The header and nothing else -> no records. */
    HEADER_ONLY(Set.of("customers", "transactions", "surveys")),
    /** A date folder with no file -> nothing. */
    EMPTY_DATE_FOLDER(Set.of("customers", "transactions", "surveys", "clickstream")),
    /** An extra column in the header (third place) / extra fields in every object -> all kept, drift recorded. */
    SCHEMA_DRIFT(Set.of("customers", "transactions", "surveys", "clickstream"));

    private final Set<String> sources;

    Mutation(Set<String> sources) {
        this.sources = sources;
    }

    public boolean appliesTo(String source) {
        return sources.contains(source);
    }

    /** The id prefix of this kind's records in {@code source}: unique, and no prefix of another. */
    public String idPrefix(String source) {
        return "FZ-" + name() + "-" + source + "-";
    }
}
