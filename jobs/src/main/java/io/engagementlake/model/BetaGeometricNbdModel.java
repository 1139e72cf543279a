package io.engagementlake.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way",
 * Marketing Science 24(2): while alive a customer buys at a Poisson rate λ, after each
 * purchase becomes inactive with probability p; λ ~ Gamma(r, α) and p ~ Beta(a, b) across
 * customers. The parameters are those of a fitted model; α carries the time unit of the
 * data it was fitted on.
 *
 * <p>Customer arguments are x (frequency: repeat purchase days), t_x (recency: time of the
 * last purchase since the first) and T (age: time from the first purchase to the end of
 * the observation), all in the fit's time unit. Every method returns a finite number for any
 * valid input, including customers with x = 1000, t_x = T or a tiny or huge T.
 *
 * @param r shape of the Gamma distribution of purchase rates
 * @param alpha scale of the Gamma distribution of purchase rates (a time)
 * @param a first shape of the Beta distribution of dropout probabilities
 * @param b second shape of the Beta distribution of dropout probabilities
 */
public record BetaGeometricNbdModel(double r, double alpha, double a, double b) implements Serializable {

    /** Above this many patterns the starting points are screened on a subsample. */
    static final int SCREENING_PATTERNS = 20_000;
    /** Within this distance of a = 1 the expectations are interpolated: their a - 1 denominators cancel. */
    private static final double DENOMINATOR_GAP = 1e-4;
    /** Within this distance of a + b + x - 1 = 0 the hypergeometric c parameter is a pole. */
    private static final double POLE_GAP = 1e-4;

    /** Rejects non-positive or non-finite parameters, which have no meaning in the model. */
    public BetaGeometricNbdModel {
        for (double parameter : new double[] {r, alpha, a, b}) {
            if (!(parameter > 0) || Double.isInfinite(parameter)) {
                throw new IllegalArgumentException(
                        "BG/NBD parameters must be finite and > 0, got r=" + r + " alpha=" + alpha
                                + " a=" + a + " b=" + b);
            }
        }
    }

    /**
     * Fits r, α, a and b by maximum likelihood on the compressed data; see
     * {@link LogParameterMaximizer} for the optimiser and the convergence checks. A fit that
     * does not converge is returned with {@code converged = false} and the reason in
     * {@code diagnostics}, not thrown, so a pipeline can record it and go on.
     *
     * @param patterns distinct (x, t_x, T) with their customer counts, at least one
     * @throws IllegalArgumentException when there are no patterns
     */
    public static BetaGeometricNbdFit fit(List<RepeatPurchasePattern> patterns) {
        LikelihoodData data = new LikelihoodData(patterns);
        LikelihoodData screening = patterns.size() <= SCREENING_PATTERNS
                ? data : new LikelihoodData(systematicSample(patterns, SCREENING_PATTERNS));
        long customers = data.customers;
        // The mean purchase rate sets the scale of alpha, so starts suit days and weeks alike.
        double meanAge = Math.max(data.weightedAge / customers, Double.MIN_NORMAL);
        double meanRate = data.weightedFrequency > 0
                ? data.weightedFrequency / (data.weightedAge + Double.MIN_NORMAL)
                : 0.01 / meanAge;
        List<double[]> starts = new ArrayList<>();
        double[][] shapes = {{1.0, 1.0, 1.0}, {0.25, 0.8, 2.5}, {3.0, 2.0, 10.0}, {0.5, 0.3, 0.5}};
        for (double[] shape : shapes) {
            double startR = shape[0];
            starts.add(new double[] {
                Math.log(startR), Math.log(startR / meanRate), Math.log(shape[1]), Math.log(shape[2])});
        }
        LogParameterMaximizer.Outcome outcome = LogParameterMaximizer.maximize(
                data::evaluate, screening::evaluate, starts, new String[] {"r", "alpha", "a", "b"});
        double[] estimate = outcome.logParameters();
        double[] errors = outcome.standardErrors();
        return new BetaGeometricNbdFit(
                Math.exp(estimate[0]), Math.exp(estimate[1]), Math.exp(estimate[2]), Math.exp(estimate[3]),
                outcome.logLikelihood(), errors[0], errors[1], errors[2], errors[3],
                outcome.iterations(), outcome.converged(), customers, patterns.size(), outcome.diagnostics());
    }

