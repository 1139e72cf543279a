package io.engagementlake.model;

/**
 * The fits of one as-of date. A part is null when there was nothing to fit it on: no
 * purchases (BG/NBD), no customer with a repeat purchase day of positive spend
 * (Gamma-Gamma), or too little history before D − H (holdout).
 *
 * @param bgnbd the BG/NBD fit on all history up to D, or null
 * @param gammaGamma the Gamma-Gamma fit, or null
 * @param holdout predicted vs actual repeat purchases in (D − H, D] from a BG/NBD refit on
 *     history up to D − H, or null
 * @param holdoutDays H
 */
public record ClvFitResult(BetaGeometricNbdFit bgnbd, GammaGammaFit gammaGamma, HoldoutComparison holdout, int holdoutDays) {

    /** The purchase model for predictions, when its fit converged. */
    public BetaGeometricNbdModel purchaseModel() {
        return bgnbd != null && bgnbd.converged() ? bgnbd.model() : null;
    }

    /**
     * The spend model for predictions, when its fit converged with q &gt; 1 (the expected
     * spend p γ / (q − 1) is infinite otherwise).
     */
    public GammaGammaModel spendModel() {
        return gammaGamma != null && gammaGamma.converged() && gammaGamma.q() > 1 ? gammaGamma.model() : null;
    }
}
