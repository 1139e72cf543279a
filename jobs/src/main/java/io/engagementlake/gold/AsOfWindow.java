package io.engagementlake.gold;

import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;

/**
 * The spec's "window of N days" at as-of date D (spec §7): instants in
 * [D − (N−1) days 00:00, D + 1 day 00:00) UTC, i.e. the N UTC dates D − (N−1) .. D.
 * Bounds are literal instants, so the window does not depend on the session time zone.
 */
public record AsOfWindow(LocalDate asOf, int days) {
    public AsOfWindow {
        if (days <= 0) {
            throw new IllegalArgumentException("a window has at least one day, got " + days);
        }
    }

    public static AsOfWindow of(LocalDate asOf, int days) {
        return new AsOfWindow(asOf, days);
    }

    /** D − (N−1): the first UTC date of the window. */
    public LocalDate firstDate() {
        return asOf.minusDays(days - 1L);
    }

    /** D − (N−1) days 00:00 UTC, included. */
    public Instant start() {
        return firstDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** D + 1 day 00:00 UTC, excluded: also the end of "everything up to D". */
    public Instant end() {
        return endOf(asOf);
    }

    /** D + 1 day 00:00 UTC: an instant is "≤ D" when it is before this. */
    public static Instant endOf(LocalDate asOf) {
        return asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** True for a timestamp in [start, end). */
    public Column contains(Column ts) {
        return ts.geq(lit(start())).and(ts.lt(lit(end())));
    }

    /** True for a UTC date in [D − (N−1), D]. */
    public Column containsDate(Column date) {
        return date.geq(lit(firstDate())).and(date.leq(lit(asOf)));
    }

    /** True for a timestamp before D + 1 day 00:00 UTC (the spec's "≤ D"). */
    public static Column upTo(LocalDate asOf, Column ts) {
        return ts.lt(lit(endOf(asOf)));
    }
}
