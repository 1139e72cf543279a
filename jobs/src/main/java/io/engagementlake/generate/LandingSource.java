package io.engagementlake.generate;

import java.util.List;
import java.util.Locale;

/**
 * The four landed sources of the pipeline contract (PIPELINE.md §5), with the columns the
 * generator writes in the order it writes them and the kinds of bad rows it injects into each.
 */
public enum LandingSource {
    CUSTOMERS(List.of("customer_id", "account_id", "segment", "country", "signup_ts", "acquisition_channel",
            "referred_by", "email", "consent_tracking", "consent_marketing", "updated_at"),
            List.of(BadRowKind.MALFORMED, BadRowKind.MISSING_FIELD, BadRowKind.BAD_TIMESTAMP,
                    BadRowKind.TIMESTAMP_IN_FUTURE)),
    TRANSACTIONS(List.of("transaction_id", "customer_id", "ts", "type", "amount", "currency", "product_category",
            "channel"),
            List.of(BadRowKind.MALFORMED, BadRowKind.MISSING_FIELD, BadRowKind.BAD_TIMESTAMP,
                    BadRowKind.TIMESTAMP_IN_FUTURE, BadRowKind.BAD_AMOUNT, BadRowKind.UNKNOWN_CURRENCY,
                    BadRowKind.UNKNOWN_CUSTOMER)),
    CLICKSTREAM(List.of("event_id", "anonymous_id", "customer_id", "ts", "event_type", "page_url", "referrer",
            "device"),
            List.of(BadRowKind.MALFORMED, BadRowKind.MISSING_FIELD, BadRowKind.BAD_TIMESTAMP,
                    BadRowKind.TIMESTAMP_IN_FUTURE, BadRowKind.UNKNOWN_EVENT_TYPE)),
    SURVEYS(List.of("response_id", "customer_id", "ts", "survey_type", "touchpoint", "score", "expectation_score",
            "comment"),
            List.of(BadRowKind.MALFORMED, BadRowKind.MISSING_FIELD, BadRowKind.BAD_TIMESTAMP,
                    BadRowKind.TIMESTAMP_IN_FUTURE, BadRowKind.UNKNOWN_SURVEY_TYPE,
                    BadRowKind.SCORE_OUT_OF_RANGE, BadRowKind.UNKNOWN_CUSTOMER));

    private final List<String> columns;
    private final List<BadRowKind> badRowKinds;

    LandingSource(List<String> columns, List<BadRowKind> badRowKinds) {
        this.columns = columns;
        this.badRowKinds = badRowKinds;
    }

    /** The folder under the landing-zone root, also the key of the source in the manifest. */
    public String folderName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The CSV header, or the JSON field names in the order they are written. */
    public List<String> columns() {
        return columns;
    }

    public boolean isCsv() {
        return this != CLICKSTREAM;
    }

    /** The kinds of bad rows injected into this source, in manifest order. */
    public List<BadRowKind> badRowKinds() {
        return badRowKinds;
    }

    /**
     * The file extension for a landing date: CSV sources are plain; clickstream alternates
     * between plain and gzip-compressed JSON lines by landing date so readers meet both.
     */
    String extension(long landingEpochDay) {
        if (isCsv()) {
            return "csv";
        }
        return landingEpochDay % 2 == 0 ? "jsonl.gz" : "jsonl";
    }
}
