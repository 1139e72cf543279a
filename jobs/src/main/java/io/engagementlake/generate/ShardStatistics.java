package io.engagementlake.generate;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counters of one shard, merged into the {@link GenerationSummary} at the end. */
final class ShardStatistics {
    private static final int SOURCES = LandingSource.values().length;

    final long[] rows = new long[SOURCES];
    final long[] files = new long[SOURCES];
    final long[] validRows = new long[SOURCES];
    final long[] lateArrivals = new long[SOURCES];
    final long[] lateMasterData = new long[SOURCES];
    final long[] duplicates = new long[SOURCES];
    final long[] updatedAtTies = new long[SOURCES];
    final long[][] badRows = new long[SOURCES][BadRowKind.values().length];

    void add(ShardStatistics other) {
        for (int source = 0; source < SOURCES; source++) {
            rows[source] += other.rows[source];
            files[source] += other.files[source];
            validRows[source] += other.validRows[source];
            lateArrivals[source] += other.lateArrivals[source];
            lateMasterData[source] += other.lateMasterData[source];
            duplicates[source] += other.duplicates[source];
            updatedAtTies[source] += other.updatedAtTies[source];
            for (int kind = 0; kind < badRows[source].length; kind++) {
                badRows[source][kind] += other.badRows[source][kind];
            }
        }
    }

    SourceSummary summary(LandingSource source) {
        int sourceIndex = source.ordinal();
        Map<String, Long> bad = new LinkedHashMap<>();
        for (BadRowKind kind : source.badRowKinds()) {
            bad.put(kind.code(), badRows[sourceIndex][kind.ordinal()]);
        }
        return new SourceSummary(rows[sourceIndex], files[sourceIndex], validRows[sourceIndex], lateArrivals[sourceIndex], lateMasterData[sourceIndex],
                duplicates[sourceIndex], updatedAtTies[sourceIndex], bad);
    }
}
