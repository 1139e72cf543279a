package io.engagementlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** Builds a source's rule list in the order spec §5.1 checks them. */
final class Rules {
    private final List<Rule> rules = new ArrayList<>();

    private Rules() {}

    static Rules builder() {
        return new Rules();
    }

    Rules malformed() {
        rules.add(new Rule(Reason.MALFORMED, col("_malformed_text").isNotNull(), lit("record could not be parsed")));
        return this;
    }

    /** One rule for all required columns; the detail lists every empty one. */
    Rules missing(List<String> required) {
        Column anyMissing = lit(false);
        Column[] names = new Column[required.size()];
        for (int i = 0; i < required.size(); i++) {
            String column = required.get(i);
            anyMissing = anyMissing.or(Fields.isBlank(column));
            names[i] = when(Fields.isBlank(column), lit(column));
        }
        rules.add(new Rule(Reason.MISSING_FIELD, anyMissing, concat_ws(",", names)));
        return this;
    }

    Rules badTimestamp(String column, String parsedColumn) {
        rules.add(Rule.onColumn(Reason.BAD_TIMESTAMP, column, Fields.text(column).isNotNull().and(col(parsedColumn).isNull())));
        return this;
    }

    /**
     * More than one day after the landing date: the instant's UTC date is later than the day
     * after the landing date, i.e. it is at or after landing date + 2 days 00:00 UTC.
     */
    Rules inFuture(String column, String parsedColumn) {
        Column limit = date_add(col("_landing_date"), 2).cast(DataTypes.TimestampType);
        rules.add(Rule.onColumn(Reason.TIMESTAMP_IN_FUTURE, column, col(parsedColumn).geq(limit)));
        return this;
    }

    Rules add(Rule rule) {
        rules.add(rule);
        return this;
    }

    List<Rule> build() {
        return List.copyOf(rules);
    }
}
