package io.engagementlake.silver;

import static io.engagementlake.silver.Classification.REASON;
import static io.engagementlake.silver.Classification.requireColumns;
import static io.engagementlake.silver.Classification.stillKept;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.upper;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Silver {@code customers}: the current version of every customer (spec §5, §6). */
public final class Customers {
    private static final List<String> REQUIRED =
            List.of("customer_id", "segment", "country", "signup_ts", "consent_tracking", "consent_marketing", "updated_at");

    private Customers() {}

    /**
     * Classifies landed customer change rows: invalid ones are quarantined, and of each
     * customer's valid versions all but the latest (updated_at, then later landing date, then
     * later position) are dropped as superseded. Grain: one row per landed row.
     */
    public static Dataset<Row> classify(Dataset<Row> bronze) {
        requireColumns(bronze, "_malformed_text", "_landing_date", "_landing_file", "_record_index");
        return bronze
                .transform(Customers::withParsedFields)
                .transform(rows -> Classification.withFirstViolation(rows, rules()))
                .transform(Customers::markSuperseded);
    }

    /** Typed silver columns of the kept rows. Grain: one row per customer. */
    public static Dataset<Row> toSilver(Dataset<Row> classified) {
        return Classification.kept(classified).select(
                Fields.text("customer_id").as("customer_id"),
                Fields.text("account_id").as("account_id"),
                Fields.text("segment").as("segment"),
                upper(Fields.text("country")).as("country"),
                col("_signup_ts").as("signup_ts"),
                Fields.text("acquisition_channel").as("acquisition_channel"),
                Fields.text("referred_by").as("referred_by"),
                Fields.text("email").as("email"),
                col("_consent_tracking").as("consent_tracking"),
                col("_consent_marketing").as("consent_marketing"),
                col("_updated_at").as("updated_at"),
                col("_landing_date").as("landing_date"));
    }

    static Dataset<Row> withParsedFields(Dataset<Row> rows) {
        return rows
                .withColumn("_signup_ts", Fields.instant("signup_ts"))
                .withColumn("_updated_at", Fields.instant("updated_at"))
                .withColumn("_consent_tracking", Fields.flag("consent_tracking"))
                .withColumn("_consent_marketing", Fields.flag("consent_marketing"));
    }

    static List<Rule> rules() {
        return Rules.builder()
                .malformed()
                .missing(REQUIRED)
                .badTimestamp("signup_ts", "_signup_ts")
                .badTimestamp("updated_at", "_updated_at")
                .inFuture("signup_ts", "_signup_ts")
                .inFuture("updated_at", "_updated_at")
                .add(Rule.onColumn(Reason.INVALID_VALUE, "segment", Fields.text("segment").isin("B2B", "B2C").unary_$bang()))
                .add(Rule.onColumn(Reason.INVALID_VALUE, "country", Fields.text("country").rlike("^[A-Za-z]{2}$").unary_$bang()))
                .add(Rule.onColumn(Reason.INVALID_VALUE, "consent_tracking", col("_consent_tracking").isNull()))
                .add(Rule.onColumn(Reason.INVALID_VALUE, "consent_marketing", col("_consent_marketing").isNull()))
                .build();
    }

    static Dataset<Row> markSuperseded(Dataset<Row> rows) {
        return Classification.markAllButFirst(rows, "customer_id", Reason.SUPERSEDED, col(REASON).isNotNull(),
                col("_updated_at").desc(), col("_landing_date").desc(), col("_landing_file").desc(), col("_record_index").desc());
    }
}
