package io.engagementlake.generate;

/**
 * A customer's change rows after the first (customers is change data): row {@code v + 1} lands
 * on {@code days[v]} with {@code updatedAt[v]} and applies {@code changes[0..v]}. A tie row
 * repeats the previous row's {@code updated_at}; it lands later, so it must win (PIPELINE.md §5).
 */
record UpdatePlan(int[] days, long[] updatedAt, Change[] changes, boolean[] ties) {
    static final UpdatePlan NONE = new UpdatePlan(new int[0], new long[0], new Change[0], new boolean[0]);

    /** What a change row changes; weights in {@link #CHANGE_WEIGHTS}. */
    enum Change { CONSENT_TRACKING, CONSENT_MARKETING, COUNTRY, EMAIL, SEGMENT }

    static final double[] CHANGE_WEIGHTS = {0.20, 0.30, 0.20, 0.15, 0.15};

    /** The version (1-based row number after the signup row) landing on a day, or -1. */
    int versionOn(int day) {
        for (int update = 0; update < days.length; update++) {
            if (days[update] == day) {
                return update + 1;
            }
        }
        return -1;
    }

    /** Whether the row of a version (0 = signup row) is repeated by a tie row after it. */
    boolean isTiedToLaterRow(int version) {
        return version < ties.length && ties[version];
    }

    boolean isTie(int version) {
        return version >= 1 && ties[version - 1];
    }
}
