package io.engagementlake.serve;

import io.engagementlake.io.LakeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the lake's gold and operational tables queryable in Trino as
 * {@code delta.engagement.<table>}, the names {@code sql} uses: Trino's Delta Lake connector
 * reads each table's own transaction log, and the metastore holds only where each table lives
 * ({@code register_table}). The Trino counterpart of {@link LakeCatalog}.
 */
final class TrinoCatalog {
    static final String CATALOG = "delta";
    static final String SCHEMA = LakeTable.GOLD_DATABASE;

    private TrinoCatalog() {}

    /** The tables of {@code tables} that {@code bi} serves: those of the gold database. */
    static List<LakeTable> served(List<LakeTable> tables) {
        return tables.stream().filter(table -> table.database().equals(SCHEMA)).toList();
    }

    /**
     * Registers every table of {@code tables} that exists under {@code lakeRoot} in a freshly
     * emptied metastore; returns the names registered.
     */
    static List<String> register(Connection connection, Path lakeRoot, List<LakeTable> tables) throws SQLException {
        List<String> registered = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + CATALOG + "." + SCHEMA);
            for (LakeTable table : tables) {
                Path location = lakeRoot.resolve(table.database()).resolve(table.name());
                if (!Files.isDirectory(location.resolve("_delta_log"))) {
                    continue;
                }
                // Trino's locations are plain strings, not URIs: no percent-encoding of the path.
                statement.execute("CALL " + CATALOG + ".system.register_table(schema_name => " + literal(SCHEMA)
                        + ", table_name => " + literal(table.name())
                        + ", table_location => " + literal("file://" + location.toAbsolutePath()) + ")");
                registered.add(table.name());
            }
        }
        return registered;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
