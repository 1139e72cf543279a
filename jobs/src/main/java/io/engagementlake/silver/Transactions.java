package io.engagementlake.silver;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** Silver {@code transactions}: valid, deduplicated, in the reporting currency (spec §6). */
public final class Transactions {
    private static final List<String> REQUIRED = List.of("transaction_id", "customer_id", "ts", "type", "amount", "currency");
    private static final DecimalType AMOUNT = DataTypes.createDecimalType(18, 4);
    private static final DecimalType RATE = DataTypes.createDecimalType(18, 8);
    private static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

    private Transactions() {}

    /**
     * Classifies landed transaction rows: rule violations are quarantined, later copies of a
     * transaction_id dropped, and rows of customers not landed yet quarantined as
     * {@code unknown_customer} (retried by every later run). Grain: one row per landed row.
     *
     * @param customers silver customers as of the same date
     * @param currencies the currencies that have a rate to the reporting currency
     */
    public static Dataset<Row> classify(Dataset<Row> bronze, Dataset<Row> customers, Set<String> currencies) {
        requireColumns(bronze, "_malformed_text", "_landing_date", "_landing_file", "_record_index");
        return bronze
                .transform(Transactions::withParsedFields)
                .transform(rows -> Classification.withFirstViolation(rows, rules(currencies)))
                .transform(rows -> Classification.markDuplicates(rows, "transaction_id"))
                .transform(rows -> Classification.markUnknownCustomers(rows, customers));
    }

    /**
     * Typed silver columns of the kept rows, with {@code amount_reporting} = amount × rate
     * rounded half-up to 2 decimals and {@code net_amount} signed by type.
     * Grain: one row per transaction.
     */
    public static Dataset<Row> toSilver(Dataset<Row> classified, Map<String, BigDecimal> fxRates) {
        return Classification.kept(classified)
                .select(
                        Fields.text("transaction_id").as("transaction_id"),
                        Fields.text("customer_id").as("customer_id"),
                        col("_ts").as("ts"),
                        Fields.utcDate(col("_ts")).as("transaction_date"),
                        Fields.text("type").as("type"),
                        col("_amount").as("amount"),
                        upper(Fields.text("currency")).as("currency"),
                        Fields.text("product_category").as("product_category"),
                        Fields.text("channel").as("channel"),
                        col("_landing_date").as("landing_date"))
                .transform(rows -> withFxRate(rows, fxRates))
                .transform(Transactions::withAmountReporting)
                .transform(Transactions::withNetAmount);
    }

    /** Adds {@code fx_rate}, the rate of the row's currency to the reporting currency. */
    public static Dataset<Row> withFxRate(Dataset<Row> rows, Map<String, BigDecimal> fxRates) {
        requireColumns(rows, "currency");
        List<Column> entries = new ArrayList<>();
        fxRates.forEach((currency, rate) -> {
            entries.add(lit(currency));
            entries.add(lit(rate).cast(RATE));
        });
        return rows.withColumn("fx_rate", element_at(map(entries.toArray(Column[]::new)), col("currency")));
    }

    /** Adds {@code amount_reporting} = amount × fx_rate, rounded half-up to cents. */
    public static Dataset<Row> withAmountReporting(Dataset<Row> rows) {
        requireColumns(rows, "amount", "fx_rate");
        // Spark rounds decimals HALF_UP; the product is exact in decimal(37,12).
        return rows.withColumn("amount_reporting", round(col("amount").multiply(col("fx_rate")), 2).cast(MONEY));
    }

    /** Adds {@code net_amount}: +amount_reporting for purchases, −amount_reporting for refunds. */
    public static Dataset<Row> withNetAmount(Dataset<Row> rows) {
        requireColumns(rows, "type", "amount_reporting");
        return rows.withColumn("net_amount",
                when(col("type").equalTo(lit("refund")), col("amount_reporting").unary_$minus()).otherwise(col("amount_reporting")).cast(MONEY));
    }

    static Dataset<Row> withParsedFields(Dataset<Row> rows) {
        Column amountText = Fields.text("amount");
        return rows
                .withColumn("_ts", Fields.instant("ts"))
                .withColumn("_amount", when(amountText.rlike(Fields.DECIMAL_AMOUNT), amountText.try_cast(AMOUNT)));
    }

    static List<Rule> rules(Set<String> currencies) {
        return Rules.builder()
                .malformed()
                .missing(REQUIRED)
                .badTimestamp("ts", "_ts")
                .inFuture("ts", "_ts")
                .add(Rule.onColumn(Reason.INVALID_VALUE, "type", Fields.text("type").isin("purchase", "refund").unary_$bang()))
                .add(Rule.onColumn(Reason.BAD_AMOUNT, "amount", col("_amount").isNull().or(col("_amount").leq(lit(0)))))
                .add(Rule.onColumn(Reason.UNKNOWN_CURRENCY, "currency", upper(Fields.text("currency")).isin(currencies.toArray()).unary_$bang()))
                .build();
    }
}
