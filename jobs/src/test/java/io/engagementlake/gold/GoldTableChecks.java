package io.engagementlake.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.config.ColumnContract;
import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * dbt-style checks every gold table of these tests passes, on the collected rows: the
 * contract's columns in its order and types, its primary key unique and non-null, no null in
 * a non-nullable column, {@code as_of_date} = D everywhere, and rates within [0, 1].
 */
final class GoldTableChecks {
    private GoldTableChecks() {}

    /** Checks {@code table} against the gold contract {@code name} and returns its rows. */
    static List<Row> collectChecked(Dataset<Row> table, String name, LocalDate asOf) {
        TableContract contract = Contracts.load("gold", name);
        assertThat(table.columns()).as(name + " columns").containsExactlyElementsOf(contract.columnNames());
        for (ColumnContract column : contract.columns()) {
            assertThat(table.schema().apply(column.name()).dataType()).as(name + "." + column.name() + " type")
                    .isEqualTo(DataType.fromDDL(column.type()));
        }
        List<Row> rows = table.collectAsList();
        Set<List<Object>> keys = new HashSet<>();
        for (Row row : rows) {
            assertThat(row.<LocalDate>getAs("as_of_date")).as(name + ".as_of_date").isEqualTo(asOf);
            for (ColumnContract column : contract.columns()) {
                if (!column.nullable()) {
                    assertThat(row.<Object>getAs(column.name())).as("%s.%s in %s", name, column.name(), row).isNotNull();
                }
            }
            List<Object> key = contract.primaryKey().stream().map(row::getAs).toList();
            assertThat(keys.add(key)).as("%s key %s is unique", name, key).isTrue();
        }
        return rows;
    }

    /** Every non-null value of the columns lies in [0, 1]. */
    static void assertRatesWithinUnitInterval(List<Row> rows, String... columns) {
        for (Row row : rows) {
            for (String column : columns) {
                Double rate = row.getAs(column);
                if (rate != null) {
                    assertThat(rate).as("%s in %s", column, row).isBetween(0.0, 1.0);
                }
            }
        }
    }

    /** The one row whose columns have the given values: {@code row(rows, "segment", "B2B", "period", 1)}. */
    static Row row(List<Row> rows, Object... columnsAndValues) {
        List<Row> matching = rows.stream().filter(row -> {
            for (int i = 0; i < columnsAndValues.length; i += 2) {
                if (!columnsAndValues[i + 1].equals(row.getAs((String) columnsAndValues[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertThat(matching).as("rows with %s", Arrays.toString(columnsAndValues)).hasSize(1);
        return matching.get(0);
    }
}
