package io.engagementlake.gold;

import static io.engagementlake.gold.GoldColumns.groupingSets;
import static io.engagementlake.gold.GoldColumns.valueOrAll;
import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Gold {@code journey_funnel}: where visitors leave the path from product view to order (spec §7.6). */
public final class JourneyFunnel {
    /** The funnel's event types, in the order a session must reach them. */
    static final List<String> STEPS = List.of("product_view", "add_to_cart", "checkout", "order_completed");

    /** The device of sessions whose first event names none, so that the device rows add up to ALL. */
    static final String NO_DEVICE = "unknown";

    private JourneyFunnel() {}

    /**
     * Counts the sessions with session_date ≤ D that reach each funnel step, by UTC month of
     * the session date and the device of the session's first event (each, and {@code ALL}).
     * With t1 = the session's first product_view, t2 = its first add_to_cart after t1, t3 =
     * its first checkout after t2 and t4 = its first order_completed after t3 ("after" in
     * (ts, event_id) order), a session reaches a step when the step's time exists. All the
     * events of a counted session count, also those after D (a session that started on D may
     * run past midnight). Grain: one row per (session_month, device); the columns of
     * {@code schemas/gold/journey_funnel.yaml}.
     *
     * @param events silver events (session_id, event_type, ts, event_id)
     * @param sessions silver sessions (session_id, session_date, device)
     */
    public static Dataset<Row> build(Dataset<Row> events, Dataset<Row> sessions, LocalDate asOf) {
        requireColumns(events, "session_id", "event_type", "ts", "event_id");
        requireColumns(sessions, "session_id", "session_date", "device");
        Dataset<Row> funnelSessions = sessions
                .where(col("session_date").leq(lit(asOf)))
                .select(
                        col("session_id"),
                        trunc(col("session_date"), "month").as("session_month"),
                        coalesce(col("device"), lit(NO_DEVICE)).as("device"))
                .join(stepsReached(events), new String[] {"session_id"}, "left");
        Column month = col("session_month");
        Column device = col("device");
        Dataset<Row> groups = groupingSets(funnelSessions, List.of(List.of(month, device), List.of(month)), month, device)
                .agg(
                        valueOrAll("device").as("_device"),
                        count(lit(1)).as("sessions"),
                        countReached(0).as("product_view_sessions"),
                        countReached(1).as("add_to_cart_sessions"),
                        countReached(2).as("checkout_sessions"),
                        countReached(3).as("order_completed_sessions"));
        return groups.select(
                lit(asOf).as("as_of_date"),
                month,
                col("_device").as("device"),
                col("sessions"),
                col("product_view_sessions"),
                col("add_to_cart_sessions"),
                col("checkout_sessions"),
                col("order_completed_sessions"),
                share("add_to_cart_sessions", "product_view_sessions").as("add_to_cart_conversion_rate"),
                share("checkout_sessions", "product_view_sessions").as("checkout_conversion_rate"),
                share("order_completed_sessions", "product_view_sessions").as("order_completed_conversion_rate"),
                lit(1.0).minus(share("add_to_cart_sessions", "product_view_sessions")).as("add_to_cart_drop_off_rate"),
                lit(1.0).minus(share("checkout_sessions", "add_to_cart_sessions")).as("checkout_drop_off_rate"),
                lit(1.0).minus(share("order_completed_sessions", "checkout_sessions")).as("order_completed_drop_off_rate"));
    }

    /**
     * Per session with at least one funnel event, whether it reached each step
     * ({@code reached_product_view} … {@code reached_order_completed}). Each step's time is
     * the least (ts, event_id) of the step's events after the previous step's time, over the
     * session's funnel events (windows partitioned by session_id, one shuffle), then one row
     * per session. Grain: one row per session.
     */
    static Dataset<Row> stepsReached(Dataset<Row> events) {
        WindowSpec session = Window.partitionBy(col("session_id"));
        Column position = struct(col("ts"), col("event_id"));
        Dataset<Row> timed = events
                .where(col("event_type").isin(STEPS.toArray()))
                .select(col("session_id"), col("event_type"), position.as("_position"))
                .withColumn("_t1", min(when(col("event_type").equalTo(lit(STEPS.get(0))), col("_position"))).over(session));
        for (int step = 1; step < STEPS.size(); step++) {
            Column previous = col("_t" + step);
            Column isStepAfterPrevious = col("event_type").equalTo(lit(STEPS.get(step))).and(col("_position").gt(previous));
            timed = timed.withColumn("_t" + (step + 1), min(when(isStepAfterPrevious, col("_position"))).over(session));
        }
        Column[] reached = new Column[STEPS.size()];
        for (int step = 0; step < STEPS.size(); step++) {
            reached[step] = max(col("_t" + (step + 1)).isNotNull()).as("reached_" + STEPS.get(step));
        }
        return timed.groupBy(col("session_id")).agg(reached[0], Arrays.copyOfRange(reached, 1, reached.length));
    }

    private static Column countReached(int step) {
        return sum(when(col("reached_" + STEPS.get(step)), 1).otherwise(0)).cast("bigint");
    }

    /** numerator / denominator, null when the denominator is 0. */
    private static Column share(String numerator, String denominator) {
        return when(col(denominator).gt(lit(0)), col(numerator).divide(col(denominator)));
    }
}
