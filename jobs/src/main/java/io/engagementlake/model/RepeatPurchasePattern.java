package io.engagementlake.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BG/NBD sufficient statistics (x, t_x, T) shared by {@code count} customers. Fitting on
 * distinct patterns with counts costs O(patterns) rather than O(customers), and the
 * log-likelihood is the count-weighted sum over patterns.
 *
 * @param frequency x, the number of repeat purchase days in the calibration period
 *     (purchases on the first purchase day are not repeats; several purchases on one day are
 *     one transaction)
 * @param recency t_x, time from the first purchase to the last purchase in the calibration
 *     period (0 when x = 0), in the model time unit
 * @param age T, time from the first purchase to the end of the calibration period, in the
 *     model time unit
 * @param count number of customers with exactly this pattern, at least 1
 */
public record RepeatPurchasePattern(double frequency, double recency, double age, long count)
        implements Serializable {

    /** Validates the pattern so that a bad row fails at construction, not inside the fit. */
    public RepeatPurchasePattern {
        // Rounded inputs (as in the published CDNOW summary) may put t_x a hair above T: tolerated there.
        BetaGeometricNbdModel.validateCustomer(frequency, recency, age);
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
    }

    /**
     * Groups customer summaries into distinct (x, t_x, T) patterns, keeping the order in
     * which each pattern first appears.
     */
    public static List<RepeatPurchasePattern> compress(Collection<CustomerSummary> customers) {
        Map<List<Double>, long[]> counts = new LinkedHashMap<>();
        for (CustomerSummary customer : customers) {
            List<Double> key = List.of(
                    (double) customer.frequency(), customer.recency(), customer.age());
            counts.computeIfAbsent(key, ignored -> new long[1])[0]++;
        }
        List<RepeatPurchasePattern> patterns = new ArrayList<>(counts.size());
        counts.forEach((key, count) ->
                patterns.add(new RepeatPurchasePattern(key.get(0), key.get(1), key.get(2), count[0])));
        return List.copyOf(patterns);
    }
}
