package io.engagementlake.model;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) on 0 &lt;= z &lt; 1, as the BG/NBD
 * expectations need it.
 *
 * <p>Near z = 0 the defining power series converges fast. Near z = 1 it can need
 * millions of terms (and 2F1 itself diverges when c - a - b &lt; 0), so there the series
 * is tried with a small term budget and, failing that, the linear transformation
 * z → 1 - z (Abramowitz &amp; Stegun 15.3.6) is used, whose two series converge at least as
 * fast as 0.5^n. The transformation has gamma-function poles when c - a - b is an integer;
 * within 10^-4 of one the value is interpolated (cubic, from c - a - b = n ± 10^-4 and
 * n ± 2·10^-4), where the cancellation costs about four digits and the interpolation error
 * is about 10^-16 · log^4(1 - z). A huge a or b makes the transformation's two terms cancel;
 * then the direct series is summed after all, up to 200,000 terms. When nothing can be
 * trusted to about ten digits the result is NaN rather than a wrong number.
 *
 * <p>All methods are pure functions of their arguments.
 */
final class GaussHypergeometric {

    /** Relative size of the neglected series tail at which summation stops. */
    private static final double TOLERANCE = 1e-16;
    /** Terms the direct series may take when z &gt; 1/2 before the transformation is tried. */
    private static final int QUICK_DIRECT_TERMS = 1_000;
    /** Terms the direct series may take when z &gt; 1/2 and the transformation failed. */
    private static final int NEAR_ONE_DIRECT_TERMS = 200_000;
    /** Hard cap on terms of any series; for z &lt;= 1/2 this is never reached in practice. */
    private static final int MAXIMUM_TERMS = 1_000_000;
    /** Distance from an integer c - a - b below which the transformation is interpolated. */
    private static final double INTEGER_GAP = 1e-4;
    /** Largest term / |sum| ratio accepted before the direct series is deemed cancelled. */
    private static final double CANCELLATION_LIMIT = 1e6;
    /** Relative error bound the transformation must meet for its result to be used. */
    private static final double TARGET_ACCURACY = 1e-10;
    /** One unit in the last place of 1.0. */
    private static final double ROUNDING = 0x1p-52;

    private GaussHypergeometric() {
    }

    /** 2F1(a, b; c; z) for 0 &lt;= z &lt; 1. */
    static double value(double a, double b, double c, double z) {
        if (!(z < 1)) {
            throw new IllegalArgumentException("2F1 needs 0 <= z < 1, got z = " + z);
        }
        return scaledValue(a, b, c, z, 1.0 - z, 0.0);
    }

    /**
     * exp(logScale) · 2F1(a, b; c; z) for 0 &lt;= z &lt; 1. The caller passes 1 - z as
     * {@code oneMinusZ}, computed without cancellation, and may fold a factor into the
     * exponent so that a huge series value times a tiny factor does not overflow.
     * Returns NaN when neither method can deliver about ten correct digits (huge parameters
     * together with z close to, but not very close to, 1); callers then need another route.
     *
     * @throws IllegalArgumentException when z is outside [0, 1) or c is 0, -1, -2, ...
     */
    static double scaledValue(double a, double b, double c, double z, double oneMinusZ, double logScale) {
        return evaluate(a, b, c, z, oneMinusZ, logScale, false);
    }

    /**
     * 1 - exp(logScale) · 2F1(a, b; c; z), computed without the cancellation of the
     * subtraction when the series route applies: as -expm1(logScale) - exp(logScale) · S with
     * S = 2F1 - 1 summed from its second term. The BG/NBD expectations are of this form and
     * are small for short horizons. Same arguments and NaN convention as
     * {@link #scaledValue}.
     */
    static double complementOfScaledValue(double a, double b, double c, double z, double oneMinusZ, double logScale) {
        return evaluate(a, b, c, z, oneMinusZ, logScale, true);
    }

