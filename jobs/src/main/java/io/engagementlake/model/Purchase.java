package io.engagementlake.model;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One purchase record of a transaction file: a customer, a day and an amount. Several
 * records of one customer on one day are one transaction to the models.
 *
 * @param customerId the customer's identifier as written in the file
 * @param date the purchase day
 * @param amount the amount spent, finite and &gt;= 0
 */
public record Purchase(String customerId, LocalDate date, double amount) implements Serializable {

    /** Requires an identifier, a date and a finite non-negative amount. */
    public Purchase {
        Objects.requireNonNull(customerId, "customerId is null");
        Objects.requireNonNull(date, "date is null");
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("amount must be finite and >= 0, got " + amount);
        }
    }
}
