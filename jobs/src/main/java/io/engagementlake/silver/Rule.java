package io.engagementlake.silver;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;

/**
 * A validation rule: when {@code violated} is true for a row, the row is rejected for
 * {@code reason}, and {@code detail} says which value was at fault.
 */
public record Rule(Reason reason, Column violated, Column detail) {
    public Rule {
        requireNonNull(reason, "reason is null");
        requireNonNull(violated, "violated is null");
        requireNonNull(detail, "detail is null");
    }

    /** A rule about one landed column, whose detail is {@code column='value'}. */
    public static Rule onColumn(Reason reason, String column, Column violated) {
        return new Rule(reason, violated, concat(lit(column + "='"), org.apache.spark.sql.functions.coalesce(
                org.apache.spark.sql.functions.col(column), lit("")), lit("'")));
    }
}
