package io.engagementlake.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Compares a fitted BG/NBD model's predictions with what customers actually did in a
 * holdout period after the calibration end: the sum over customers of E[Y(t) | x, t_x, T]
 * against the sum of their actual repeat purchase days, in total and by calibration
 * frequency 0, 1, ..., 6, 7+ (the split of Fader, Hardie &amp; Lee's conditional-expectation plot).
 */
public final class HoldoutCheck {

    /** Frequencies of this value or more share the last bucket. */
    public static final int LAST_BUCKET = 7;

    private HoldoutCheck() {
    }

    /**
     * Compares over aggregated observations.
     *
     * @param model the BG/NBD model fitted on the calibration period
     * @param holdoutLength the holdout length t in the model's time unit (the same for every
     *     customer, since the holdout starts at the common calibration end)
     */
    public static HoldoutComparison compare(BetaGeometricNbdModel model, double holdoutLength,
                                            Collection<HoldoutObservation> observations) {
        long[] customers = new long[LAST_BUCKET + 1];
        double[] predicted = new double[LAST_BUCKET + 1];
        double[] actual = new double[LAST_BUCKET + 1];
        for (HoldoutObservation observation : observations) {
            int bucket = (int) Math.min(LAST_BUCKET, Math.floor(observation.frequency()));
            customers[bucket] += observation.count();
            predicted[bucket] += observation.count() * model.conditionalExpectedPurchases(
                    holdoutLength, observation.frequency(), observation.recency(), observation.age());
            actual[bucket] += observation.actualRepeatPurchases();
        }
        List<FrequencyBucketComparison> buckets = new ArrayList<>(LAST_BUCKET + 1);
        long totalCustomers = 0;
        double totalPredicted = 0;
        double totalActual = 0;
        for (int bucket = 0; bucket <= LAST_BUCKET; bucket++) {
            String label = bucket == LAST_BUCKET ? LAST_BUCKET + "+" : Integer.toString(bucket);
            buckets.add(new FrequencyBucketComparison(label, customers[bucket], predicted[bucket], actual[bucket]));
            totalCustomers += customers[bucket];
            totalPredicted += predicted[bucket];
            totalActual += actual[bucket];
        }
        return new HoldoutComparison(holdoutLength, totalCustomers, totalPredicted, totalActual, buckets);
    }

    /** Compares over per-customer summaries from {@link TransactionHistory#summarize}. */
    public static HoldoutComparison compareCustomers(BetaGeometricNbdModel model, double holdoutLength,
                                                     Collection<CustomerSummary> customers) {
        List<HoldoutObservation> observations = new ArrayList<>(customers.size());
        for (CustomerSummary customer : customers) {
            observations.add(new HoldoutObservation(customer.frequency(), customer.recency(), customer.age(),
                    customer.holdoutRepeatPurchases(), 1));
        }
        return compare(model, holdoutLength, observations);
    }
}
