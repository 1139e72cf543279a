package io.engagementlake.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of spend per transaction (Fader &amp; Hardie 2013, "The Gamma-Gamma
 * Model of Monetary Value"; Fader, Hardie &amp; Lee 2005, "RFM and CLV"): a customer's
 * transaction values are Gamma(p, ν) with mean p/ν, and ν ~ Gamma(q, γ) across customers.
 * Spend is assumed independent of the purchase process, so this model pairs with
 * {@link BetaGeometricNbdModel}.
 *
 * @param p shape of the transaction-value distribution of one customer
 * @param q shape of the Gamma distribution of ν across customers
 * @param gamma scale of the Gamma distribution of ν (a currency amount)
 */
public record GammaGammaModel(double p, double q, double gamma) implements Serializable {

    /** Rejects non-positive or non-finite parameters, which have no meaning in the model. */
    public GammaGammaModel {
        for (double parameter : new double[] {p, q, gamma}) {
            if (!(parameter > 0) || Double.isInfinite(parameter)) {
                throw new IllegalArgumentException(
                        "Gamma-Gamma parameters must be finite and > 0, got p=" + p + " q=" + q + " gamma=" + gamma);
            }
        }
    }

    /**
     * Fits p, q and γ by maximum likelihood on the customers with at least one repeat
     * transaction. Patterns with x = 0 carry no spend information and are skipped; patterns
     * whose mean spend is 0 or negative have zero density under the model (the Gamma
     * distribution lives on positive values) and are skipped too, with their customers
     * counted in {@link GammaGammaFit#excludedCustomers()}.
     *
     * @throws IllegalArgumentException when no pattern has x &gt; 0 and m̄ &gt; 0
     */
    public static GammaGammaFit fit(List<SpendPattern> patterns) {
        if (patterns == null) {
            throw new IllegalArgumentException("spend patterns are null");
        }
        List<SpendPattern> usable = new ArrayList<>();
        long excluded = 0;
        for (SpendPattern pattern : patterns) {
            if (pattern.frequency() > 0 && pattern.meanRepeatSpend() > 0) {
                usable.add(pattern);
            } else if (pattern.frequency() > 0) {
                excluded += pattern.count();
            }
        }
        LikelihoodData data = new LikelihoodData(usable);
        double meanSpend = data.weightedSpend / data.customers;
        List<double[]> starts = new ArrayList<>();
        // Starting γ from E[m̄] = pγ/(q-1) puts every start at the right currency scale.
        double[][] shapes = {{1.0, 2.0}, {5.0, 4.0}, {2.0, 10.0}, {10.0, 1.5}};
        for (double[] shape : shapes) {
            double startGamma = meanSpend * (shape[1] - 1) / shape[0];
            starts.add(new double[] {Math.log(shape[0]), Math.log(shape[1]), Math.log(startGamma)});
        }
        LikelihoodData screening = usable.size() <= BetaGeometricNbdModel.SCREENING_PATTERNS
                ? data : new LikelihoodData(BetaGeometricNbdModel.systematicSample(usable, BetaGeometricNbdModel.SCREENING_PATTERNS));
        LogParameterMaximizer.Outcome outcome = LogParameterMaximizer.maximize(
                data::evaluate, screening::evaluate, starts, new String[] {"p", "q", "gamma"});
        double[] estimate = outcome.logParameters();
        double[] errors = outcome.standardErrors();
        return new GammaGammaFit(
                Math.exp(estimate[0]), Math.exp(estimate[1]), Math.exp(estimate[2]), outcome.logLikelihood(),
                errors[0], errors[1], errors[2], outcome.iterations(), outcome.converged(),
                data.customers, usable.size(), excluded, outcome.diagnostics());
    }

    /**
     * The count-weighted log-likelihood of the patterns with x &gt; 0 and m̄ &gt; 0 (the
     * others are skipped as in {@link #fit}).
     */
    public double logLikelihood(List<SpendPattern> patterns) {
        List<SpendPattern> usable = patterns.stream()
                .filter(pattern -> pattern.frequency() > 0 && pattern.meanRepeatSpend() > 0)
                .toList();
        return new LikelihoodData(usable).evaluate(new double[] {Math.log(p), Math.log(q), Math.log(gamma)}, null);
    }

    /** The log-likelihood with its gradient in log-parameters, for tests of the gradient. */
    static LogLikelihoodFunction logLikelihoodFunction(List<SpendPattern> patterns) {
        return new LikelihoodData(patterns)::evaluate;
    }

    /**
     * E[M], the mean transaction value in the population: p·γ/(q-1).
     *
     * @throws IllegalStateException when q &lt;= 1, where that mean is infinite
     */
    public double populationMeanValue() {
        requireFiniteMean();
        return p * gamma / (q - 1);
    }

    /**
     * E[M | p, q, γ, m̄, x] = p(γ + x·m̄) / (p·x + q - 1) (Fader &amp; Hardie 2013, eq. 5): a
     * weighted mean of the population mean pγ/(q-1) and the customer's own mean m̄, with
     * weight p·x/(p·x + q - 1) on the customer. With x = 0 it is the population mean and m̄
     * is ignored.
     *
     * @param frequency x, the number of repeat transactions behind m̄
     * @param meanRepeatSpend m̄, their mean value
     * @throws IllegalStateException when q &lt;= 1, where the expectation is infinite
     */
    public double conditionalExpectedAverageValue(double frequency, double meanRepeatSpend) {
        requireFiniteMean();
        if (!(frequency >= 0) || Double.isInfinite(frequency)) {
            throw new IllegalArgumentException("frequency must be finite and >= 0, got " + frequency);
        }
        if (frequency == 0) {
            return p * gamma / (q - 1);
        }
        if (!(meanRepeatSpend >= 0) || Double.isInfinite(meanRepeatSpend)) {
            throw new IllegalArgumentException("mean repeat spend must be finite and >= 0, got " + meanRepeatSpend);
        }
        return p * (gamma + frequency * meanRepeatSpend) / (p * frequency + q - 1);
    }

    private void requireFiniteMean() {
        if (!(q > 1)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "Gamma-Gamma q = %.6g is <= 1: the mean transaction value p*gamma/(q-1) is infinite, "
                            + "so no expected average value exists (spend too heavy-tailed for this model)", q));
        }
    }

    /** Patterns laid out for the likelihood; log-gamma and digamma terms are shared per distinct x. */
    private static final class LikelihoodData {
        final double[] frequencies;
        final double[] customersByFrequency;
        final int[] frequencyIndex;
        final double[] logSpend;
        final double[] spend;
        final double[] weight;
        final long customers;
        final double weightedSpend;

        LikelihoodData(List<SpendPattern> patterns) {
            if (patterns.isEmpty()) {
                throw new IllegalArgumentException(
                        "Gamma-Gamma needs at least one customer with a repeat purchase and positive mean spend");
            }
            int size = patterns.size();
            DistinctValues distinctFrequencies = new DistinctValues();
            frequencyIndex = new int[size];
            logSpend = new double[size];
            spend = new double[size];
            weight = new double[size];
            long customerTotal = 0;
            double spendTotal = 0;
            for (int i = 0; i < size; i++) {
                SpendPattern pattern = patterns.get(i);
                frequencyIndex[i] = distinctFrequencies.indexOf(pattern.frequency());
                spend[i] = pattern.meanRepeatSpend();
                logSpend[i] = Math.log(pattern.meanRepeatSpend());
                weight[i] = pattern.count();
                customerTotal = Math.addExact(customerTotal, pattern.count());
                spendTotal += pattern.count() * pattern.meanRepeatSpend();
            }
            frequencies = distinctFrequencies.values();
            customersByFrequency = new double[frequencies.length];
            for (int i = 0; i < size; i++) {
                customersByFrequency[frequencyIndex[i]] += weight[i];
            }
            customers = customerTotal;
            weightedSpend = spendTotal;
        }

        /**
         * log L = Σ count · { lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln m̄ + px ln x
         *                    - (px+q) ln(γ + x m̄) }, the log density of m̄ given x, and its
         * gradient in log-parameters. Log-gamma and logs avoid the overflow of Γ(px+q) for
         * large x.
         */
        double evaluate(double[] logParameters, double[] gradient) {
            double p = Math.exp(logParameters[0]);
            double q = Math.exp(logParameters[1]);
            double gamma = Math.exp(logParameters[2]);
            if (!(p > 0 && q > 0 && gamma > 0) || Double.isInfinite(p + q + gamma)) {
                return Double.NaN;
            }
            boolean withGradient = gradient != null;
            double logGamma = Math.log(gamma);
            double total = 0;
            double pDerivative = 0;
            double qDerivative = 0;
            double gammaDerivative = 0;
            double digammaQ = withGradient ? Gamma.digamma(q) : 0;
            for (int k = 0; k < frequencies.length; k++) {
                double x = frequencies[k];
                double shape = p * x;
                double count = customersByFrequency[k];
                total += count * (Gamma.logGamma(shape + q) - Gamma.logGamma(shape) + shape * Math.log(x)
                        - Gamma.logGamma(q) + q * logGamma);
                if (withGradient) {
                    double digammaShapeQ = Gamma.digamma(shape + q);
                    pDerivative += count * x * (digammaShapeQ - Gamma.digamma(shape) + Math.log(x));
                    qDerivative += count * (digammaShapeQ - digammaQ + logGamma);
                    gammaDerivative += count * q / gamma;
                }
            }
            for (int i = 0; i < weight.length; i++) {
                double x = frequencies[frequencyIndex[i]];
                double shape = p * x;
                double denominator = gamma + x * spend[i];
                double logDenominator = Math.log(denominator);
                total += weight[i] * ((shape - 1) * logSpend[i] - (shape + q) * logDenominator);
                if (withGradient) {
                    pDerivative += weight[i] * x * (logSpend[i] - logDenominator);
                    qDerivative -= weight[i] * logDenominator;
                    gammaDerivative -= weight[i] * (shape + q) / denominator;
                }
            }
            if (withGradient) {
                gradient[0] = p * pDerivative;
                gradient[1] = q * qDerivative;
                gradient[2] = gamma * gammaDerivative;
            }
            return total;
        }
    }
}
