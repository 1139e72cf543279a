package io.engagementlake.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pieces shared by the gold tables of this package: {@code GROUPING SETS} from Java (Spark's
 * Dataset API takes Scala sequences), the {@code ALL} label of a rolled-up column, the end of
 * the as-of day and the money type.
 */
final class GoldColumns {
    /** The label of a row that stands for every value of a column (segment, touchpoint, device). */
    static final String ALL = "ALL";

    /** Money in the reporting currency, as in silver transactions. */
    static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

    private GoldColumns() {}

    /**
     * {@code GROUP BY groupBy GROUPING SETS (sets)}: one pass over {@code rows} (an Expand,
     * then one aggregation) instead of one scan per level of detail.
     */
    static RelationalGroupedDataset groupingSets(Dataset<Row> rows, List<List<Column>> sets, Column... groupBy) {
        List<scala.collection.immutable.Seq<Column>> scalaSets = sets.stream()
                .map(set -> CollectionConverters.asScala(set).toSeq())
                .toList();
        return rows.groupingSets(CollectionConverters.asScala(scalaSets).toSeq(), groupBy);
    }

    /** The grouped value of {@code column}, or {@link #ALL} in the rows of a grouping set without it. */
    static Column valueOrAll(String column) {
        return when(grouping(col(column)).equalTo(lit(1)), lit(ALL)).otherwise(col(column));
    }
}
