package io.engagementlake.silver;

import static io.engagementlake.silver.Classification.requireColumns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Silver {@code sessions}: visits cut from each visitor's events (spec §6). */
public final class Sessions {
    private Sessions() {}

    /**
     * Adds {@code session_id} to events: per visitor_key, events in (ts, event_id) order, a
     * new session where the gap to the previous event exceeds the timeout (a gap of exactly
     * the timeout stays in the session). The id hashes the visitor and the session's first
     * event, so it is stable across reruns. Grain unchanged: one row per event.
     */
    public static Dataset<Row> sessionize(Dataset<Row> events, int timeoutMinutes) {
        requireColumns(events, "visitor_key", "ts", "event_id");
        WindowSpec visitorTimeline = Window.partitionBy(col("visitor_key")).orderBy(col("ts"), col("event_id"));
        long timeoutMicros = timeoutMinutes * 60L * 1_000_000L;
        Column gapMicros = unix_micros(col("ts")).minus(unix_micros(lag(col("ts"), 1).over(visitorTimeline)));
        Column startsSession = gapMicros.isNull().or(gapMicros.gt(lit(timeoutMicros)));
        return events
                .withColumn("_session_first_event", when(startsSession, col("event_id")))
                // The running "last non-null" is the first event of the session this event is in.
                .withColumn("_session_first_event", last(col("_session_first_event"), true).over(visitorTimeline))
                .withColumn("session_id", sha2(concat_ws("|", col("visitor_key"), col("_session_first_event")), 256))
                .drop("_session_first_event");
    }

    /**
     * Aggregates sessionized events into sessions; a session belongs to the UTC date of its
     * first event and lasts from its first to its last ts. Grain: one row per session.
     */
    public static Dataset<Row> fromEvents(Dataset<Row> sessionizedEvents) {
        requireColumns(sessionizedEvents, "session_id", "visitor_key", "customer_key", "ts", "event_id", "event_type", "device");
        Column start = min(col("ts"));
        Column end = max(col("ts"));
        return sessionizedEvents
                .groupBy(col("session_id"))
                .agg(
                        first(col("visitor_key")).as("visitor_key"),
                        max(col("customer_key")).as("customer_key"),
                        start.as("session_start"),
                        end.as("session_end"),
                        Fields.utcDate(start).as("session_date"),
                        unix_micros(end).minus(unix_micros(start)).divide(1_000_000.0).as("duration_seconds"),
                        count(lit(1)).as("event_count"),
                        sum(when(col("event_type").equalTo(lit("page_view")), 1).otherwise(0)).cast("bigint").as("page_views"),
                        min_by(col("device"), struct(col("ts"), col("event_id"))).as("device"));
    }
}
