package io.engagementlake.config;

import static java.util.Objects.requireNonNull;

/** One column of a table contract: name, Spark SQL type, nullability and what it means. */
public record ColumnContract(String name, String type, boolean nullable, String description) {
    public ColumnContract {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("column name must be snake_case, got '" + name + "'");
        }
    }
}
