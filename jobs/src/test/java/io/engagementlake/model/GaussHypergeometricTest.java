package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks 2F1 against closed forms in every regime: direct series, transformation, integer c - a - b. */
class GaussHypergeometricTest {

    private static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(actual).isFinite();
        assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(tolerance * Math.abs(expected));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-8, 0.1, 0.5, 0.7, 0.9, 0.99, 0.999999, 1 - 1e-12})
    void logarithmCaseWithIntegerGapZero(double z) {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z; c - a - b = 0 exercises the interpolated transformation.
        assertRelative(GaussHypergeometric.value(1, 1, 2, z), -Math.log1p(-z) / z, 1e-10);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.6, 0.95, 0.9999})
    void integerGapOne(double z) {
        // 2F1(1, 1; 3; z) = 2 (z + (1 - z) ln(1 - z)) / z^2; c - a - b = 1.
        double expected = 2 * (z + (1 - z) * Math.log1p(-z)) / (z * z);
        assertRelative(GaussHypergeometric.value(1, 1, 3, z), expected, 1e-10);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.8, 0.95, 0.999999})
    void binomialCaseWithDivergentSeries(double z) {
        // 2F1(a, b; b; z) = (1 - z)^-a; c - a - b = -a < 0, so 2F1 diverges at z = 1.
        assertRelative(GaussHypergeometric.value(0.3, 2.5, 2.5, z), Math.pow(1 - z, -0.3), 1e-10);
        assertRelative(GaussHypergeometric.value(1.7, 0.4, 0.4, z), Math.pow(1 - z, -1.7), 1e-10);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.6, 0.98, 0.99999999})
    void arcsineCase(double zSquared) {
        // 2F1(1/2, 1/2; 3/2; z^2) = arcsin(z) / z.
        double z = Math.sqrt(zSquared);
        assertRelative(GaussHypergeometric.value(0.5, 0.5, 1.5, zSquared), Math.asin(z) / z, 1e-10);
    }

    @Test
    void polynomialWhenAIsANonPositiveInteger() {
        // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1)).
        double b = 1.3;
        double c = 0.7;
        double z = 0.9;
        double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
        assertRelative(GaussHypergeometric.value(-2, b, c, z), expected, 1e-13);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.4, 0.8, 0.97, 0.99999})
    void eulerTransformationHoldsForBgNbdLikeParameters(double z) {
        // 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z), here with negative c.
        double a = 0.243;
        double b = 0.5;
        double c = -0.3;
        double left = GaussHypergeometric.value(a, b, c, z);
        double right = Math.pow(1 - z, c - a - b) * GaussHypergeometric.value(c - a, c - b, c, z);
        assertRelative(left, right, 1e-9);
    }

    @Test
    void scaledValueAvoidsOverflow() {
        // z rounds to 1 here while 1 - z = 1e-300 stays exact: (1 - z)^-0.3 = 1e90.
        double oneMinusZ = 1e-300;
        assertRelative(GaussHypergeometric.scaledValue(0.3, 2.5, 2.5, 1.0, oneMinusZ, 0.0), 1e90, 1e-9);
        // A factor 1e-600 folded into the exponent: (1 - z)^2 · (1 - z)^-0.3 = 1e-510 underflows to 0, not NaN.
        assertThat(GaussHypergeometric.scaledValue(0.3, 2.5, 2.5, 1.0, oneMinusZ, 2 * Math.log(oneMinusZ)))
                .isEqualTo(0.0);
        // (1 - z)^1.2 · (1 - z)^-1.5 with 1 - z = 1e-200: the product 1e60 is fine although the parts are extreme.
        assertRelative(GaussHypergeometric.scaledValue(1.5, 2.5, 2.5, 1.0, 1e-200, 1.2 * Math.log(1e-200)), 1e60, 1e-9);
        // Large c converges directly even at z = 1: 2F1(1, 1; 1000; 1) = (c - 1)/(c - 2).
        assertRelative(GaussHypergeometric.scaledValue(1, 1, 1000, 1.0, 1e-300, 0.0), 999.0 / 998.0, 1e-12);
        assertThat(GaussHypergeometric.scaledValue(1, 1, 2, 0.5, 0.5, Math.log(0.5)))
                .isCloseTo(-Math.log(0.5), within(1e-14));
    }

    @Test
    void rejectsArgumentsOutsideTheDomain() {
        assertThatThrownBy(() -> GaussHypergeometric.value(1, 1, 2, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussHypergeometric.value(1, 1, -2, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
