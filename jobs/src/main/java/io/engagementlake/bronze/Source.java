package io.engagementlake.bronze;

import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import java.util.Arrays;
import java.util.Locale;

/** The four landed sources of spec §5, with their format and the column that identifies a row. */
public enum Source {
    CUSTOMERS("customer_id"),
    TRANSACTIONS("transaction_id"),
    CLICKSTREAM("event_id"),
    SURVEYS("response_id");

    private final String idColumn;

    Source(String idColumn) {
        this.idColumn = idColumn;
    }

    /** The folder name under {@code lake.raw} and the name of its bronze and quarantine tables. */
    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String idColumn() {
        return idColumn;
    }

    public TableContract rawContract() {
        return Contracts.load("raw", folder());
    }

    public boolean isJsonLines() {
        return "jsonl".equals(rawContract().format());
    }

    public static Source fromFolder(String folder) {
        return Arrays.stream(values()).filter(source -> source.folder().equals(folder)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown source " + folder));
    }
}
