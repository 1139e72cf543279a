package io.engagementlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** Parsing of landed text into typed values, as column expressions (no UDFs). */
public final class Fields {
    /**
     * ISO-8601 date-time with an explicit offset or Z (spec §5): without one the instant is
     * ambiguous, so such values are rejected rather than guessed in some time zone.
     */
    public static final String ISO_INSTANT =
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$";

    /** A positive decimal: digits, an optional point and at most 4 decimals; no signs, no separators. */
    public static final String DECIMAL_AMOUNT = "^\\d{1,14}(\\.\\d{1,4})?$";

    public static final String INTEGER = "^[+-]?\\d{1,9}$";

    private Fields() {}

    /** The trimmed text of a landed field, null when absent or blank. */
    public static Column text(String column) {
        Column trimmed = trim(col(column));
        return when(trimmed.notEqual(lit("")), trimmed);
    }

    public static Column isBlank(String column) {
        return text(column).isNull();
    }

    /** The instant a landed ISO-8601 field names, null when it is not one (including impossible dates). */
    public static Column instant(String column) {
        Column value = text(column);
        return when(value.rlike(ISO_INSTANT), value.try_cast(DataTypes.TimestampType));
    }

    /** The UTC date of an instant; sessions run in UTC, so this is the spec's date. */
    public static Column utcDate(Column instant) {
        return to_date(instant);
    }

    /** A landed integer, null when the text is not a whole number. */
    public static Column integer(String column) {
        Column value = text(column);
        return when(value.rlike(INTEGER), value.try_cast(DataTypes.IntegerType));
    }

    /** A landed true/false flag in any letter case, null when it is something else. */
    public static Column flag(String column) {
        Column value = lower(text(column));
        return when(value.equalTo(lit("true")), lit(true)).when(value.equalTo(lit("false")), lit(false));
    }
}
