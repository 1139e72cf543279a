package io.engagementlake.serve;

import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the lake's tables queryable by name in a session: gold and operational tables in
 * {@code engagement} (the default database), the others in {@code silver} and {@code bronze}.
 * Jobs register what they write as they write it; this catches up a catalog that has not seen
 * the lake yet (a fresh in-memory catalog, a new metastore, a lake copied from elsewhere).
 */
public final class LakeCatalog {
    private LakeCatalog() {}

    /** Registers every table of {@code tables} that exists; returns the names registered. */
    public static List<String> register(SparkSession spark, Lake lake, List<LakeTable> tables) {
        List<String> registered = new ArrayList<>();
        for (LakeTable table : tables) {
            if (!lake.exists(table)) {
                continue;
            }
            lake.register(table);
            registered.add(table.qualifiedName());
        }
        // Every database of the lake exists from the first command on, so that an analyst's
        // SHOW TABLES IN bronze on a lake whose first run has not reached it yet lists nothing
        // instead of failing.
        tables.stream().map(LakeTable::database).distinct().forEach(lake::ensureDatabase);
        lake.ensureDatabase(LakeTable.GOLD_DATABASE);
        spark.sql("USE " + LakeTable.GOLD_DATABASE);
        return registered;
    }
}