    /**
     * Every k-th pattern, k = ceil(size / maximum): a spread-out subsample on which the
     * starting points are screened cheaply when there are very many patterns.
     */
    static <T> List<T> systematicSample(List<T> patterns, int maximum) {
        int step = (patterns.size() + maximum - 1) / maximum;
        List<T> sample = new ArrayList<>(maximum);
        for (int i = 0; i < patterns.size(); i += step) {
            sample.add(patterns.get(i));
        }
        return sample;
    }

    /** The log-likelihood with its gradient in log-parameters, for tests of the gradient. */
    static LogLikelihoodFunction logLikelihoodFunction(List<RepeatPurchasePattern> patterns) {
        return new LikelihoodData(patterns)::evaluate;
    }

    /** The count-weighted log-likelihood of the patterns under these parameters. */
    public double logLikelihood(List<RepeatPurchasePattern> patterns) {
        return new LikelihoodData(patterns).evaluate(
                new double[] {Math.log(r), Math.log(alpha), Math.log(a), Math.log(b)}, null);
    }

    /**
     * P(alive at T | x, t_x, T) = 1 / (1 + [x &gt; 0] · a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)).
     * Exactly 1 when x = 0: the model lets a customer drop out only right after a purchase.
     */
    public double probabilityAlive(double frequency, double recency, double age) {
        validateCustomer(frequency, recency, age);
        if (frequency == 0) {
            return 1.0;
        }
        // Log-odds of being inactive; log1p keeps (α+T)/(α+t_x) accurate when t_x ≈ T.
        double logOdds = Math.log(a) - Math.log(b + frequency - 1)
                + (r + frequency) * Math.log1p((age - recency) / (alpha + recency));
        return logistic(-logOdds);
    }

    /**
     * E[X(t)], the expected number of repeat purchases of a new customer in (0, t]:
     * (a+b-1)/(a-1) · [1 - (α/(α+t))^r · 2F1(r, b; a+b-1; t/(α+t))].
     */
    public double expectedPurchases(double horizon) {
        validateHorizon(horizon);
        return horizon == 0 ? 0.0 : expectedPurchasesWhileAlive(horizon, 0.0, 0.0, a, b);
    }

    /**
     * E[Y(t) | x, t_x, T], the expected number of purchases in (T, T + t] of a customer
     * with this history (Fader, Hardie &amp; Lee 2005, eq. 10):
     * P(alive) · (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))].
     */
    public double conditionalExpectedPurchases(double horizon, double frequency, double recency, double age) {
        validateHorizon(horizon);
        double alive = probabilityAlive(frequency, recency, age);
        if (horizon == 0 || alive == 0) {
            return 0.0;
        }
        return alive * expectedPurchasesWhileAlive(horizon, frequency, age, a, b);
    }

