package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Predicted value = expected purchases × expected average value, with monthly discounting. */
class CustomerLifetimeValueTest {

    private static final BetaGeometricNbdModel PURCHASES = new BetaGeometricNbdModel(0.243, 4.414, 0.793, 2.426);
    private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);
    private static final double YEAR = ModelTimeUnit.WEEKS.unitsPerYear();

    @Test
    void undiscountedValueIsPurchasesTimesAverageValue() {
        CustomerLifetimeValue value = CustomerLifetimeValue.undiscounted(PURCHASES, SPEND, ModelTimeUnit.WEEKS);
        double purchases = PURCHASES.conditionalExpectedPurchases(YEAR, 2, 30.43, 38.86);
        double average = SPEND.conditionalExpectedAverageValue(2, 22.35);
        assertThat(value.expectedPurchases(YEAR, 2, 30.43, 38.86)).isEqualTo(purchases);
        assertThat(value.predictedValue(YEAR, 2, 30.43, 38.86, 22.35)).isCloseTo(purchases * average, within(1e-12));
        // No repeat purchases yet: the population mean value applies.
        assertThat(value.predictedValue(YEAR, 0, 0, 10, 0))
                .isCloseTo(PURCHASES.conditionalExpectedPurchases(YEAR, 0, 0, 10) * SPEND.populationMeanValue(), within(1e-12));
        assertThat(value.predictedValue(0, 2, 30.43, 38.86, 22.35)).isZero();
    }

    @Test
    void discountingByMonthMatchesTheDocumentedSum() {
        double rate = 0.1;
        CustomerLifetimeValue value = new CustomerLifetimeValue(PURCHASES, SPEND, rate, ModelTimeUnit.WEEKS);
        double month = YEAR / 12;
        double expected = 0;
        for (int index = 1; index <= 12; index++) {
            double increment = PURCHASES.conditionalExpectedPurchases(index * month, 2, 30.43, 38.86)
                    - PURCHASES.conditionalExpectedPurchases((index - 1) * month, 2, 30.43, 38.86);
            expected += increment / Math.pow(1 + rate, index / 12.0);
        }
        double discounted = value.expectedPurchases(YEAR, 2, 30.43, 38.86);
        assertThat(discounted).isCloseTo(expected, within(1e-12));
        double undiscounted = PURCHASES.conditionalExpectedPurchases(YEAR, 2, 30.43, 38.86);
        assertThat(discounted).isLessThan(undiscounted).isGreaterThan(undiscounted / 1.1);
        // The same in days: months are placed by the unit, so the results agree closely.
        BetaGeometricNbdModel inDays = new BetaGeometricNbdModel(0.243, 4.414 * 7, 0.793, 2.426);
        CustomerLifetimeValue daily = new CustomerLifetimeValue(inDays, SPEND, rate, ModelTimeUnit.DAYS);
        assertThat(daily.expectedPurchases(365, 2, 30.43 * 7, 38.86 * 7)).isCloseTo(discounted, within(1e-9));
        // A partial last month: 1.5 months of horizon.
        double partial = value.expectedPurchases(1.5 * month, 2, 30.43, 38.86);
        double first = PURCHASES.conditionalExpectedPurchases(month, 2, 30.43, 38.86);
        double both = PURCHASES.conditionalExpectedPurchases(1.5 * month, 2, 30.43, 38.86);
        assertThat(partial).isCloseTo(first / Math.pow(1.1, 1 / 12.0) + (both - first) / Math.pow(1.1, 1.5 / 12), within(1e-12));
    }

    @Test
    void rejectsBadSettingsAndPropagatesTheGammaGammaFailure() {
        assertThatThrownBy(() -> new CustomerLifetimeValue(PURCHASES, SPEND, -0.1, ModelTimeUnit.DAYS))
                .isInstanceOf(IllegalArgumentException.class);
        CustomerLifetimeValue heavyTailed = CustomerLifetimeValue.undiscounted(PURCHASES, new GammaGammaModel(2, 0.8, 10), ModelTimeUnit.WEEKS);
        assertThatThrownBy(() -> heavyTailed.predictedValue(52, 1, 1, 2, 10)).isInstanceOf(IllegalStateException.class);
    }
}
