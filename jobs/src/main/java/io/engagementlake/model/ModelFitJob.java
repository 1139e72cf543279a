package io.engagementlake.model;

import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteResult;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code model_clv}: fits BG/NBD and Gamma-Gamma on the purchase history up to D (and a
 * holdout refit up to D − H) and replaces the D slice of {@code model_fits}. Reads silver
 * transactions once; the fits run on the driver over distinct patterns. A fit that does not
 * converge is recorded as such with a warning and does not fail the run.
 */
public final class ModelFitJob implements Job {
    public static final String NAME = "model_clv";
    private static final Logger LOG = LoggerFactory.getLogger(ModelFitJob.class);
    private static final LakeTable TRANSACTIONS = LakeTable.silver("transactions");
    private static final LakeTable MODEL_FITS = LakeTable.gold("model_fits");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "BG/NBD and Gamma-Gamma fits with a holdout check (model_fits)";
    }

    @Override
    public List<String> dependsOn() {
        return List.of("silver_transactions");
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(TRANSACTIONS);
    }

    @Override
    public List<LakeTable> outputs() {
        return List.of(MODEL_FITS);
    }

    @Override
    public JobResult run(JobContext context) {
        LocalDate asOf = context.asOf();
        int holdoutDays = context.config().model().holdoutDays();
        Dataset<Row> summaries = PurchaseSummaries.summarize(context.lake().read(TRANSACTIONS), asOf, asOf.minusDays(holdoutDays))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<RepeatPurchasePattern> repeatPurchases = PatternCollector.repeatPurchasePatterns(summaries);
            List<SpendPattern> spend = PatternCollector.spendPatterns(summaries);
            List<HoldoutObservation> holdout = PatternCollector.holdoutObservations(summaries);
            ClvFitResult result = ClvFitter.fit(repeatPurchases, spend, holdout, holdoutDays);
            warnIfUnusable(result, asOf);
            long purchasing = repeatPurchases.stream().mapToLong(RepeatPurchasePattern::count).sum();
            long repeating = spend.stream().filter(pattern -> pattern.meanRepeatSpend() > 0).mapToLong(SpendPattern::count).sum();
            Dataset<Row> rows = ModelFits.build(context.spark(), MODEL_FITS.contract(), asOf, result, purchasing, repeating);
            WriteResult write = context.lake().replaceSlice(MODEL_FITS, rows, context.tag(NAME), "as_of_date", asOf);
            return JobResult.output(Map.of(write.table(), write.rowsWritten()));
        } finally {
            summaries.unpersist();
        }
    }

    private static void warnIfUnusable(ClvFitResult result, LocalDate asOf) {
        if (result.purchaseModel() == null) {
            LOG.warn("BG/NBD fit of {} is not usable ({}): p_alive, predicted_orders_365d and predicted_clv_365d stay null",
                    asOf, result.bgnbd() == null ? "no purchases" : result.bgnbd().diagnostics());
        } else if (result.spendModel() == null) {
            LOG.warn("Gamma-Gamma fit of {} is not usable ({}): predicted_clv_365d stays null", asOf,
                    result.gammaGamma() == null ? "no repeat purchases" : result.gammaGamma().diagnostics() + " q=" + result.gammaGamma().q());
        }
        if (result.holdout() == null) {
            LOG.info("no holdout check for {}: no purchase on or before D - {} days, or the refit did not converge", asOf, result.holdoutDays());
        }
    }
}