    private static double evaluate(double a, double b, double c, double z, double oneMinusZ, double logScale,
                                   boolean complement) {
        // z itself may round to 1 when 1 - z is below 1e-16; 1 - z is what must stay positive.
        if (!(z >= 0 && z <= 1) || !(oneMinusZ > 0 && oneMinusZ <= 1)) {
            throw new IllegalArgumentException("2F1 needs 0 <= z < 1, got z = " + z + ", 1 - z = " + oneMinusZ);
        }
        if (SpecialFunctions.isNonPositiveInteger(c)) {
            throw new IllegalArgumentException("2F1 is undefined for c = " + c);
        }
        // A non-positive integer a or b makes 2F1 a polynomial: the series ends by itself.
        if (z <= 0.5 || SpecialFunctions.isNonPositiveInteger(a) || SpecialFunctions.isNonPositiveInteger(b)) {
            return fromSeries(series(a, b, c, z, MAXIMUM_TERMS), logScale, complement);
        }
        // Large c (e.g. a customer with many purchases) makes the direct series short even
        // at z close to 1, and the transformation would then sum huge alternating terms.
        Series direct = series(a, b, c, z, QUICK_DIRECT_TERMS);
        if (direct.isAccurate()) {
            return fromSeries(direct, logScale, complement);
        }
        double transformed = transformed(a, b, c, oneMinusZ, logScale);
        if (!Double.isNaN(transformed)) {
            return complement ? 1 - transformed : transformed;
        }
        // A large a or b spoils the transformation; the direct series still converges, at
        // least like z^n in the end, so about 40 / (1 - z) terms suffice, if affordable.
        int directTerms = (int) Math.min(NEAR_ONE_DIRECT_TERMS, 40 / oneMinusZ);
        if (directTerms > QUICK_DIRECT_TERMS) {
            direct = series(a, b, c, z, directTerms);
            if (direct.isAccurate()) {
                return fromSeries(direct, logScale, complement);
            }
        }
        return Double.NaN;
    }

    private static double fromSeries(Series series, double logScale, boolean complement) {
        if (complement) {
            return -Math.expm1(logScale) - scale(series.beyondFirst, logScale);
        }
        return scale(series.sum(), logScale);
    }

    /** The z → 1 - z transformation, interpolated across integer c - a - b. */
    private static double transformed(double a, double b, double c, double oneMinusZ, double logScale) {
        double gap = c - a - b;
        double nearestInteger = Math.rint(gap);
        double offset = gap - nearestInteger;
        if (Math.abs(offset) >= INTEGER_GAP) {
            return transformedNonInteger(a, b, c, oneMinusZ, logScale);
        }
        // 2F1 is smooth in c: move c so that c - a - b sits at n ± INTEGER_GAP, n ± 2 INTEGER_GAP, and interpolate.
        double cAtInteger = c - offset;
        return SpecialFunctions.interpolateAcrossSingularity(offset, INTEGER_GAP,
                shift -> transformedNonInteger(a, b, cAtInteger + shift, oneMinusZ, logScale));
    }

    /**
     * A&amp;S 15.3.6 with w = 1 - z and m = c - a - b not an integer:
     * 2F1(a,b;c;z) = Γ(c)Γ(m)/(Γ(c-a)Γ(c-b)) 2F1(a,b;1-m;w)
     *              + w^m Γ(c)Γ(-m)/(Γ(a)Γ(b)) 2F1(c-a,c-b;1+m;w).
     * Coefficients are combined in log space with explicit signs so that neither the
     * gamma ratios nor w^m overflow on their own.
     */
    private static double transformedNonInteger(double a, double b, double c, double w, double logScale) {
        double m = c - a - b;
        double logW = Math.log(w);
        double first = 0;
        double firstError = 0;
        double second = 0;
        double secondError = 0;
        // 1/Γ(c-a) or 1/Γ(c-b) is zero at a pole: the whole first term vanishes.
        double firstSign = SpecialFunctions.signGamma(c) * SpecialFunctions.signGamma(m)
                * SpecialFunctions.signGamma(c - a) * SpecialFunctions.signGamma(c - b);
        if (firstSign != 0) {
            double[] logGammas = {logAbsGamma(c), logAbsGamma(m), -logAbsGamma(c - a), -logAbsGamma(c - b), logScale};
            Series series = series(a, b, 1 - m, w, MAXIMUM_TERMS);
            first = firstSign * scale(series.sum(), sum(logGammas));
            firstError = Math.abs(first) * relativeError(logGammas, series);
        }
        double secondSign = SpecialFunctions.signGamma(c) * SpecialFunctions.signGamma(-m)
                * SpecialFunctions.signGamma(a) * SpecialFunctions.signGamma(b);
        if (secondSign != 0) {
            double[] logGammas = {logAbsGamma(c), logAbsGamma(-m), -logAbsGamma(a), -logAbsGamma(b), m * logW, logScale};
            Series series = series(c - a, c - b, 1 + m, w, MAXIMUM_TERMS);
            second = secondSign * scale(series.sum(), sum(logGammas));
            secondError = Math.abs(second) * relativeError(logGammas, series);
        }
        double total = first + second;
        // With a large parameter (say b = 10^4) both terms can grow like e^(b(1-z)) and cancel
        // to a small value, and exp(log Γ(10^4) - ...) carries an error of 10^-16 · log Γ(10^4)
        // per term: when the resulting error bound exceeds ~10^-10 of the sum, give up.
        if (!Double.isFinite(total) || !(firstError + secondError <= TARGET_ACCURACY * Math.abs(total))) {
            return Double.NaN;
        }
        return total;
    }

