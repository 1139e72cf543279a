package io.engagementlake;

import io.engagementlake.bronze.Source;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small inline bronze rows for transformation tests: lineage first, then the source's raw
 * columns as text, in contract order.
 */
public final class BronzeRows {
    private final Source source;
    private final List<Row> rows = new ArrayList<>();
    private long nextIndex;

    private BronzeRows(Source source) {
        this.source = source;
    }

    public static BronzeRows of(Source source) {
        return new BronzeRows(source);
    }

    /** A parsed row landed on {@code landingDate} in file {@code file}; values in contract order. */
    public BronzeRows row(String landingDate, String file, String... values) {
        int width = source.rawContract().columns().size();
        if (values.length != width) {
            throw new IllegalArgumentException("expected " + width + " values, got " + values.length);
        }
        Object[] fields = new Object[5 + width];
        fields[0] = Date.valueOf(landingDate).toLocalDate();
        fields[1] = "file:///landing/" + source.folder() + "/date=" + landingDate + "/" + file;
        fields[2] = nextIndex++;
        fields[3] = null;
        System.arraycopy(values, 0, fields, 5, width);
        fields[4] = "test-run";
        rows.add(RowFactory.create(fields));
        return this;
    }

    /** A row that did not parse: only its raw text is known. */
    public BronzeRows malformed(String landingDate, String file, String rawText) {
        int width = source.rawContract().columns().size();
        Object[] fields = new Object[5 + width];
        fields[0] = Date.valueOf(landingDate).toLocalDate();
        fields[1] = "file:///landing/" + source.folder() + "/date=" + landingDate + "/" + file;
        fields[2] = nextIndex++;
        fields[3] = rawText;
        fields[4] = "test-run";
        rows.add(RowFactory.create(fields));
        return this;
    }

    public Dataset<Row> toDataset() {
        StructType schema = new StructType()
                .add("_landing_date", DataTypes.DateType, false)
                .add("_landing_file", DataTypes.StringType, false)
                .add("_record_index", DataTypes.LongType, false)
                .add("_malformed_text", DataTypes.StringType, true)
                .add("_ingest_run_id", DataTypes.StringType, false);
        for (String column : source.rawContract().columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return SparkTestSession.get().createDataFrame(rows, schema);
    }
}
