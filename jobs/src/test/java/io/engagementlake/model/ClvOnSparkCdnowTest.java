package io.engagementlake.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark path of the model job (summaries, patterns, fits, holdout) on the real CDNOW
 * sample, read by Spark itself. As-of D = 1998-06-30 with H = 273 days puts the holdout
 * calibration end at 1997-09-30, the published calibration end, so the holdout refit must
 * reproduce Fader, Hardie &amp; Lee (2005) — in days: α(days) = 7 × α(weeks), r, a, b unchanged —
 * and the holdout actual must be the 1,882 repeat purchase days of 1997-10-01 .. 1998-06-30.
 */
class ClvOnSparkCdnowTest {
    private static final LocalDate D = LocalDate.parse("1998-06-30");
    private static final int HOLDOUT_DAYS = 273;

    private static Dataset<Row> transactions;
    private static Dataset<Row> summaries;
    private static List<HoldoutObservation> holdout;

    @BeforeAll
    static void summarize() {
        transactions = SparkTestSession.get().read()
                .text(CdnowData.file("CDNOW_sample.txt").toString())
                .select(split(trim(col("value")), "\\s+").as("fields"))
                .select(
                        col("fields").getItem(1).as("customer_id"),
                        to_date(col("fields").getItem(2), "yyyyMMdd").cast("timestamp").as("ts"),
                        lit("purchase").as("type"),
                        col("fields").getItem(4).cast("decimal(18,2)").as("amount_reporting"));
        summaries = PurchaseSummaries.summarize(transactions, D, D.minusDays(HOLDOUT_DAYS)).cache();
        holdout = PatternCollector.holdoutObservations(summaries);
    }

    @Test
    void holdoutActualIsThePublishedRepeatPurchaseCount() {
        // All 2,357 sample customers made their first purchase in the first quarter of 1997.
        assertThat(holdout.stream().mapToLong(HoldoutObservation::count).sum()).isEqualTo(2357L);
        assertThat(holdout.stream().mapToDouble(HoldoutObservation::actualRepeatPurchases).sum()).isEqualTo(1882.0);
    }

    @Test
    void holdoutRefitReproducesThePublishedEstimatesInDays() {
        ClvFitResult result = ClvFitter.fit(PatternCollector.repeatPurchasePatterns(summaries),
                PatternCollector.spendPatterns(summaries), holdout, HOLDOUT_DAYS);
        assertThat(result.holdout()).isNotNull();
        // Predicted repeat purchases of the holdout from the refit: the weeks model gives 1,653.4;
        // the same model in days predicts the same counts.
        assertThat(result.holdout().predicted()).isCloseTo(1653.4, within(1.0));
        assertThat(result.holdout().actual()).isEqualTo(1882.0);
        assertThat(result.holdout().byFrequency()).hasSize(8);
        assertThat(result.holdout().byFrequency().get(0).customers()).isEqualTo(1411L);

        List<RepeatPurchasePattern> calibration = holdout.stream().map(HoldoutObservation::calibrationPattern).toList();
        BetaGeometricNbdFit fit = BetaGeometricNbdModel.fit(calibration);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.r()).isCloseTo(0.243, within(0.0005));
        assertThat(fit.alpha()).isCloseTo(4.414 * 7, within(0.0005 * 7));
        assertThat(fit.a()).isCloseTo(0.793, within(0.0005));
        assertThat(fit.b()).isCloseTo(2.426, within(0.0005));
        // Densities in days are those in weeks divided by 7 per repeat purchase: LL(days) =
        // LL(weeks) − Σx · ln 7, Σx = repeat purchase days in the calibration.
        double repeatPurchases = calibration.stream().mapToDouble(p -> p.frequency() * p.count()).sum();
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4 - repeatPurchases * Math.log(7), within(0.05));
    }

    @Test
    void gammaGammaOnTheRepeatCustomersOfTheCalibrationMatchesThePublishedEstimates() {
        Dataset<Row> calibration = PurchaseSummaries.summarize(transactions, LocalDate.parse("1997-09-30"), LocalDate.parse("1997-06-30"));
        GammaGammaFit fit = GammaGammaModel.fit(PatternCollector.spendPatterns(calibration));
        assertThat(fit.customers()).isEqualTo(946L);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.p()).isCloseTo(6.25, within(0.005));
        assertThat(fit.q()).isCloseTo(3.74, within(0.005));
        assertThat(fit.gamma()).isCloseTo(15.44, within(0.005));
    }
}
