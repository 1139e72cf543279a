package io.engagementlake.model;

import java.io.Serializable;

/**
 * Predicted against actual holdout repeat purchases for the customers of one calibration
 * frequency bucket.
 *
 * @param frequencyBucket "0" to "6", or "7+" for seven or more calibration repeat purchases
 * @param customers customers in the bucket
 * @param predicted sum of their conditional expected holdout purchases
 * @param actual sum of their actual holdout purchase days
 */
public record FrequencyBucketComparison(String frequencyBucket, long customers, double predicted, double actual)
        implements Serializable {
}
