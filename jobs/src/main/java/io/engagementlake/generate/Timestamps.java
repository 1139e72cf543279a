package io.engagementlake.generate;

/**
 * ISO-8601 text for instants, written straight into a {@link StringBuilder}: the generator
 * formats millions of timestamps and {@link java.time.format.DateTimeFormatter} would dominate
 * its run time.
 */
final class Timestamps {
    static final long MILLIS_PER_SECOND = 1_000L;
    static final long MILLIS_PER_MINUTE = 60_000L;
    static final long MILLIS_PER_HOUR = 3_600_000L;
    static final long MILLIS_PER_DAY = 86_400_000L;
    static final int SECONDS_PER_DAY = 86_400;

    private Timestamps() {}

    /**
     * {@code 2025-03-01T10:00:00+02:00}: the local time at {@code offsetSeconds} with that
     * offset, {@code Z} for offset 0, and {@code .SSS} only when the instant has milliseconds.
     */
    static void appendWithOffset(StringBuilder text, long epochMillis, int offsetSeconds) {
        appendLocal(text, epochMillis, offsetSeconds);
        appendOffset(text, offsetSeconds);
    }

    static String withOffset(long epochMillis, int offsetSeconds) {
        StringBuilder text = new StringBuilder(29);
        appendWithOffset(text, epochMillis, offsetSeconds);
        return text.toString();
    }

    /** The local date-time at the offset without the offset itself: valid ISO-8601, but no instant. */
    static void appendLocal(StringBuilder text, long epochMillis, int offsetSeconds) {
        long localMillis = epochMillis + offsetSeconds * MILLIS_PER_SECOND;
        long epochDay = Math.floorDiv(localMillis, MILLIS_PER_DAY);
        long millisOfDay = Math.floorMod(localMillis, MILLIS_PER_DAY);
        appendDate(text, epochDay);
        text.append('T');
        appendTwoDigits(text, (int) (millisOfDay / MILLIS_PER_HOUR));
        text.append(':');
        appendTwoDigits(text, (int) (millisOfDay / MILLIS_PER_MINUTE % 60));
        text.append(':');
        appendTwoDigits(text, (int) (millisOfDay / MILLIS_PER_SECOND % 60));
        int millis = (int) (millisOfDay % MILLIS_PER_SECOND);
        if (millis != 0) {
            text.append('.');
            appendTwoDigits(text, millis / 10);
            text.append((char) ('0' + millis % 10));
        }
    }

    static void appendOffset(StringBuilder text, int offsetSeconds) {
        if (offsetSeconds == 0) {
            text.append('Z');
            return;
        }
        text.append(offsetSeconds < 0 ? '-' : '+');
        int absolute = Math.abs(offsetSeconds);
        appendTwoDigits(text, absolute / 3600);
        text.append(':');
        appendTwoDigits(text, absolute / 60 % 60);
    }

    /** {@code YYYY-MM-DD} for a day since 1970-01-01 (Howard Hinnant's civil_from_days). */
    static void appendDate(StringBuilder text, long epochDay) {
        long shifted = epochDay + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        appendTwoDigits(text, (int) (year / 100));
        appendTwoDigits(text, (int) (year % 100));
        text.append('-');
        appendTwoDigits(text, month);
        text.append('-');
        appendTwoDigits(text, day);
    }

    static void appendTwoDigits(StringBuilder text, int value) {
        text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** The year of an instant in UTC, for the bad timestamps built around a row's real one. */
    static int utcYear(long epochMillis) {
        StringBuilder text = new StringBuilder(10);
        appendDate(text, Math.floorDiv(epochMillis, MILLIS_PER_DAY));
        return Integer.parseInt(text, 0, 4, 10);
    }
}
