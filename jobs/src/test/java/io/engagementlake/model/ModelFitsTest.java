package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.SparkTestSession;
import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** model_fits rows from fit results, and the models read back from them. */
class ModelFitsTest {
    private static final LocalDate D = LocalDate.parse("2025-06-30");
    private static final TableContract CONTRACT = Contracts.load("gold", "model_fits");

    private static final BetaGeometricNbdFit BGNBD = new BetaGeometricNbdFit(
            0.25, 30.0, 0.8, 2.5, -1234.5, 0.01, 1.5, Double.NaN, 0.2, 42, true, 1000, 300, "");
    private static final GammaGammaFit GAMMA_GAMMA = new GammaGammaFit(
            6.0, 4.0, 15.0, -321.0, 0.5, 0.4, 1.2, 17, true, 400, 380, 0, "");
    private static final HoldoutComparison HOLDOUT = HoldoutCheck.compare(
            new BetaGeometricNbdModel(0.25, 30.0, 0.8, 2.5), 90,
            List.of(new HoldoutObservation(0, 0, 100, 3, 10), new HoldoutObservation(9, 80, 100, 12, 2)));

    private static Dataset<Row> fits(ClvFitResult result) {
        return ModelFits.build(SparkTestSession.get(), CONTRACT, D, result, 1000, 400);
    }

    @Test
    void oneRowPerModelWithItsParametersAndTheHoldoutOnTheBgnbdRow() {
        List<Row> rows = fits(new ClvFitResult(BGNBD, GAMMA_GAMMA, HOLDOUT, 90)).orderBy("model").collectAsList();
        assertThat(rows).extracting(row -> row.<String>getAs("model")).containsExactly("bgnbd", "gamma_gamma");
        Row bgnbd = rows.get(0);
        assertThat(bgnbd.<LocalDate>getAs("as_of_date")).isEqualTo(D);
        assertThat(bgnbd.<Boolean>getAs("converged")).isTrue();
        assertThat(bgnbd.<Double>getAs("alpha")).isEqualTo(30.0);
        assertThat(bgnbd.<Double>getAs("p")).isNull();
        // A standard error that could not be computed (NaN) is stored as null.
        assertThat(bgnbd.<Double>getAs("a_std_error")).isNull();
        assertThat(bgnbd.<Double>getAs("b_std_error")).isEqualTo(0.2);
        assertThat(bgnbd.<Long>getAs("customers")).isEqualTo(1000L);
        assertThat(bgnbd.<Long>getAs("patterns")).isEqualTo(300L);
        assertThat(bgnbd.<Integer>getAs("iterations")).isEqualTo(42);
        assertThat(bgnbd.<String>getAs("diagnostics")).isNull();
        assertThat(bgnbd.<Integer>getAs("holdout_days")).isEqualTo(90);
        // Actual: 3 + 12 purchase days over the 12 customers.
        assertThat(bgnbd.<Long>getAs("holdout_actual")).isEqualTo(15L);
        List<Row> buckets = bgnbd.getList(bgnbd.fieldIndex("holdout_by_frequency"));
        assertThat(buckets).extracting(bucket -> bucket.<String>getAs("frequency_bucket"))
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7+");
        assertThat(buckets.get(0).<Long>getAs("customers")).isEqualTo(10L);
        assertThat(buckets.get(7).<Long>getAs("actual")).isEqualTo(12L);
        Row gammaGamma = rows.get(1);
        assertThat(gammaGamma.<Double>getAs("q")).isEqualTo(4.0);
        assertThat(gammaGamma.<Double>getAs("r")).isNull();
        assertThat(gammaGamma.<Long>getAs("customers")).isEqualTo(400L);
        assertThat(gammaGamma.isNullAt(gammaGamma.fieldIndex("holdout_by_frequency"))).isTrue();
    }

    @Test
    void convergedRowsGiveBackTheModels() {
        ModelFits.FittedModels models = ModelFits.fittedModels(fits(new ClvFitResult(BGNBD, GAMMA_GAMMA, null, 90)));
        assertThat(models.purchases()).isEqualTo(new BetaGeometricNbdModel(0.25, 30.0, 0.8, 2.5));
        assertThat(models.spend()).isEqualTo(new GammaGammaModel(6.0, 4.0, 15.0));
    }

    @Test
    void aFitThatDidNotConvergeIsRecordedAndGivesNoModel() {
        BetaGeometricNbdFit stuck = new BetaGeometricNbdFit(
                0.25, 30.0, 0.8, 2.5, -1234.5, 0.01, 1.5, 0.1, 0.2, 5000, false, 1000, 300, "gradient did not vanish");
        Dataset<Row> rows = fits(new ClvFitResult(stuck, GAMMA_GAMMA, null, 90));
        Row bgnbd = rows.where("model = 'bgnbd'").first();
        assertThat(bgnbd.<Boolean>getAs("converged")).isFalse();
        assertThat(bgnbd.<String>getAs("diagnostics")).isEqualTo("gradient did not vanish");
        assertThat(bgnbd.isNullAt(bgnbd.fieldIndex("holdout_days"))).isTrue();
        ModelFits.FittedModels models = ModelFits.fittedModels(rows);
        assertThat(models.purchases()).isNull();
        assertThat(models.spend()).isNotNull();
    }

    @Test
    void aSpendModelWithQAtMostOneIsNotUsable() {
        GammaGammaFit heavyTailed = new GammaGammaFit(6.0, 0.9, 15.0, -321.0, 0.5, 0.4, 1.2, 17, true, 400, 380, 0, "");
        Row row = fits(new ClvFitResult(BGNBD, heavyTailed, null, 90)).where("model = 'gamma_gamma'").first();
        assertThat(row.<Boolean>getAs("converged")).isFalse();
        assertThat(row.<String>getAs("diagnostics")).startsWith("q <= 1");
    }

    @Test
    void withoutPurchasesTheRowsSayWhy() {
        List<Row> rows = fits(new ClvFitResult(null, null, null, 90)).orderBy("model").collectAsList();
        assertThat(rows.get(0).<String>getAs("diagnostics")).isEqualTo("no purchases on or before the as-of date");
        assertThat(rows.get(0).<Double>getAs("r")).isNull();
        assertThat(rows.get(0).<Long>getAs("patterns")).isZero();
        assertThat(rows.get(1).<String>getAs("diagnostics")).isEqualTo("no customer with a repeat purchase day of positive spend");
    }
}
