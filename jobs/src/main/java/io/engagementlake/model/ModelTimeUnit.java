package io.engagementlake.model;

/**
 * The unit in which recency, customer age and horizons are expressed. The BG/NBD scale
 * parameter alpha carries this unit, so a model fitted in weeks must be scored in weeks.
 */
public enum ModelTimeUnit {
    /** One calendar day. */
    DAYS(1.0),
    /** Seven calendar days; the unit of the published CDNOW results. */
    WEEKS(7.0);

    /** Days in a year, used to turn an annual discount rate into a rate per unit. */
    public static final double DAYS_PER_YEAR = 365.0;

    private final double daysPerUnit;

    ModelTimeUnit(double daysPerUnit) {
        this.daysPerUnit = daysPerUnit;
    }

    /** Calendar days in one unit. */
    public double daysPerUnit() {
        return daysPerUnit;
    }

    /** Units in a year of {@value #DAYS_PER_YEAR} days. */
    public double unitsPerYear() {
        return DAYS_PER_YEAR / daysPerUnit;
    }

    /** Converts a number of days to this unit. */
    public double fromDays(double days) {
        return days / daysPerUnit;
    }

    /**
     * Parses {@code days} or {@code weeks} (case-insensitive), the spelling of the
     * command-line option.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static ModelTimeUnit parse(String text) {
        for (ModelTimeUnit unit : values()) {
            if (unit.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return unit;
            }
        }
        throw new IllegalArgumentException("time unit must be 'days' or 'weeks', got '" + text + "'");
    }
}