    /**
     * E[Y(t) | alive at T] = (c / (a-1)) · [1 - w^(r+x) · 2F1(r+x, b+x; c; z)] with
     * c = a+b+x-1, z = t/(α+T+t), w = 1 - z. Euler's transformation
     * 2F1(A, B; C; z) = w^(C-A-B) 2F1(C-A, C-B; C; z) turns the bracket into
     * 1 - w^(a-1) · 2F1(a+b-1-r, a-1; c; z): the huge 2F1 and the tiny w^(r+x) of a
     * customer with many purchases no longer multiply, and the parameters of the remaining
     * 2F1 stay moderate, which keeps the series short.
     */
    private double expectedPurchasesWhileAlive(double horizon, double frequency, double age, double aValue, double bValue) {
        // Half the gap as the trigger: the interpolation nodes, at one and two gaps, must not
        // trigger it again through rounding.
        if (Math.abs(aValue - 1) < DENOMINATOR_GAP / 2) {
            // c/(a-1) and the bracket both pass through zero at a = 1: interpolate across it.
            return SpecialFunctions.interpolateAcrossSingularity(aValue - 1, DENOMINATOR_GAP,
                    shift -> expectedPurchasesWhileAlive(horizon, frequency, age, 1 + shift, bValue));
        }
        double c = aValue + bValue + frequency - 1;
        if (Math.abs(c) < POLE_GAP / 2) {
            // Only for x = 0 and a + b = 1: 2F1 has a pole in c while the factor c vanishes.
            double bAtPole = bValue - c;
            return SpecialFunctions.interpolateAcrossSingularity(c, POLE_GAP,
                    shift -> expectedPurchasesWhileAlive(horizon, frequency, age, aValue, bAtPole + shift));
        }
        double scale = alpha + age;
        double total = scale + horizon;
        double z = Math.min(horizon / total, Math.nextDown(1.0));
        double oneMinusZ = scale / total;
        double logOneMinusZ = -Math.log1p(horizon / scale);
        double bracket = GaussHypergeometric.complementOfScaledValue(
                aValue + bValue - 1 - r, aValue - 1, c, z, oneMinusZ, (aValue - 1) * logOneMinusZ);
        double result = c / (aValue - 1) * bracket;
        // A live customer buys at most as much as one who never drops out, E[λ]·t: a value
        // outside [0, that] (or NaN from 2F1) means lost digits, so integrate instead.
        double noDropout = (r + frequency) * horizon / scale;
        if (result >= 0 && result <= noDropout * (1 + 1e-9)) {
            return result;
        }
        return expectedPurchasesWhileAliveByIntegration(horizon, frequency, age, aValue, bValue);
    }

    /**
     * The same expectation as a one-dimensional integral, for parameters where the
     * hypergeometric route fails: given alive, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x),
     * and E[purchases | λ, p] = (1 - e^(-λpt))/p, so averaging over λ leaves
     * ∫ (1 - (1 + pt/(α+T))^-(r+x)) / p · Beta(p; a, b+x) dp. Substituting u = p^a on
     * [0, 1/2] and v = (1-p)^(b+x) on [1/2, 1] removes the density's endpoint singularities.
     */
    private double expectedPurchasesWhileAliveByIntegration(double horizon, double frequency, double age,
                                                           double aValue, double bValue) {
        double shapeB = bValue + frequency;
        double shape = r + frequency;
        double rate = horizon / (alpha + age);
        DoubleUnaryOperator perDropoutProbability =
                p -> p == 0 ? shape * rate : -Math.expm1(-shape * Math.log1p(p * rate)) / p;
        double lowerHalf = GeometricPanelQuadrature.integrate(u -> {
            double p = Math.pow(u, 1 / aValue);
            return Math.exp((shapeB - 1) * Math.log1p(-p)) * perDropoutProbability.applyAsDouble(p);
        }, Math.pow(0.5, aValue)) / aValue;
        double upperHalf = GeometricPanelQuadrature.integrate(v -> {
            double p = -Math.expm1(Math.log(v) / shapeB);
            return Math.pow(p, aValue - 1) * perDropoutProbability.applyAsDouble(p);
        }, Math.pow(0.5, shapeB)) / shapeB;
        return Math.exp(-Beta.logBeta(aValue, shapeB)) * (lowerHalf + upperHalf);
    }

    private static double logistic(double value) {
        if (value >= 0) {
            return 1.0 / (1.0 + Math.exp(-value));
        }
        double exponential = Math.exp(value);
        return exponential / (1.0 + exponential);
    }

