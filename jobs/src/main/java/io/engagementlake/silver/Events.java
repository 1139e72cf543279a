package io.engagementlake.silver;

import static io.engagementlake.silver.Classification.DETAIL;
import static io.engagementlake.silver.Classification.REASON;
import static io.engagementlake.silver.Classification.requireColumns;
import static io.engagementlake.silver.Classification.stillKept;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Silver {@code events}: valid, deduplicated, consented clickstream, stitched to customers (spec §6). */
public final class Events {
    public static final List<String> EVENT_TYPES = List.of("page_view", "product_view", "add_to_cart", "checkout",
            "order_completed", "login", "share", "comment", "review", "referral_invite", "support_chat");

    private static final List<String> REQUIRED = List.of("event_id", "anonymous_id", "ts", "event_type");

    private Events() {}

    /**
     * Classifies landed events: rule violations quarantined, later copies of an event_id
     * dropped, then each event stitched to its customer and dropped as
     * {@code excluded_no_consent} when that customer's current consent_tracking is false.
     * Grain: one row per landed row, with {@code customer_key} on kept rows.
     *
     * @param customers silver customers as of the same date
     */
    public static Dataset<Row> classify(Dataset<Row> bronze, Dataset<Row> customers) {
        requireColumns(bronze, "_malformed_text", "_landing_date", "_landing_file", "_record_index");
        return bronze
                .transform(Events::withParsedFields)
                .transform(rows -> Classification.withFirstViolation(rows, rules()))
                .transform(rows -> Classification.markDuplicates(rows, "event_id"))
                .transform(Events::withCustomerKey)
                .transform(rows -> filterConsented(rows, customers));
    }

    /**
     * Identity stitching: an anonymous_id that ever appears with a customer_id belongs to the
     * customer of its latest such event (by ts, tie: event_id), before and after the login.
     * Adds {@code customer_key} (null for never-stitched ids). Grain unchanged.
     */
    public static Dataset<Row> withCustomerKey(Dataset<Row> rows) {
        requireColumns(rows, "anonymous_id", "customer_id", "_ts", "event_id", REASON);
        Column identified = stillKept().and(Fields.text("customer_id").isNotNull());
        Column latestLogin = max_by(
                when(identified, Fields.text("customer_id")),
                when(identified, struct(col("_ts"), Fields.text("event_id"))));
        return rows.withColumn("customer_key",
                when(stillKept(), latestLogin.over(Window.partitionBy(Fields.text("anonymous_id")))));
    }

    /**
     * Marks kept events whose customer_key has consent_tracking = false as
     * {@code excluded_no_consent}. Anonymous events and events of customers not landed yet
     * stay: no customer has refused them. Grain unchanged.
     */
    public static Dataset<Row> filterConsented(Dataset<Row> rows, Dataset<Row> customers) {
        requireColumns(rows, "customer_key", REASON);
        requireColumns(customers, "customer_id", "consent_tracking");
        // Only the customers who refused: usually few, so adaptive execution can broadcast them
        // once they are counted instead of shuffling every event by customer_key.
        Dataset<Row> refusing = customers.where(col("consent_tracking").equalTo(lit(false)))
                .select(col("customer_id").as("_refusing_customer_id"));
        Column refused = stillKept().and(col("_refusing_customer_id").isNotNull());
        return rows.join(refusing, col("customer_key").equalTo(col("_refusing_customer_id")), "left")
                .withColumn(DETAIL, when(refused, concat(lit("customer_key='"), col("customer_key"), lit("'"))).otherwise(col(DETAIL)))
                .withColumn(REASON, when(refused, lit(Reason.EXCLUDED_NO_CONSENT.code())).otherwise(col(REASON)))
                .drop("_refusing_customer_id");
    }

    /**
     * Typed columns of the kept events with {@code visitor_key} (customer_key, or the
     * anonymous_id when unstitched), before sessionizing. Grain: one row per event.
     */
    public static Dataset<Row> toSilver(Dataset<Row> classified) {
        return Classification.kept(classified).select(
                Fields.text("event_id").as("event_id"),
                Fields.text("anonymous_id").as("anonymous_id"),
                Fields.text("customer_id").as("customer_id"),
                col("customer_key"),
                coalesce(col("customer_key"), Fields.text("anonymous_id")).as("visitor_key"),
                col("_ts").as("ts"),
                Fields.utcDate(col("_ts")).as("event_date"),
                Fields.text("event_type").as("event_type"),
                Fields.text("page_url").as("page_url"),
                Fields.text("referrer").as("referrer"),
                Fields.text("device").as("device"),
                col("_landing_date").as("landing_date"));
    }

    static Dataset<Row> withParsedFields(Dataset<Row> rows) {
        return rows.withColumn("_ts", Fields.instant("ts"));
    }

    static List<Rule> rules() {
        return Rules.builder()
                .malformed()
                .missing(REQUIRED)
                .badTimestamp("ts", "_ts")
                .inFuture("ts", "_ts")
                .add(Rule.onColumn(Reason.UNKNOWN_EVENT_TYPE, "event_type",
                        Fields.text("event_type").isin(EVENT_TYPES.toArray()).unary_$bang()))
                .build();
    }
}
