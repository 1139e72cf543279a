package io.engagementlake.model;

import java.util.function.DoubleUnaryOperator;

import org.apache.commons.math3.special.Gamma;

/**
 * Gamma-function helpers that Commons Math lacks: the logarithm of |Γ(x)| with its sign for
 * negative non-integer arguments, which the hypergeometric connection formula needs.
 */
final class SpecialFunctions {

    private SpecialFunctions() {
    }

    /** True for 0, -1, -2, ...: the poles of Γ. */
    static boolean isNonPositiveInteger(double x) {
        return x <= 0 && x == Math.rint(x);
    }

    /**
     * log|Γ(x)|; positive infinity at the poles. Uses the reflection formula below zero
     * because {@link Gamma#logGamma(double)} is NaN there.
     */
    static double logAbsGamma(double x) {
        if (x > 0) {
            return Gamma.logGamma(x);
        }
        if (isNonPositiveInteger(x)) {
            return Double.POSITIVE_INFINITY;
        }
        // Γ(x) Γ(1 - x) = π / sin(πx).
        return Math.log(Math.PI) - Math.log(Math.abs(sinPi(x))) - Gamma.logGamma(1 - x);
    }

    /** The sign of Γ(x): +1 or -1, and 0 at the poles (where 1/Γ is 0). */
    static double signGamma(double x) {
        if (x > 0) {
            return 1.0;
        }
        if (isNonPositiveInteger(x)) {
            return 0.0;
        }
        return Math.signum(sinPi(x));
    }

    /**
     * sin(πx) to full relative accuracy: the argument is reduced to [-1/2, 1/2] by exact
     * floating-point steps first, so that neither a large |x| nor an x near an integer
     * (where the reflection formula divides by this value) loses digits to π·x.
     */
    static double sinPi(double x) {
        double reduced = x - 2.0 * Math.rint(x / 2.0); // in [-1, 1], exact
        if (reduced > 0.5) {
            return Math.sin(Math.PI * (1.0 - reduced));
        }
        if (reduced < -0.5) {
            return -Math.sin(Math.PI * (1.0 + reduced));
        }
        return Math.sin(Math.PI * reduced);
    }

    /**
     * log(exp(first) + exp(second)) without overflow; either argument may be negative
     * infinity, standing for a zero term.
     */
    static double logSumExp(double first, double second) {
        double larger = Math.max(first, second);
        if (larger == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return larger + Math.log1p(Math.exp(Math.min(first, second) - larger));
    }

    /**
     * Evaluates a smooth function g at {@code offset} from a point where its formula breaks
     * down (0/0 or cancelling poles), |offset| &lt; {@code gap}, without evaluating the formula
     * there: cubic Lagrange interpolation through g(-2 gap), g(-gap), g(gap), g(2 gap).
     * The error is O(gap^4) times the fourth derivative of g, while the nodes stay far
     * enough from the singular point for the formula's cancellation to cost only about
     * log10(1/gap) digits.
     *
     * @param function g as a function of the signed distance from the singular point
     */
    static double interpolateAcrossSingularity(double offset, double gap, DoubleUnaryOperator function) {
        double[] nodes = {-2 * gap, -gap, gap, 2 * gap};
        double result = 0;
        for (int i = 0; i < nodes.length; i++) {
            double weight = 1;
            for (int j = 0; j < nodes.length; j++) {
                if (j != i) {
                    weight *= (offset - nodes[j]) / (nodes[i] - nodes[j]);
                }
            }
            result += weight * function.applyAsDouble(nodes[i]);
        }
        return result;
    }
}
