package io.engagementlake.model;

import java.io.Serializable;

/**
 * The result of a Gamma-Gamma maximum-likelihood fit, flat so that it maps directly to a
 * row of {@code model_fits}.
 *
 * @param p estimate of p
 * @param q estimate of q; expected values need q &gt; 1
 * @param gamma estimate of γ, in the currency of the data
 * @param logLikelihood maximised log-likelihood of the mean spends
 * @param pStandardError standard error of p (NaN when the Hessian is not positive definite)
 * @param qStandardError standard error of q (likewise)
 * @param gammaStandardError standard error of γ (likewise)
 * @param iterations optimiser iterations (Nelder-Mead over all starts, plus Newton steps)
 * @param converged whether the gradient vanished, the Hessian is positive definite and no
 *     parameter is at the search bound
 * @param customers customers in the fit: x &gt; 0 and mean repeat spend &gt; 0
 * @param patterns distinct (x, m̄) patterns in the fit
 * @param excludedCustomers customers with x &gt; 0 left out because their mean repeat spend
 *     was 0 or negative
 * @param diagnostics empty when converged, else which checks failed
 */
public record GammaGammaFit(
        double p, double q, double gamma, double logLikelihood,
        double pStandardError, double qStandardError, double gammaStandardError,
        int iterations, boolean converged, long customers, int patterns, long excludedCustomers,
        String diagnostics) implements Serializable {

    /** The fitted parameters as a model for predictions. */
    public GammaGammaModel model() {
        return new GammaGammaModel(p, q, gamma);
    }
}
