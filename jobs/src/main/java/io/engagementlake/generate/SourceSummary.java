package io.engagementlake.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the generator wrote for one source. Every written row is counted in exactly one of
 * {@code validRows}, {@code duplicates} or one entry of {@code badRows}, so
 * {@code rows = validRows + duplicates + badRowsTotal()}. {@code lateArrivals},
 * {@code lateMasterData} and {@code updatedAtTies} describe subsets of the valid rows.
 *
 * @param rows           data rows written (headers not counted; a CSV row may span lines)
 * @param files          files written (no empty files are written)
 * @param validRows      rows that satisfy the contract, including late arrivals and late
 *                       master data; the pipeline keeps them (or, for customers, supersedes
 *                       older versions; for clickstream, may exclude them for lack of consent)
 * @param lateArrivals   valid rows landing 1 or 2 days after the UTC date of their timestamp
 *                       ({@code updated_at} for customers)
 * @param lateMasterData transactions and surveys: valid rows landing before their customer's
 *                       first customers row (quarantined as {@code unknown_customer} until it
 *                       lands); customers: the number of customers whose first row lands 2–5 days
 *                       after their signup day
 * @param duplicates     exact re-sends of an earlier valid row (same id and content) landing the
 *                       same day or up to 3 days later
 * @param updatedAtTies  customers only: change rows whose {@code updated_at} equals the
 *                       customer's previous row's but which land on a later date and so win
 * @param badRows        injected bad rows by reason code, every kind of the source listed
 */
public record SourceSummary(
        long rows,
        long files,
        long validRows,
        long lateArrivals,
        long lateMasterData,
        long duplicates,
        long updatedAtTies,
        Map<String, Long> badRows) {

    public SourceSummary {
        // Insertion order is kept (Map.copyOf would not), so the manifest is byte-identical.
        badRows = Collections.unmodifiableMap(new LinkedHashMap<>(badRows));
    }

    /** All injected bad rows of the source. */
    @JsonProperty("bad_rows_total")
    public long badRowsTotal() {
        return badRows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Injected bad rows of one kind (0 for kinds the source does not get). */
    public long badRows(BadRowKind kind) {
        return badRows.getOrDefault(kind.code(), 0L);
    }
}
