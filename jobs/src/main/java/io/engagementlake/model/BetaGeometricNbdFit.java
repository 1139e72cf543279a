package io.engagementlake.model;

import java.io.Serializable;

/**
 * The result of a BG/NBD maximum-likelihood fit, flat so that it maps directly to a row of
 * {@code model_fits}.
 *
 * @param r estimate of r
 * @param alpha estimate of α, in the time unit of the data
 * @param a estimate of a
 * @param b estimate of b
 * @param logLikelihood maximised log-likelihood (count-weighted over patterns)
 * @param rStandardError standard error of r (NaN when the Hessian is not positive definite)
 * @param alphaStandardError standard error of α (likewise)
 * @param aStandardError standard error of a (likewise)
 * @param bStandardError standard error of b (likewise)
 * @param iterations optimiser iterations: Nelder-Mead iterations over all starts and
 *     restarts, plus the Newton refinement steps
 * @param converged whether the gradient vanished, the Hessian is positive definite and no
 *     parameter is at the search bound; predictions from a non-converged fit should not
 *     be published
 * @param customers customers in the fit (sum of the pattern counts)
 * @param patterns distinct (x, t_x, T) patterns in the fit
 * @param diagnostics empty when converged, else which checks failed
 */
public record BetaGeometricNbdFit(
        double r, double alpha, double a, double b, double logLikelihood,
        double rStandardError, double alphaStandardError, double aStandardError, double bStandardError,
        int iterations, boolean converged, long customers, int patterns, String diagnostics)
        implements Serializable {

    /** The fitted parameters as a model for predictions. */
    public BetaGeometricNbdModel model() {
        return new BetaGeometricNbdModel(r, alpha, a, b);
    }
}
