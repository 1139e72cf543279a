package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The holdout comparison in total and by calibration frequency. */
class HoldoutCheckTest {

    private static final BetaGeometricNbdModel MODEL = new BetaGeometricNbdModel(0.243, 4.414, 0.793, 2.426);

    @Test
    void bucketsAddUpAndFollowTheCalibrationFrequency() {
        HoldoutComparison comparison =
                HoldoutCheck.compareCustomers(MODEL, CdnowData.HOLDOUT_WEEKS, CdnowData.sampleSummary());
        assertThat(comparison.byFrequency()).extracting(FrequencyBucketComparison::frequencyBucket)
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7+");
        assertThat(comparison.byFrequency().get(0).customers()).isEqualTo(1411);
        assertThat(comparison.byFrequency().stream().mapToLong(FrequencyBucketComparison::customers).sum()).isEqualTo(2357);
        assertThat(comparison.byFrequency().stream().mapToDouble(FrequencyBucketComparison::actual).sum()).isEqualTo(1882.0);
        assertThat(comparison.byFrequency().stream().mapToDouble(FrequencyBucketComparison::predicted).sum())
                .isCloseTo(comparison.predicted(), within(1e-9));
        // Customers who bought more often before are expected to buy more afterwards.
        for (int bucket = 1; bucket < 8; bucket++) {
            FrequencyBucketComparison previous = comparison.byFrequency().get(bucket - 1);
            FrequencyBucketComparison current = comparison.byFrequency().get(bucket);
            assertThat(current.predicted() / current.customers()).isGreaterThan(previous.predicted() / previous.customers());
        }
        assertThat(comparison.holdoutLength()).isEqualTo(39.0);
    }

    @Test
    void aggregatedObservationsGiveTheSameResult() {
        List<HoldoutObservation> observations = List.of(
                new HoldoutObservation(0, 0, 30, 4, 10),
                new HoldoutObservation(2, 20, 30, 6, 3),
                new HoldoutObservation(9, 29, 30, 40, 2));
        HoldoutComparison comparison = HoldoutCheck.compare(MODEL, 39, observations);
        assertThat(comparison.customers()).isEqualTo(15);
        assertThat(comparison.actual()).isEqualTo(50.0);
        double expected = 10 * MODEL.conditionalExpectedPurchases(39, 0, 0, 30)
                + 3 * MODEL.conditionalExpectedPurchases(39, 2, 20, 30)
                + 2 * MODEL.conditionalExpectedPurchases(39, 9, 29, 30);
        assertThat(comparison.predicted()).isCloseTo(expected, within(1e-12));
        assertThat(comparison.byFrequency().get(7).customers()).isEqualTo(2);
        assertThat(comparison.byFrequency().get(3).customers()).isZero();
    }
}
