package io.engagementlake.generate;

import java.util.Locale;

/**
 * The kinds of deliberately bad rows the generator injects. Each injected row is bad for
 * exactly this one reason, and {@link #code()} is the quarantine reason code the pipeline is
 * expected to give it (PIPELINE.md §5.1).
 */
public enum BadRowKind {
    /** CSV: wrong number of fields; JSON: a truncated line or text that is not JSON. */
    MALFORMED,
    /** One required field empty (CSV), or empty, null or absent (JSON). */
    MISSING_FIELD,
    /** An unparsable timestamp, an impossible date, or one without offset. */
    BAD_TIMESTAMP,
    /** A valid timestamp at least 3 days after the row's landing date. */
    TIMESTAMP_IN_FUTURE,
    /** Transactions: an amount that is not a positive decimal. */
    BAD_AMOUNT,
    /** Transactions: a currency outside EUR, USD, GBP, SEK. */
    UNKNOWN_CURRENCY,
    /** Clickstream: an event type outside the contract's list. */
    UNKNOWN_EVENT_TYPE,
    /** Surveys: a survey type outside the contract's list. */
    UNKNOWN_SURVEY_TYPE,
    /** Surveys: a score or expectation score outside its scale, or not an integer. */
    SCORE_OUT_OF_RANGE,
    /** Transactions and surveys: a customer id ({@code C9...}) that never lands. */
    UNKNOWN_CUSTOMER;

    /** The reason code, e.g. {@code missing_field}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
