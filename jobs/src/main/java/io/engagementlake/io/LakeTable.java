package io.engagementlake.io;

import static java.util.Objects.requireNonNull;

import io.engagementlake.config.ColumnContract;
import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import java.util.ArrayList;
import java.util.List;

/**
 * A Delta table of the lake: the name analysts use ({@code database.name}) and its contract.
 * It lives at {@code <lake.root>/<database>/<name>}.
 */
public record LakeTable(String database, String name, TableContract contract) {
    public static final String GOLD_DATABASE = "engagement";
    public static final String SILVER_DATABASE = "silver";
    public static final String BRONZE_DATABASE = "bronze";

    /** Lineage columns bronze adds in front of a source's raw columns. */
    public static final List<ColumnContract> BRONZE_LINEAGE = List.of(
            new ColumnContract("_landing_date", "date", false, "Landing date of the file, from its folder date=YYYY-MM-DD."),
            new ColumnContract("_landing_file", "string", false, "Full path of the landed file."),
            new ColumnContract("_record_index", "bigint", false, "Increases with the row's position within its file; orders copies of an id (values depend on which files one ingestion read together)."),
            new ColumnContract("_malformed_text", "string", true, "The raw record when it could not be parsed; null otherwise."),
            new ColumnContract("_ingest_run_id", "string", false, "Run that appended the row."));

    public LakeTable {
        requireNonNull(database, "database is null");
        requireNonNull(name, "name is null");
        requireNonNull(contract, "contract is null");
    }

    public String qualifiedName() {
        return database + "." + name;
    }

    public static LakeTable silver(String name) {
        return new LakeTable(SILVER_DATABASE, name, Contracts.load("silver", name));
    }

    public static LakeTable gold(String name) {
        return new LakeTable(GOLD_DATABASE, name, Contracts.load("gold", name));
    }

    public static LakeTable pipelineRuns() {
        return new LakeTable(GOLD_DATABASE, "pipeline_runs", Contracts.load("ops", "pipeline_runs"));
    }

    /** {@code engagement.<source>_quarantine}: kept beside the gold tables, where people look. */
    public static LakeTable quarantine(String source) {
        return new LakeTable(GOLD_DATABASE, source + "_quarantine", Contracts.load("bronze", "quarantine"));
    }

    /**
     * {@code bronze.<source>}: every landed row as text, with lineage. Its contract is the raw
     * contract with every column as string, so a row is stored before anything can reject it.
     */
    public static LakeTable bronze(String source) {
        TableContract raw = Contracts.load("raw", source);
        List<ColumnContract> columns = new ArrayList<>(BRONZE_LINEAGE);
        for (ColumnContract column : raw.columns()) {
            columns.add(new ColumnContract(column.name(), "string", true, column.description() + " (as landed, unparsed)"));
        }
        // Not partitioned by landing date: a landing zone of years of small daily files would
        // become as many tiny Parquet files. Each append holds the few dates that landed since
        // the last run, so Delta's min/max statistics on _landing_date still skip files.
        TableContract contract = new TableContract(source, BRONZE_DATABASE, "bronze",
                "Every row landed in " + source + ", unparsed, with where and when it landed.",
                "one row per landed row", null, List.of("_landing_file", "_record_index"), List.of(), columns);
        return new LakeTable(BRONZE_DATABASE, source, contract);
    }
}
