package io.engagementlake.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gamma-Gamma sufficient statistics (x, m̄) shared by {@code count} customers.
 *
 * @param frequency x, the number of repeat transactions whose values are averaged
 * @param meanRepeatSpend m̄, the mean value of those repeat transactions (the first
 *     purchase day is excluded, as in Fader &amp; Hardie's CDNOW analysis)
 * @param count number of customers with exactly this pattern, at least 1
 */
public record SpendPattern(double frequency, double meanRepeatSpend, long count) implements Serializable {

    /** Validates the pattern so that a bad row fails at construction, not inside the fit. */
    public SpendPattern {
        // A count of purchase days: fractional values would make b + x - 1 meaningless.
        if (!(frequency >= 0) || Double.isInfinite(frequency) || frequency != Math.rint(frequency)) {
            throw new IllegalArgumentException("frequency must be a whole number >= 0, got " + frequency);
        }
        if (Double.isNaN(meanRepeatSpend) || Double.isInfinite(meanRepeatSpend)) {
            throw new IllegalArgumentException("mean repeat spend must be finite, got " + meanRepeatSpend);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
    }

    /**
     * Groups the customers with at least one repeat purchase into distinct (x, m̄) patterns;
     * customers with x = 0 have no repeat spend and are left out.
     */
    public static List<SpendPattern> compress(Collection<CustomerSummary> customers) {
        Map<List<Double>, long[]> counts = new LinkedHashMap<>();
        for (CustomerSummary customer : customers) {
            if (customer.frequency() > 0) {
                List<Double> key = List.of((double) customer.frequency(), customer.meanRepeatSpend());
                counts.computeIfAbsent(key, ignored -> new long[1])[0]++;
            }
        }
        List<SpendPattern> patterns = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> patterns.add(new SpendPattern(key.get(0), key.get(1), count[0])));
        return List.copyOf(patterns);
    }
}
