package io.engagementlake.model;

import java.io.Serializable;
import java.util.List;

/**
 * The outcome of a {@link HoldoutCheck}.
 *
 * @param holdoutLength length of the holdout period in the model time unit
 * @param customers customers compared
 * @param predicted total conditional expected repeat purchases in the holdout period
 * @param actual total actual repeat purchase days in the holdout period
 * @param byFrequency the same split by calibration frequency, buckets 0, 1, ..., 6, 7+ in
 *     that order and always all eight (empty buckets have zeros)
 */
public record HoldoutComparison(double holdoutLength, long customers, double predicted, double actual,
                                List<FrequencyBucketComparison> byFrequency) implements Serializable {

    /** Copies the bucket list so that the record stays immutable. */
    public HoldoutComparison {
        byFrequency = List.copyOf(byFrequency);
    }
}
