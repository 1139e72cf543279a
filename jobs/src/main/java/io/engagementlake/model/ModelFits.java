package io.engagementlake.model;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;

import io.engagementlake.config.TableContract;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Gold {@code model_fits} (spec §8): the fitted BG/NBD and Gamma-Gamma models of each as-of
 * date with standard errors, fit diagnostics and the holdout check, and the way back from
 * those rows to the models that score customers.
 */
public final class ModelFits {
    public static final String BGNBD = "bgnbd";
    public static final String GAMMA_GAMMA = "gamma_gamma";

    private ModelFits() {}

    /**
     * Grain: one row per model (bgnbd, gamma_gamma) for the as-of date, columns as in
     * {@code schemas/gold/model_fits.yaml}. A model without a fit has a row with
     * converged = false, null parameters and its customer count.
     */
    public static Dataset<Row> build(SparkSession spark, TableContract contract, LocalDate asOf, ClvFitResult result,
                                     long purchasingCustomers, long repeatCustomers) {
        List<Row> rows = List.of(
                bgnbdRow(asOf, result, purchasingCustomers),
                gammaGammaRow(asOf, result.gammaGamma(), repeatCustomers));
        return spark.createDataFrame(rows, contract.schema());
    }

    private static Row bgnbdRow(LocalDate asOf, ClvFitResult result, long customers) {
        BetaGeometricNbdFit fit = result.bgnbd();
        HoldoutComparison holdout = result.holdout();
        List<Row> buckets = null;
        if (holdout != null) {
            buckets = new ArrayList<>();
            for (FrequencyBucketComparison bucket : holdout.byFrequency()) {
                buckets.add(RowFactory.create(bucket.frequencyBucket(), bucket.customers(), bucket.predicted(),
                        Math.round(bucket.actual())));
            }
        }
        return RowFactory.create(
                asOf, BGNBD, fit != null && fit.converged(),
                fit == null ? null : finite(fit.r()), fit == null ? null : finite(fit.alpha()),
                fit == null ? null : finite(fit.a()), fit == null ? null : finite(fit.b()),
                null, null, null,
                fit == null ? null : finite(fit.rStandardError()), fit == null ? null : finite(fit.alphaStandardError()),
                fit == null ? null : finite(fit.aStandardError()), fit == null ? null : finite(fit.bStandardError()),
                null, null, null,
                fit == null ? null : finite(fit.logLikelihood()),
                customers, fit == null ? 0L : (long) fit.patterns(), fit == null ? null : fit.iterations(),
                diagnostics(fit == null ? "no purchases on or before the as-of date" : fit.diagnostics()),
                holdout == null ? null : result.holdoutDays(),
                holdout == null ? null : holdout.predicted(),
                holdout == null ? null : Math.round(holdout.actual()),
                buckets);
    }

    private static Row gammaGammaRow(LocalDate asOf, GammaGammaFit fit, long customers) {
        String diagnostics = fit == null ? "no customer with a repeat purchase day of positive spend"
                : fit.converged() && fit.q() <= 1 ? "q <= 1: the expected spend p gamma / (q - 1) is not finite"
                : fit.diagnostics();
        return RowFactory.create(
                asOf, GAMMA_GAMMA, fit != null && fit.converged() && fit.q() > 1,
                null, null, null, null,
                fit == null ? null : finite(fit.p()), fit == null ? null : finite(fit.q()), fit == null ? null : finite(fit.gamma()),
                null, null, null, null,
                fit == null ? null : finite(fit.pStandardError()), fit == null ? null : finite(fit.qStandardError()),
                fit == null ? null : finite(fit.gammaStandardError()),
                fit == null ? null : finite(fit.logLikelihood()),
                customers, fit == null ? 0L : (long) fit.patterns(), fit == null ? null : fit.iterations(),
                diagnostics(diagnostics),
                null, null, null, null);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String diagnostics(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /**
     * The models of one as-of date for scoring, from its {@code model_fits} rows: each model
     * only when its row says converged. Reads two rows.
     */
    public static FittedModels fittedModels(Dataset<Row> fitsOfOneDate) {
        requireColumns(fitsOfOneDate, "model", "converged", "r", "alpha", "a", "b", "p", "q", "gamma");
        BetaGeometricNbdModel purchases = null;
        GammaGammaModel spend = null;
        for (Row row : fitsOfOneDate.where(col("converged"))
                .select("model", "r", "alpha", "a", "b", "p", "q", "gamma").collectAsList()) {
            if (row.getString(0).equals(BGNBD)) {
                purchases = new BetaGeometricNbdModel(row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4));
            } else if (row.getString(0).equals(GAMMA_GAMMA)) {
                spend = new GammaGammaModel(row.getDouble(5), row.getDouble(6), row.getDouble(7));
            }
        }
        return new FittedModels(purchases, spend);
    }

    /**
     * The models that score customers; either may be null (no converged fit).
     *
     * @param purchases BG/NBD in days
     * @param spend Gamma-Gamma with q &gt; 1
     */
    public record FittedModels(BetaGeometricNbdModel purchases, GammaGammaModel spend) {}
}
