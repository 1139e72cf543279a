package io.engagementlake.silver;

import java.util.Locale;

/**
 * Why an input row did not reach silver (spec §5.1). A quarantined row is kept with its raw
 * text for someone to look at; a dropped row is only counted, because nothing is wrong with
 * it that anyone needs to fix.
 */
public enum Reason {
    MALFORMED(Disposition.QUARANTINED),
    MISSING_FIELD(Disposition.QUARANTINED),
    BAD_TIMESTAMP(Disposition.QUARANTINED),
    TIMESTAMP_IN_FUTURE(Disposition.QUARANTINED),
    BAD_AMOUNT(Disposition.QUARANTINED),
    UNKNOWN_CURRENCY(Disposition.QUARANTINED),
    UNKNOWN_EVENT_TYPE(Disposition.QUARANTINED),
    UNKNOWN_SURVEY_TYPE(Disposition.QUARANTINED),
    SCORE_OUT_OF_RANGE(Disposition.QUARANTINED),
    /** A value outside its column's allowed set (segment, country, consent flag, transaction type). */
    INVALID_VALUE(Disposition.QUARANTINED),
    /** Retried on every run: the row is admitted once its customer has landed. */
    UNKNOWN_CUSTOMER(Disposition.QUARANTINED),
    /** A later copy of an id already landed: the first landed copy is kept. */
    DUPLICATE(Disposition.DROPPED),
    /** An older version of a customer: the latest updated_at (tie: later landing) wins. */
    SUPERSEDED(Disposition.DROPPED),
    /** A clickstream event of a customer whose current consent_tracking is false. */
    EXCLUDED_NO_CONSENT(Disposition.DROPPED);

    /** Where a row ends: exactly one of these (spec §5.1). */
    public enum Disposition {
        KEPT, QUARANTINED, DROPPED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Disposition disposition;

    Reason(Disposition disposition) {
        this.disposition = disposition;
    }

    public Disposition disposition() {
        return disposition;
    }

    /** The code stored in quarantine tables and run records. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
