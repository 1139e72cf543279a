package io.engagementlake.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * Predicted customer value over a horizon: expected purchases (BG/NBD) times expected
 * average value per purchase (Gamma-Gamma), which is valid because the Gamma-Gamma model
 * assumes spend independent of the purchase process.
 *
 * <p>With an annual discount rate d &gt; 0 the purchases are <em>discounted by month</em>: the
 * horizon is cut into months of a twelfth of a year ({@value ModelTimeUnit#DAYS_PER_YEAR}
 * days / 12, the last month possibly partial), the expected purchases of each month are
 * E[Y(end of month)] - E[Y(start of month)], and they are discounted to the calibration end
 * with the factor (1 + d)^-(end of month in years). Month-end discounting is the convention
 * of the CLV literature's spreadsheet implementations and slightly conservative. With d = 0
 * (the default) the value is simply E[Y(horizon)] times the expected average value.
 *
 * @param purchases the fitted BG/NBD model
 * @param spend the fitted Gamma-Gamma model; it must have q &gt; 1
 * @param annualDiscountRate d, finite and &gt;= 0 (0.1 means 10% a year)
 * @param timeUnit the time unit the BG/NBD model was fitted in, to place months and years
 */
public record CustomerLifetimeValue(BetaGeometricNbdModel purchases, GammaGammaModel spend,
                                    double annualDiscountRate, ModelTimeUnit timeUnit) implements Serializable {

    /** Requires both models, a unit and a finite non-negative rate. */
    public CustomerLifetimeValue {
        Objects.requireNonNull(purchases, "purchases model is null");
        Objects.requireNonNull(spend, "spend model is null");
        Objects.requireNonNull(timeUnit, "timeUnit is null");
        if (!(annualDiscountRate >= 0) || Double.isInfinite(annualDiscountRate)) {
            throw new IllegalArgumentException("annual discount rate must be finite and >= 0, got " + annualDiscountRate);
        }
    }

    /** An undiscounted calculator (annual discount rate 0). */
    public static CustomerLifetimeValue undiscounted(BetaGeometricNbdModel purchases, GammaGammaModel spend,
                                                     ModelTimeUnit timeUnit) {
        return new CustomerLifetimeValue(purchases, spend, 0.0, timeUnit);
    }

    /**
     * Expected purchases in (T, T + horizon], discounted by month when the rate is positive.
     *
     * @param horizon length of the prediction period in the model time unit
     * @param frequency x
     * @param recency t_x
     * @param age T
     */
    public double expectedPurchases(double horizon, double frequency, double recency, double age) {
        if (annualDiscountRate == 0) {
            return purchases.conditionalExpectedPurchases(horizon, frequency, recency, age);
        }
        double unitsPerYear = timeUnit.unitsPerYear();
        double month = unitsPerYear / 12;
        // The small slack stops a horizon of exactly n months from gaining an empty (n+1)th month.
        int months = (int) Math.ceil(horizon / month - 1e-9);
        double total = 0;
        double previous = 0;
        for (int index = 1; index <= months; index++) {
            double end = Math.min(index * month, horizon);
            double cumulative = purchases.conditionalExpectedPurchases(end, frequency, recency, age);
            total += (cumulative - previous) * Math.pow(1 + annualDiscountRate, -end / unitsPerYear);
            previous = cumulative;
        }
        return total;
    }

    /** The Gamma-Gamma expected average value per purchase of this customer. */
    public double expectedAverageValue(double frequency, double meanRepeatSpend) {
        return spend.conditionalExpectedAverageValue(frequency, meanRepeatSpend);
    }

    /**
     * Predicted value over the horizon: {@link #expectedPurchases} times
     * {@link #expectedAverageValue}.
     *
     * @param meanRepeatSpend m̄, ignored when x = 0 (the population mean is used)
     * @throws IllegalStateException when the Gamma-Gamma q is &lt;= 1
     */
    public double predictedValue(double horizon, double frequency, double recency, double age, double meanRepeatSpend) {
        double value = expectedAverageValue(frequency, meanRepeatSpend);
        return expectedPurchases(horizon, frequency, recency, age) * value;
    }
}