    private static void validateHorizon(double horizon) {
        if (!(horizon >= 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon must be finite and >= 0, got " + horizon);
        }
    }

    static void validateCustomer(double frequency, double recency, double age) {
        // A count of purchase days: fractional values would make b + x - 1 meaningless.
        if (!(frequency >= 0) || Double.isInfinite(frequency) || frequency != Math.rint(frequency)) {
            throw new IllegalArgumentException("frequency must be a whole number >= 0, got " + frequency);
        }
        if (!(recency >= 0) || !(age >= 0) || Double.isInfinite(age)) {
            throw new IllegalArgumentException(
                    "recency and age must be finite and >= 0, got " + recency + ", " + age);
        }
        if (recency > age + 1e-9 * Math.max(1.0, age)) {
            throw new IllegalArgumentException("recency " + recency + " exceeds age " + age);
        }
    }

    /**
     * The patterns laid out for fast likelihood evaluation: the log-gamma and digamma terms
     * depend on x only and ln(α+T), ln(α+t_x) on T and t_x only, so each is computed once per
     * distinct value and evaluation (there are few distinct values when times are whole days
     * or weeks) rather than once per pattern.
     */
    private static final class LikelihoodData {
        final double[] frequencies;
        final double[] customersByFrequency;
        final int[] frequencyIndex;
        final double[] ages;
        final int[] ageIndex;
        final double[] recencies;
        final int[] recencyIndex;
        final double[] weight;
        final long customers;
        final double weightedFrequency;
        final double weightedAge;

        LikelihoodData(List<RepeatPurchasePattern> patterns) {
            if (patterns == null || patterns.isEmpty()) {
                throw new IllegalArgumentException("BG/NBD needs at least one (x, t_x, T) pattern");
            }
            int size = patterns.size();
            DistinctValues distinctFrequencies = new DistinctValues();
            DistinctValues distinctAges = new DistinctValues();
            DistinctValues distinctRecencies = new DistinctValues();
            frequencyIndex = new int[size];
            ageIndex = new int[size];
            recencyIndex = new int[size];
            weight = new double[size];
            long customerTotal = 0;
            double frequencyTotal = 0;
            double ageTotal = 0;
            for (int i = 0; i < size; i++) {
                RepeatPurchasePattern pattern = patterns.get(i);
                frequencyIndex[i] = distinctFrequencies.indexOf(pattern.frequency());
                ageIndex[i] = distinctAges.indexOf(pattern.age());
                // Rounded inputs may put t_x a hair above T; the likelihood needs t_x <= T.
                recencyIndex[i] = distinctRecencies.indexOf(Math.min(pattern.recency(), pattern.age()));
                weight[i] = pattern.count();
                customerTotal = Math.addExact(customerTotal, pattern.count());
                frequencyTotal += pattern.count() * pattern.frequency();
                ageTotal += pattern.count() * pattern.age();
            }
            frequencies = distinctFrequencies.values();
            ages = distinctAges.values();
            recencies = distinctRecencies.values();
            customersByFrequency = new double[frequencies.length];
            for (int i = 0; i < size; i++) {
                customersByFrequency[frequencyIndex[i]] += weight[i];
            }
            customers = customerTotal;
            weightedFrequency = frequencyTotal;
            weightedAge = ageTotal;
        }

        /**
         * log L = Σ count · { lnΓ(r+x) - lnΓ(r) + r ln α + ln B(a, b+x) - ln B(a, b)
         *                    + log-sum-exp( -(r+x) ln(α+T),  [x&gt;0] (ln a - ln(b+x-1) - (r+x) ln(α+t_x)) ) },
         * and its gradient in log-parameters. The log-sum-exp keeps the two survival terms
         * from underflowing for large x or T; its two softmax weights (survived to T, or
         * dropped out right after the last purchase) also drive the gradient.
         */
        double evaluate(double[] logParameters, double[] gradient) {
            double r = Math.exp(logParameters[0]);
            double alpha = Math.exp(logParameters[1]);
            double a = Math.exp(logParameters[2]);
            double b = Math.exp(logParameters[3]);
            if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || Double.isInfinite(r + alpha + a + b)) {
                return Double.NaN;
            }
            boolean withGradient = gradient != null;
            double logAlpha = Math.log(alpha);
            double logA = Math.log(a);
            double[] logAlphaAge = new double[ages.length];
            double[] inverseAlphaAge = withGradient ? new double[ages.length] : null;
            for (int j = 0; j < ages.length; j++) {
                logAlphaAge[j] = Math.log(alpha + ages[j]);
                if (withGradient) {
                    inverseAlphaAge[j] = 1 / (alpha + ages[j]);
                }
            }
            double[] logAlphaRecency = new double[recencies.length];
            double[] inverseAlphaRecency = withGradient ? new double[recencies.length] : null;
            for (int j = 0; j < recencies.length; j++) {
                logAlphaRecency[j] = Math.log(alpha + recencies[j]);
                if (withGradient) {
                    inverseAlphaRecency[j] = 1 / (alpha + recencies[j]);
                }
            }
            int distinct = frequencies.length;
            double[] logDropout = new double[distinct];
            double total = 0;
            double common = -Gamma.logGamma(r) + r * logAlpha + Gamma.logGamma(a + b) - Gamma.logGamma(b);
            for (int k = 0; k < distinct; k++) {
                double x = frequencies[k];
                double constant = common + Gamma.logGamma(r + x) + Gamma.logGamma(b + x) - Gamma.logGamma(a + b + x);
                total += customersByFrequency[k] * constant;
                logDropout[k] = x > 0 ? logA - Math.log(b + x - 1) : Double.NEGATIVE_INFINITY;
            }
            double rateDerivative = 0;
            double scaleDerivative = 0;
            double[] dropoutWeight = withGradient ? new double[distinct] : null;
            for (int i = 0; i < weight.length; i++) {
                int k = frequencyIndex[i];
                double shape = r + frequencies[k];
                double logAge = logAlphaAge[ageIndex[i]];
                double survived = -shape * logAge;
                double logSum;
                double survivedShare;
                double droppedShare;
                if (logDropout[k] == Double.NEGATIVE_INFINITY) {
                    logSum = survived;
                    survivedShare = 1;
                    droppedShare = 0;
                } else {
                    double dropped = logDropout[k] - shape * logAlphaRecency[recencyIndex[i]];
                    double smaller = Math.exp(-Math.abs(survived - dropped));
                    logSum = Math.max(survived, dropped) + Math.log1p(smaller);
                    double larger = 1 / (1 + smaller);
                    survivedShare = survived >= dropped ? larger : smaller * larger;
                    droppedShare = survived >= dropped ? smaller * larger : larger;
                }
                total += weight[i] * logSum;
                if (withGradient) {
                    double logRecency = droppedShare == 0 ? 0 : logAlphaRecency[recencyIndex[i]];
                    double inverseRecency = droppedShare == 0 ? 0 : inverseAlphaRecency[recencyIndex[i]];
                    rateDerivative -= weight[i] * (survivedShare * logAge + droppedShare * logRecency);
                    scaleDerivative -= weight[i] * shape
                            * (survivedShare * inverseAlphaAge[ageIndex[i]] + droppedShare * inverseRecency);
                    dropoutWeight[k] += weight[i] * droppedShare;
                }
            }
            if (withGradient) {
                double digammaR = Gamma.digamma(r);
                double digammaB = Gamma.digamma(b);
                double digammaAB = Gamma.digamma(a + b);
                double aDerivative = 0;
                double bDerivative = 0;
                for (int k = 0; k < distinct; k++) {
                    double x = frequencies[k];
                    double count = customersByFrequency[k];
                    double digammaABX = Gamma.digamma(a + b + x);
                    rateDerivative += count * (Gamma.digamma(r + x) - digammaR + logAlpha);
                    scaleDerivative += count * r / alpha;
                    aDerivative += count * (digammaAB - digammaABX);
                    bDerivative += count * (digammaAB + Gamma.digamma(b + x) - digammaB - digammaABX);
                    if (dropoutWeight[k] > 0) {
                        aDerivative += dropoutWeight[k] / a;
                        bDerivative -= dropoutWeight[k] / (b + x - 1);
                    }
                }
                gradient[0] = r * rateDerivative;
                gradient[1] = alpha * scaleDerivative;
                gradient[2] = a * aDerivative;
                gradient[3] = b * bDerivative;
            }
            return total;
        }
    }
}
