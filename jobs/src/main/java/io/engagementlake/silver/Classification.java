package io.engagementlake.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.engagementlake.bronze.Source;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Steps that decide where each landed row ends (spec §5.1): kept, quarantined or dropped.
 * They add {@code _reason} (null while a row is still kept) and {@code _reason_detail} and
 * never remove a row, so that the accounting identity can be checked at the end.
 */
public final class Classification {
    public static final String REASON = "_reason";
    public static final String DETAIL = "_reason_detail";

    private Classification() {}

    /** True while no earlier step has rejected the row. */
    public static Column stillKept() {
        return col(REASON).isNull();
    }

    /**
     * Adds the first violated rule (in list order) as {@code _reason} and its detail.
     * Grain unchanged: one row per input row.
     */
    public static Dataset<Row> withFirstViolation(Dataset<Row> rows, List<Rule> rules) {
        Column reason = lit(null).cast("string");
        Column detail = lit(null).cast("string");
        // Built inside out so that the first rule of the list takes precedence.
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            Column violated = coalesce(rule.violated(), lit(false));
            reason = when(violated, lit(rule.reason().code())).otherwise(reason);
            detail = when(violated, rule.detail()).otherwise(detail);
        }
        return rows.withColumn(REASON, reason).withColumn(DETAIL, detail);
    }

    /**
     * Marks every copy of an id but the first landed one (by landing date, file, position)
     * as {@link Reason#DUPLICATE}, among rows still kept; a rejected copy never displaces a
     * valid one. Grain unchanged.
     */
    public static Dataset<Row> markDuplicates(Dataset<Row> rows, String idColumn) {
        requireColumns(rows, idColumn, REASON, "_landing_date", "_landing_file", "_record_index");
        return markAllButFirst(rows, idColumn, Reason.DUPLICATE,
                col(REASON).isNotNull(), col("_landing_date"), col("_landing_file"), col("_record_index"));
    }

    /**
     * Marks every row still kept but the first of its {@code idColumn} value in {@code order}
     * as {@code reason}, with the id as detail. Grain unchanged.
     */
    static Dataset<Row> markAllButFirst(Dataset<Row> rows, String idColumn, Reason reason, Column... order) {
        // Numbered once: a window used in two columns is computed twice, each time partitioning
        // by its own copy of the id expression, which costs a second shuffle and sort of every row.
        Column notFirst = stillKept().and(col("_position_of_id").gt(1));
        return rows
                .withColumn("_position_of_id", row_number().over(Window.partitionBy(Fields.text(idColumn)).orderBy(order)))
                .withColumn(DETAIL, when(notFirst, org.apache.spark.sql.functions.concat(lit(idColumn + "='"), Fields.text(idColumn), lit("'")))
                        .otherwise(col(DETAIL)))
                .withColumn(REASON, when(notFirst, lit(reason.code())).otherwise(col(REASON)))
                .drop("_position_of_id");
    }

    /**
     * Marks rows still kept whose customer_id is in no row of {@code customers} as
     * {@link Reason#UNKNOWN_CUSTOMER}. Grain unchanged.
     */
    public static Dataset<Row> markUnknownCustomers(Dataset<Row> rows, Dataset<Row> customers) {
        requireColumns(rows, "customer_id", REASON);
        requireColumns(customers, "customer_id");
        Dataset<Row> known = customers.select(col("customer_id").as("_known_customer_id"));
        Dataset<Row> joined = rows.join(known, Fields.text("customer_id").equalTo(col("_known_customer_id")), "left");
        Column unknown = stillKept().and(col("_known_customer_id").isNull());
        return joined
                .withColumn(DETAIL, when(unknown, org.apache.spark.sql.functions.concat(lit("customer_id='"), Fields.text("customer_id"), lit("'")))
                        .otherwise(col(DETAIL)))
                .withColumn(REASON, when(unknown, lit(Reason.UNKNOWN_CUSTOMER.code())).otherwise(col(REASON)))
                .drop("_known_customer_id");
    }

    /** Rows still kept. */
    public static Dataset<Row> kept(Dataset<Row> classified) {
        return classified.where(stillKept());
    }

    /**
     * The quarantine rows of a classified source: one row per quarantined input row, with the
     * record as landed (malformed rows) or re-encoded from its fields (all others).
     */
    public static Dataset<Row> quarantine(Dataset<Row> classified, Source source, LocalDate asOf) {
        List<String> rawColumns = source.rawContract().columnNames();
        requireColumns(classified, REASON, DETAIL, "_malformed_text");
        Column fields = struct(rawColumns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        // RFC 4180 quoting (quotes doubled), as the file had it.
        Column encoded = source.isJsonLines() ? to_json(fields) : to_csv(fields, Map.of("escape", "\"", "quoteAll", "false"));
        Column customerId = rawColumns.contains("customer_id") ? Fields.text("customer_id") : lit(null).cast("string");
        String[] quarantined = Arrays.stream(Reason.values())
                .filter(reason -> reason.disposition() == Reason.Disposition.QUARANTINED)
                .map(Reason::code)
                .toArray(String[]::new);
        return classified
                .where(col(REASON).isin((Object[]) quarantined))
                .select(
                        col("_landing_date").as("landing_date"),
                        col("_landing_file").as("landing_file"),
                        col("_record_index").as("record_index"),
                        col(REASON).as("reason"),
                        col(DETAIL).as("reason_detail"),
                        Fields.text(source.idColumn()).as("record_id"),
                        customerId.as("customer_id"),
                        coalesce(col("_malformed_text"), encoded).as("raw_text"),
                        lit(java.sql.Date.valueOf(asOf)).as("as_of_date"));
    }

    /** Rows per reason code, with {@code kept} for rows no step rejected: a handful of rows. */
    public static Dataset<Row> countByReason(Dataset<Row> classified) {
        return classified.groupBy(coalesce(col(REASON), lit(Reason.Disposition.KEPT.code())).as("reason")).count();
    }

    /** Fails fast, naming the missing columns, when a step is given rows it cannot work on. */
    public static void requireColumns(Dataset<Row> rows, String... columns) {
        List<String> present = Arrays.asList(rows.columns());
        List<String> missing = Arrays.stream(columns).filter(column -> !present.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing columns " + missing + "; input has " + present);
        }
    }

    private static final Map<String, Reason.Disposition> DISPOSITIONS =
            Arrays.stream(Reason.values()).collect(java.util.stream.Collectors.toUnmodifiableMap(Reason::code, Reason::disposition));

    /** Where a row with each reason code ends. */
    public static Map<String, Reason.Disposition> dispositions() {
        return DISPOSITIONS;
    }
}
