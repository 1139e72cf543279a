package io.engagementlake.model;

import java.util.List;

/**
 * Fits the models of one as-of date from its patterns (see {@link PatternCollector}). Cost
 * depends on the number of patterns, not customers.
 */
public final class ClvFitter {
    private ClvFitter() {}

    /**
     * Fits BG/NBD on the repeat-purchase patterns and Gamma-Gamma on the spend patterns, and
     * runs the holdout check when history allows: at least one customer purchased on or
     * before D − H, and the BG/NBD refit on that history converges.
     *
     * @param holdoutDays H, the holdout length in days
     */
    public static ClvFitResult fit(List<RepeatPurchasePattern> repeatPurchases, List<SpendPattern> spend,
                                   List<HoldoutObservation> holdoutObservations, int holdoutDays) {
        BetaGeometricNbdFit bgnbd = repeatPurchases.isEmpty() ? null : BetaGeometricNbdModel.fit(repeatPurchases);
        boolean anySpend = spend.stream().anyMatch(pattern -> pattern.frequency() > 0 && pattern.meanRepeatSpend() > 0);
        GammaGammaFit gammaGamma = anySpend ? GammaGammaModel.fit(spend) : null;
        return new ClvFitResult(bgnbd, gammaGamma, holdout(holdoutObservations, holdoutDays), holdoutDays);
    }

    private static HoldoutComparison holdout(List<HoldoutObservation> observations, int holdoutDays) {
        if (observations.isEmpty()) {
            return null;
        }
        List<RepeatPurchasePattern> calibration = observations.stream().map(HoldoutObservation::calibrationPattern).toList();
        BetaGeometricNbdFit refit = BetaGeometricNbdModel.fit(calibration);
        return refit.converged() ? HoldoutCheck.compare(refit.model(), holdoutDays, observations) : null;
    }
}
