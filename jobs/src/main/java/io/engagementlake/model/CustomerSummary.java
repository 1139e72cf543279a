package io.engagementlake.model;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * One customer's calibration-period summary, the input of the BG/NBD and Gamma-Gamma
 * models, with the holdout-period count for validation. Purchases on one day are one
 * transaction whose value is the day's total.
 *
 * @param customerId the customer's identifier
 * @param firstPurchase the day of the first purchase (the start of the customer's clock)
 * @param frequency x, purchase days in the calibration period after the first
 * @param recency t_x, time from the first to the last calibration purchase day (0 when
 *     x = 0), in the summary's time unit
 * @param age T, time from the first purchase day to the calibration end, in the same unit
 * @param meanRepeatSpend m̄, the mean spend of the x repeat purchase days (the first day
 *     left out); 0 when x = 0
 * @param holdoutRepeatPurchases purchase days after the calibration end up to and
 *     including the holdout end; 0 when no holdout period was given
 */
public record CustomerSummary(
        String customerId, LocalDate firstPurchase, int frequency, double recency, double age,
        double meanRepeatSpend, int holdoutRepeatPurchases) implements Serializable {
}
