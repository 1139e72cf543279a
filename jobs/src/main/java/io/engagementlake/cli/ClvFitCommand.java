package io.engagementlake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.model.BetaGeometricNbdFit;
import io.engagementlake.model.BetaGeometricNbdModel;
import io.engagementlake.model.CustomerSummary;
import io.engagementlake.model.FrequencyBucketComparison;
import io.engagementlake.model.GammaGammaFit;
import io.engagementlake.model.GammaGammaModel;
import io.engagementlake.model.HoldoutCheck;
import io.engagementlake.model.HoldoutComparison;
import io.engagementlake.model.ModelTimeUnit;
import io.engagementlake.model.RepeatPurchasePattern;
import io.engagementlake.model.SpendPattern;
import io.engagementlake.model.TransactionFileFormat;
import io.engagementlake.model.TransactionFormatException;
import io.engagementlake.model.TransactionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clv-fit}: fits BG/NBD and Gamma-Gamma on a plain transaction file and prints the
 * estimates as JSON — for validating the models on public data (CDNOW) and for analysts who
 * want the parameters of their own history. Plain Java: no Spark session, no lake.
 */
@Command(name = "clv-fit", mixinStandardHelpOptions = true,
        description = "Fit BG/NBD and Gamma-Gamma on a transaction file and print the estimates (and an optional holdout check) as JSON.")
final class ClvFitCommand implements Callable<Integer> {
    @Option(names = "--transactions", required = true, paramLabel = "FILE",
            description = "Transaction file: one purchase per row (customer, date, amount).")
    Path transactions;

    @Option(names = "--input-format", defaultValue = "cdnow", paramLabel = "cdnow|csv",
            description = "cdnow: whitespace-separated CDNOW layout; csv: header with customer_id, date (YYYY-MM-DD), amount (default: ${DEFAULT-VALUE}).")
    String inputFormat;

    @Option(names = "--calibration-end", required = true, paramLabel = "YYYY-MM-DD",
            description = "Last day of the calibration period (inclusive); customers first seen later are left out.")
    LocalDate calibrationEnd;

    @Option(names = "--holdout-end", paramLabel = "YYYY-MM-DD",
            description = "Last day of a holdout period after the calibration end: compares predicted with actual repeat purchases.")
    LocalDate holdoutEnd;

    @Option(names = "--time-unit", defaultValue = "days", paramLabel = "days|weeks",
            description = "Unit of recency, T and alpha; the published CDNOW estimates are in weeks (default: ${DEFAULT-VALUE}).")
    String timeUnit;

    @Override
    public Integer call() throws IOException {
        TransactionFileFormat format;
        ModelTimeUnit unit;
        try {
            format = TransactionFileFormat.parse(inputFormat);
            unit = ModelTimeUnit.parse(timeUnit);
        } catch (IllegalArgumentException e) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, e.getMessage());
        }
        if (holdoutEnd != null && !holdoutEnd.isAfter(calibrationEnd)) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT,
                    "--holdout-end " + holdoutEnd + " must be after --calibration-end " + calibrationEnd);
        }
        if (!Files.isRegularFile(transactions)) {
            throw new EngagementException(ErrorCode.MISSING_INPUT, "transaction file " + transactions + " does not exist");
        }
        TransactionHistory history;
        try {
            history = TransactionHistory.read(transactions, format);
        } catch (TransactionFormatException e) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "bad " + format.name().toLowerCase() + " transaction file: " + e.getMessage());
        }
        List<CustomerSummary> customers = history.summarize(calibrationEnd, holdoutEnd, unit);
        if (customers.isEmpty()) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT,
                    "no customer in " + transactions + " made a purchase on or before --calibration-end " + calibrationEnd);
        }

        long start = System.nanoTime();
        BetaGeometricNbdFit purchases = BetaGeometricNbdModel.fit(RepeatPurchasePattern.compress(customers));
        List<SpendPattern> spend = SpendPattern.compress(customers);
        GammaGammaFit value = spend.isEmpty() ? null : GammaGammaModel.fit(spend);
        double seconds = (System.nanoTime() - start) / 1e9;

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("transactions", transactions.toString());
        out.put("input_format", format.name().toLowerCase());
        out.put("calibration_end", calibrationEnd.toString());
        out.put("time_unit", unit.name().toLowerCase());
        out.put("customers", customers.size());
        out.put("fit_seconds", Math.round(seconds * 1000) / 1000.0);
        out.set("bgnbd", bgnbd(json, purchases));
        out.set("gamma_gamma", value == null ? json.nullNode() : gammaGamma(json, value));
        if (holdoutEnd != null) {
            double length = unit.fromDays(ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd));
            out.set("holdout", holdout(json, HoldoutCheck.compareCustomers(purchases.model(), length, customers)));
        }
        System.out.println(json.writeValueAsString(out));
        if (!purchases.converged()) {
            System.err.println("engagement: warning: the BG/NBD fit did not converge: " + purchases.diagnostics());
        }
        return 0;
    }

    private static ObjectNode bgnbd(ObjectMapper json, BetaGeometricNbdFit fit) {
        ObjectNode node = json.createObjectNode();
        node.put("r", fit.r());
        node.put("alpha", fit.alpha());
        node.put("a", fit.a());
        node.put("b", fit.b());
        node.put("log_likelihood", fit.logLikelihood());
        ObjectNode errors = node.putObject("std_errors");
        putFinite(errors, "r", fit.rStandardError());
        putFinite(errors, "alpha", fit.alphaStandardError());
        putFinite(errors, "a", fit.aStandardError());
        putFinite(errors, "b", fit.bStandardError());
        node.put("customers", fit.customers());
        node.put("patterns", fit.patterns());
        node.put("iterations", fit.iterations());
        node.put("converged", fit.converged());
        if (!fit.converged()) {
            node.put("diagnostics", fit.diagnostics());
        }
        return node;
    }

    private static ObjectNode gammaGamma(ObjectMapper json, GammaGammaFit fit) {
        ObjectNode node = json.createObjectNode();
        node.put("p", fit.p());
        node.put("q", fit.q());
        node.put("gamma", fit.gamma());
        node.put("log_likelihood", fit.logLikelihood());
        ObjectNode errors = node.putObject("std_errors");
        putFinite(errors, "p", fit.pStandardError());
        putFinite(errors, "q", fit.qStandardError());
        putFinite(errors, "gamma", fit.gammaStandardError());
        node.put("customers", fit.customers());
        node.put("excluded_customers", fit.excludedCustomers());
        node.put("patterns", fit.patterns());
        node.put("iterations", fit.iterations());
        node.put("converged", fit.converged());
        if (fit.q() > 1) {
            node.put("population_mean_value", fit.model().populationMeanValue());
        }
        if (!fit.converged()) {
            node.put("diagnostics", fit.diagnostics());
        }
        return node;
    }

    private static ObjectNode holdout(ObjectMapper json, HoldoutComparison comparison) {
        ObjectNode node = json.createObjectNode();
        node.put("length", comparison.holdoutLength());
        node.put("customers", comparison.customers());
        node.put("predicted", comparison.predicted());
        node.put("actual", comparison.actual());
        ArrayNode buckets = node.putArray("by_frequency");
        for (FrequencyBucketComparison bucket : comparison.byFrequency()) {
            ObjectNode row = buckets.addObject();
            row.put("frequency", bucket.frequencyBucket());
            row.put("customers", bucket.customers());
            row.put("predicted", bucket.predicted());
            row.put("actual", bucket.actual());
        }
        return node;
    }

    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