    private static double logAbsGamma(double x) {
        return SpecialFunctions.logAbsGamma(x);
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    /**
     * Rough relative error of exp(Σ logs) · series: each log carries about one rounding unit
     * of its own size, which the exponential turns into a relative error; the series adds
     * its own cancellation.
     */
    private static double relativeError(double[] logs, Series series) {
        double magnitude = 4;
        for (double log : logs) {
            magnitude += Math.abs(log);
        }
        double seriesCancellation = series.largestTerm() / Math.abs(series.sum());
        return ROUNDING * (magnitude + seriesCancellation) + (series.converged() ? 0 : 1);
    }

    /** exp(logScale) · value, computed as a single exponential to avoid overflow. */
    private static double scale(double value, double logScale) {
        if (value == 0) {
            return 0;
        }
        return Math.copySign(Math.exp(logScale + Math.log(Math.abs(value))), value);
    }

    /**
     * Outcome of summing the power series.
     *
     * @param beyondFirst the sum of all terms but the leading 1
     */
    private record Series(double beyondFirst, boolean converged, double largestTerm) {
        double sum() {
            return 1.0 + beyondFirst;
        }

        /** Converged, and without cancelling terms far larger than the sum. */
        boolean isAccurate() {
            return converged && Double.isFinite(beyondFirst) && largestTerm <= CANCELLATION_LIMIT * Math.abs(sum());
        }
    }

    /**
     * Sum of (a)_n (b)_n / (c)_n z^n / n! for n &gt;= 1 (the leading 1 is kept apart so that
     * callers can form 2F1 - 1 without cancellation), with Neumaier-compensated addition.
     * Stops when the tail, bounded by a geometric series with ratio
     * max(|next term ratio|, z) or, near z = 1, by the power-law estimate, is below
     * {@link #TOLERANCE} of 2F1.
     */
    private static Series series(double a, double b, double c, double z, int maximumTerms) {
        double sum = 0.0;
        double compensation = 0.0;
        double term = 1.0;
        double largestTerm = 1.0;
        double gap = c - a - b;
        double parameterSize = Math.max(Math.abs(a), Math.max(Math.abs(b), Math.abs(c)));
        for (int n = 0; n < maximumTerms; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
            double next = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
            largestTerm = Math.max(largestTerm, Math.abs(term));
            if (term == 0) {
                return new Series(sum + compensation, true, largestTerm);
            }
            if (!Double.isFinite(sum)) {
                return new Series(sum, false, largestTerm);
            }
            double nextRatio = Math.abs((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2.0)) * z);
            double ratioBound = Math.max(nextRatio, z);
            double tail = Double.POSITIVE_INFINITY;
            if (ratioBound < 1) {
                tail = Math.abs(term) * ratioBound / (1 - ratioBound);
            }
            // At z ≈ 1 the terms fall like n^-(c+1-a-b) rather than geometrically; once n is
            // well past the parameters the tail is about term · n / (c - a - b).
            if (gap > 0 && n > 2 * parameterSize) {
                tail = Math.min(tail, Math.abs(term) * (n + 1.0) / gap);
            }
            if (tail <= TOLERANCE * Math.abs(1.0 + sum + compensation)) {
                return new Series(sum + compensation, true, largestTerm);
            }
        }
        return new Series(sum + compensation, false, largestTerm);
    }
}
