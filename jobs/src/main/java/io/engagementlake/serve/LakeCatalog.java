package io.engagementlake.serve;

import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the lake's tables queryable by name in a session: gold and operational tables in
 * {@code engagement} (the default database), the others in {@code silver} and {@code bronze}.
 */
public final class LakeCatalog {
    private LakeCatalog() {}

    /** Registers every table of {@code tables} that exists; returns the names registered. */
    public static List<String> register(SparkSession spark, Lake lake, List<LakeTable> tables) {
        Set<String> databases = new LinkedHashSet<>(List.of(LakeTable.GOLD_DATABASE, LakeTable.SILVER_DATABASE, LakeTable.BRONZE_DATABASE));
        databases.forEach(database -> spark.sql("CREATE DATABASE IF NOT EXISTS " + database));
        List<String> registered = new ArrayList<>();
        for (LakeTable table : tables) {
            if (!lake.exists(table)) {
                continue;
            }
            spark.sql("CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " USING delta LOCATION '"
                    + lake.location(table).replace("'", "\\'") + "'");
            registered.add(table.qualifiedName());
        }
        spark.sql("USE " + LakeTable.GOLD_DATABASE);
        return registered;
    }
}
