package io.engagementlake.silver;

import static io.engagementlake.silver.TransactionsTest.byId;
import static io.engagementlake.silver.TransactionsTest.countByReason;
import static io.engagementlake.silver.TransactionsTest.reasonsById;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.engagementlake.BronzeRows;
import io.engagementlake.bronze.Source;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CustomersTest {
    private static final String SIGNUP = "2024-12-01T10:00:00Z";

    @Test
    void latestUpdatedAtWinsAndTiesGoToTheLaterLandingDate() {
        Dataset<Row> bronze = BronzeRows.of(Source.CUSTOMERS)
                // C1: the later updated_at wins even though it landed first.
                .row("2025-01-02", "a.csv", "C1", "", "B2C", "DE", SIGNUP, "web", "", "new@x.com", "true", "true", "2025-01-01T12:00:00Z")
                .row("2025-01-03", "a.csv", "C1", "", "B2C", "DE", SIGNUP, "web", "", "old@x.com", "false", "true", "2025-01-01T11:00:00Z")
                // C2: same updated_at (one instant, written with two offsets): the later landing wins.
                .row("2025-01-02", "a.csv", "C2", "A1", "B2B", "FR", SIGNUP, "sales", "C1", "first@x.com", "true", "true", "2025-01-01T12:00:00Z")
                .row("2025-01-04", "a.csv", "C2", "A1", "B2B", "FR", SIGNUP, "sales", "C1", "second@x.com", "true", "false", "2025-01-01T14:00:00+02:00")
                .row("2025-01-03", "a.csv", "C2", "A1", "B2B", "FR", SIGNUP, "sales", "C1", "third@x.com", "true", "true", "2025-01-01T12:00:00Z")
                // C3: an invalid newer version does not displace the valid older one.
                .row("2025-01-02", "a.csv", "C3", "", "B2C", "SE", SIGNUP, "web", "", "c3@x.com", "true", "true", "2025-01-01T12:00:00Z")
                .row("2025-01-05", "a.csv", "C3", "", "B2C", "SE", SIGNUP, "web", "", "c3@x.com", "maybe", "true", "2025-01-02T12:00:00Z")
                .toDataset();

        Dataset<Row> classified = Customers.classify(bronze);
        Map<String, Row> customers = byId(Customers.toSilver(classified), "customer_id");

        assertThat(customers).hasSize(3);
        assertThat(customers.get("C1").<String>getAs("email")).isEqualTo("new@x.com");
        assertThat(customers.get("C1").<Boolean>getAs("consent_tracking")).isTrue();
        assertThat(customers.get("C1").<String>getAs("account_id")).isNull();
        assertThat(customers.get("C2").<String>getAs("email")).isEqualTo("second@x.com");
        assertThat(customers.get("C2").<Boolean>getAs("consent_marketing")).isFalse();
        assertThat(customers.get("C2").<Instant>getAs("updated_at")).isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
        assertThat(customers.get("C2").<String>getAs("referred_by")).isEqualTo("C1");
        assertThat(customers.get("C3").<String>getAs("email")).isEqualTo("c3@x.com");
        assertThat(countByReason(classified)).containsOnly(
                entry("kept", 3L), entry("superseded", 3L), entry("invalid_value", 1L));
    }

    @Test
    void quarantinesInvalidCustomerRows() {
        Dataset<Row> bronze = BronzeRows.of(Source.CUSTOMERS)
                .row("2025-01-02", "a.csv", "C1", "", "B2C", "DE", SIGNUP, "web", "", "", "TRUE", "False", "2025-01-01T12:00:00Z")
                .row("2025-01-02", "a.csv", "C2", "", "B2X", "DE", SIGNUP, "web", "", "", "true", "true", "2025-01-01T12:00:00Z")
                .row("2025-01-02", "a.csv", "C3", "", "B2C", "Germany", SIGNUP, "web", "", "", "true", "true", "2025-01-01T12:00:00Z")
                .row("2025-01-02", "a.csv", "C4", "", "B2C", "DE", "yesterday", "web", "", "", "true", "true", "2025-01-01T12:00:00Z")
                .row("2025-01-02", "a.csv", "C5", "", "B2C", "DE", SIGNUP, "web", "", "", "true", "true", "2025-01-05T12:00:00Z")
                .row("2025-01-02", "a.csv", "C6", "", "", "DE", SIGNUP, "web", "", "", "true", "true", "2025-01-01T12:00:00Z")
                .malformed("2025-01-02", "a.csv", "C7,,B2C")
                .toDataset();

        assertThat(reasonsById(Customers.classify(bronze), "customer_id")).containsOnly(
                entry("C1", "kept"),
                entry("C2", "invalid_value"),
                entry("C3", "invalid_value"),
                entry("C4", "bad_timestamp"),
                entry("C5", "timestamp_in_future"),
                entry("C6", "missing_field"),
                entry("C7,,B2C", "malformed"));
    }
}
