package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Gamma-Gamma on the CDNOW repeat customers against Fader &amp; Hardie (2013). */
class GammaGammaModelTest {

    private static final List<SpendPattern> PATTERNS = SpendPattern.compress(CdnowData.sampleSummary());
    private static final GammaGammaFit FIT = GammaGammaModel.fit(PATTERNS);

    @Test
    void fitMatchesThePublishedEstimatesToTheirRounding() {
        assertThat(FIT.converged()).as(FIT.diagnostics()).isTrue();
        assertThat(FIT.customers()).isEqualTo(946);
        assertThat(FIT.excludedCustomers()).isZero();
        assertThat(FIT.p()).isCloseTo(6.25, within(0.005));
        assertThat(FIT.q()).isCloseTo(3.74, within(0.005));
        assertThat(FIT.gamma()).isCloseTo(15.44, within(0.005));
        assertThat(FIT.logLikelihood()).isFinite();
        for (double error : new double[] {FIT.pStandardError(), FIT.qStandardError(), FIT.gammaStandardError()}) {
            assertThat(error).isFinite().isPositive();
        }
        assertThat(FIT.model().logLikelihood(PATTERNS)).isCloseTo(FIT.logLikelihood(), within(1e-9));
    }

    @Test
    void compressedLikelihoodEqualsThePerCustomerSum() {
        List<SpendPattern> perCustomer = CdnowData.sampleSummary().stream()
                .filter(c -> c.frequency() > 0)
                .map(c -> new SpendPattern(c.frequency(), c.meanRepeatSpend(), 1))
                .toList();
        GammaGammaModel model = new GammaGammaModel(6.25, 3.74, 15.44);
        assertThat(model.logLikelihood(perCustomer)).isCloseTo(model.logLikelihood(PATTERNS), within(1e-7));
    }

    @Test
    void conditionalExpectedAverageValueIsTheCredibilityWeightedMean() {
        GammaGammaModel model = FIT.model();
        double populationMean = model.p() * model.gamma() / (model.q() - 1);
        assertThat(model.populationMeanValue()).isCloseTo(populationMean, within(1e-12));
        assertThat(model.conditionalExpectedAverageValue(0, 123.0)).isCloseTo(populationMean, within(1e-12));
        for (double[] customer : new double[][] {{1, 10}, {2, 22.35}, {7, 55}, {1000, 30}}) {
            double x = customer[0];
            double mean = customer[1];
            double weight = model.p() * x / (model.p() * x + model.q() - 1);
            assertThat(model.conditionalExpectedAverageValue(x, mean))
                    .isCloseTo((1 - weight) * populationMean + weight * mean, within(1e-9));
        }
        // Customer 1 of the sample (x = 2, m̄ = 22.35) and the population mean, as in
        // lifetimes' documentation of this fit.
        assertThat(model.conditionalExpectedAverageValue(2, 22.35)).isCloseTo(24.66, within(0.01));
        assertThat(populationMean).isCloseTo(35.17, within(0.01));
    }

    @Test
    void failsClearlyWhenQIsAtMostOne() {
        GammaGammaModel heavyTailed = new GammaGammaModel(2, 0.9, 10);
        assertThatThrownBy(() -> heavyTailed.conditionalExpectedAverageValue(3, 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("q = 0.9")
                .hasMessageContaining("<= 1");
        assertThatThrownBy(heavyTailed::populationMeanValue).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new GammaGammaModel(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skipsCustomersWithoutUsableSpend() {
        List<SpendPattern> withZeroSpend = new ArrayList<>(PATTERNS);
        withZeroSpend.add(new SpendPattern(2, 0.0, 3));
        withZeroSpend.add(new SpendPattern(0, 0.0, 50));
        GammaGammaFit fit = GammaGammaModel.fit(withZeroSpend);
        assertThat(fit.excludedCustomers()).isEqualTo(3);
        assertThat(fit.customers()).isEqualTo(946);
        assertThat(fit.p()).isCloseTo(FIT.p(), within(1e-6 * FIT.p()));
        assertThatThrownBy(() -> GammaGammaModel.fit(List.of(new SpendPattern(0, 0, 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeat purchase");
    }
}
