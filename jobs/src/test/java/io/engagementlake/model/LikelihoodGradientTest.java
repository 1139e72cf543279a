package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The analytic gradients that drive the Newton refinement against central differences. */
class LikelihoodGradientTest {

    private static void assertGradientMatchesDifferences(LogLikelihoodFunction function, double[] point) {
        double[] analytic = new double[point.length];
        double value = function.evaluate(point, analytic);
        assertThat(value).isFinite();
        double step = 1e-6;
        for (int i = 0; i < point.length; i++) {
            double[] up = point.clone();
            double[] down = point.clone();
            up[i] += step;
            down[i] -= step;
            double numerical = (function.evaluate(up, null) - function.evaluate(down, null)) / (2 * step);
            // Central differences of a sum of about 10^4 are good to roughly 1e-5 absolute.
            assertThat(analytic[i]).as("component %d at %s", i, Arrays.toString(point))
                    .isCloseTo(numerical, within(1e-6 * Math.abs(value) + 1e-4));
        }
    }

    @Test
    void betaGeometricNbdGradient() {
        LogLikelihoodFunction function =
                BetaGeometricNbdModel.logLikelihoodFunction(RepeatPurchasePattern.compress(CdnowData.sampleSummary()));
        for (double[] parameters : new double[][] {{0.243, 4.414, 0.793, 2.426}, {1, 1, 1, 1}, {3, 50, 0.2, 0.3}}) {
            double[] logParameters = new double[4];
            for (int i = 0; i < 4; i++) {
                logParameters[i] = Math.log(parameters[i]);
            }
            assertGradientMatchesDifferences(function, logParameters);
        }
    }

    @Test
    void gammaGammaGradient() {
        List<SpendPattern> patterns = SpendPattern.compress(CdnowData.sampleSummary());
        LogLikelihoodFunction function = GammaGammaModel.logLikelihoodFunction(patterns);
        for (double[] parameters : new double[][] {{6.25, 3.74, 15.44}, {1, 2, 30}, {20, 0.8, 100}}) {
            assertGradientMatchesDifferences(function,
                    new double[] {Math.log(parameters[0]), Math.log(parameters[1]), Math.log(parameters[2])});
        }
    }
}
