package io.engagementlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Scoring summaries with fixed models; the expected values are worked out from the closed forms. */
class ClvScoringTest {
    // The published CDNOW parameters; the units do not matter for these checks.
    private static final BetaGeometricNbdModel PURCHASES = new BetaGeometricNbdModel(0.243, 4.414, 0.793, 2.426);
    private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);

    private static Dataset<Row> summaries() {
        return SparkTestSession.get().sql("""
                SELECT customer_id, CAST(frequency AS INT) AS frequency, CAST(recency AS DOUBLE) AS recency,
                       CAST(age AS DOUBLE) AS age, CAST(mean_repeat_spend AS DOUBLE) AS mean_repeat_spend
                FROM VALUES ('NEW', 0, 0, 20, 0), ('ONE', 1, 10, 20, 12.0), ('BUSY', 1000, 364.9, 365, 50.0)
                    AS summaries(customer_id, frequency, recency, age, mean_repeat_spend)""");
    }

    private static Map<String, Row> score(ModelFits.FittedModels models, double discountRate) {
        return ClvScoring.predict(summaries(), models, discountRate).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<String>getAs("customer_id"), row -> row));
    }

    @Test
    void probabilityAliveFollowsTheClosedForm() {
        Map<String, Row> rows = score(new ModelFits.FittedModels(PURCHASES, SPEND), 0);
        // x = 0: the model cannot have seen a dropout, P(alive) = 1.
        assertThat(rows.get("NEW").<Double>getAs("p_alive")).isEqualTo(1.0);
        // 1 / (1 + a / (b + x − 1) × ((α + T) / (α + t_x))^(r + x)) = 1 / (1 + 0.793 / 2.426 × (24.414 / 14.414)^1.243).
        assertThat(rows.get("ONE").<Double>getAs("p_alive")).isCloseTo(0.6137656, within(1e-7));
    }

    @Test
    void predictedValueIsPredictedOrdersTimesExpectedSpendRoundedHalfUp() {
        Map<String, Row> rows = score(new ModelFits.FittedModels(PURCHASES, SPEND), 0);
        Row fresh = rows.get("NEW");
        double orders = fresh.<Double>getAs("predicted_orders_365d");
        assertThat(orders).isEqualTo(PURCHASES.conditionalExpectedPurchases(365, 0, 0, 20));
        // x = 0 spends the population mean p γ / (q − 1) = 6.25 × 15.44 / 2.74 = 35.2190.
        BigDecimal expected = BigDecimal.valueOf(orders * 6.25 * 15.44 / 2.74).setScale(2, RoundingMode.HALF_UP);
        assertThat(fresh.<BigDecimal>getAs("predicted_clv_365d")).isEqualByComparingTo(expected);
    }

    @Test
    void extremeCustomersGetFiniteScores() {
        Row busy = score(new ModelFits.FittedModels(PURCHASES, SPEND), 0.1).get("BUSY");
        assertThat(busy.<Double>getAs("p_alive")).isBetween(0.0, 1.0);
        assertThat(busy.<Double>getAs("predicted_orders_365d")).isFinite().isPositive();
        assertThat(busy.<BigDecimal>getAs("predicted_clv_365d")).isPositive();
    }

    @Test
    void withoutASpendModelOnlyTheValueIsNull() {
        Row one = score(new ModelFits.FittedModels(PURCHASES, null), 0).get("ONE");
        assertThat(one.<Double>getAs("predicted_orders_365d")).isPositive();
        assertThat(one.<BigDecimal>getAs("predicted_clv_365d")).isNull();
    }

    @Test
    void withoutAPurchaseModelEverythingIsNull() {
        Map<String, Row> rows = score(new ModelFits.FittedModels(null, SPEND), 0);
        assertThat(rows).hasSize(3);
        assertThat(rows.values()).allSatisfy(row -> {
            assertThat(row.<Double>getAs("p_alive")).isNull();
            assertThat(row.<Double>getAs("predicted_orders_365d")).isNull();
            assertThat(row.<BigDecimal>getAs("predicted_clv_365d")).isNull();
        });
    }

    @Test
    void discountingLowersTheValueButNotTheOrders() {
        Row undiscounted = score(new ModelFits.FittedModels(PURCHASES, SPEND), 0).get("ONE");
        Row discounted = score(new ModelFits.FittedModels(PURCHASES, SPEND), 0.1).get("ONE");
        assertThat(discounted.<Double>getAs("predicted_orders_365d")).isEqualTo(undiscounted.<Double>getAs("predicted_orders_365d"));
        assertThat(discounted.<BigDecimal>getAs("predicted_clv_365d")).isLessThan(undiscounted.<BigDecimal>getAs("predicted_clv_365d"));
    }

    @Test
    void rejectsSummariesWithoutTheModelInputs() {
        assertThatThrownBy(() -> ClvScoring.predict(summaries().drop("age"), new ModelFits.FittedModels(PURCHASES, SPEND), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("missing columns [age]");
    }
}
