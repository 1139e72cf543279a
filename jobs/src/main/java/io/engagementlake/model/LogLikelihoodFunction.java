package io.engagementlake.model;

/**
 * A log-likelihood as a function of the logarithms of its strictly positive parameters,
 * with its analytic gradient, as {@link LogParameterMaximizer} needs it.
 */
interface LogLikelihoodFunction {

    /**
     * Returns log L at {@code logParameters} and, when {@code gradient} is not null, stores
     * ∂ log L / ∂ log θ_i in it. Returns NaN (gradient unspecified) where log L is undefined.
     */
    double evaluate(double[] logParameters, double[] gradient);
}
