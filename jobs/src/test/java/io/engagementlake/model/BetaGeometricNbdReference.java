package io.engagementlake.model;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.special.Beta;

/**
 * BG/NBD expectations computed the slow, independent way, for checking the closed forms:
 * numerical integration over the dropout probability p instead of the hypergeometric
 * function.
 *
 * <p>Given alive at T, λ | data ~ Gamma(r + x, α + T) and p | data ~ Beta(a, b + x), and a
 * customer with (λ, p) makes (1/p)(1 - e^(-λpt)) expected purchases in the next t. Averaging
 * over λ gives (1/p)(1 - (1 + pt/(α+T))^-(r+x)), leaving one integral over p. The Beta
 * density's endpoint singularities are removed by substituting u = p^a on [0, 1/2] and
 * v = (1 - p)^(b+x) on [1/2, 1]; each range is split at 10^-k, k = 0..40 (features crowd
 * towards 0) and every piece integrated adaptively by Commons Math.
 */
final class BetaGeometricNbdReference {

    private BetaGeometricNbdReference() {
    }

    /** P(alive) straight from the paper's formula, without the log-space rearrangement. */
    static double probabilityAlive(BetaGeometricNbdModel model, double x, double recency, double age) {
        if (x == 0) {
            return 1.0;
        }
        return 1.0 / (1.0 + model.a() / (model.b() + x - 1)
                * Math.pow((model.alpha() + age) / (model.alpha() + recency), model.r() + x));
    }

    /** E[Y(t) | x, t_x, T] by numerical integration. */
    static double conditionalExpectedPurchases(BetaGeometricNbdModel model, double t, double x, double recency, double age) {
        double a = model.a();
        double shapeB = model.b() + x;
        double shape = model.r() + x;
        double rate = t / (model.alpha() + age);
        double normalisation = Math.exp(-Beta.logBeta(a, shapeB));
        UnivariateFunction perCustomer = p -> p == 0 ? shape * rate : -Math.expm1(-shape * Math.log1p(p * rate)) / p;
        UnivariateFunction lowerHalf = u -> {
            double p = Math.pow(u, 1 / a);
            return Math.exp((shapeB - 1) * Math.log1p(-p)) * perCustomer.value(p);
        };
        UnivariateFunction upperHalf = v -> {
            double p = -Math.expm1(Math.log(v) / shapeB);
            return Math.pow(p, a - 1) * perCustomer.value(p);
        };
        double lower = integrate(lowerHalf, Math.pow(0.5, a)) / a;
        double upper = integrate(upperHalf, Math.pow(0.5, shapeB)) / shapeB;
        return probabilityAlive(model, x, recency, age) * normalisation * (lower + upper);
    }

    private static double integrate(UnivariateFunction function, double upperLimit) {
        double total = 0;
        double high = upperLimit;
        for (int piece = 0; piece <= 40 && high > 0; piece++) {
            double low = piece == 40 ? 0 : high / 10;
            // Pieces far below the running total need no relative accuracy of their own.
            double absoluteAccuracy = Math.max(1e-14 * Math.abs(total), Double.MIN_NORMAL);
            IterativeLegendreGaussIntegrator integrator =
                    new IterativeLegendreGaussIntegrator(16, 1e-12, absoluteAccuracy, 2, 1000);
            total += integrator.integrate(Integer.MAX_VALUE, function, low, high);
            high = low;
        }
        return total;
    }
}
