package io.engagementlake.model;

import java.io.Serializable;

/**
 * Customers sharing a calibration pattern (x, t_x, T), with the repeat purchases they made
 * in the holdout period, for {@link HoldoutCheck}. The Spark job can aggregate to this
 * shape so that the check costs O(patterns).
 *
 * @param frequency x in the calibration period
 * @param recency t_x in the calibration period
 * @param age T at the calibration end
 * @param actualRepeatPurchases holdout purchase days summed over the {@code count} customers
 * @param count number of customers with this pattern, at least 1
 */
public record HoldoutObservation(double frequency, double recency, double age, double actualRepeatPurchases, long count)
        implements Serializable {

    /** Requires a positive count and a finite non-negative actual total. */
    public HoldoutObservation {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (!(actualRepeatPurchases >= 0) || Double.isInfinite(actualRepeatPurchases)) {
            throw new IllegalArgumentException("actual repeat purchases must be finite and >= 0, got " + actualRepeatPurchases);
        }
    }

    /** The calibration pattern these customers had at the calibration end, for a refit. */
    public RepeatPurchasePattern calibrationPattern() {
        return new RepeatPurchasePattern(frequency, recency, age, count);
    }
}
