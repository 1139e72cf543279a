package io.engagementlake.pipeline;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the rows of one source went in one run (spec §5.1): read = kept + quarantined + dropped.
 */
public record RowAccounting(
        long read,
        long kept,
        long quarantined,
        long dropped,
        Map<String, Long> quarantinedByReason,
        Map<String, Long> droppedByReason) {

    public RowAccounting {
        quarantinedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByReason));
        droppedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(droppedByReason));
    }

    /** Fails loudly when rows were lost or counted twice. */
    public RowAccounting verify(String source) {
        long byReasonQuarantined = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        long byReasonDropped = droppedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (read != kept + quarantined + dropped || byReasonQuarantined != quarantined || byReasonDropped != dropped) {
            throw new EngagementException(ErrorCode.RECONCILIATION_FAILED, String.format(
                    "%s: rows read (%d) != kept (%d) + quarantined (%d) + dropped (%d); by reason: quarantined %s, dropped %s",
                    source, read, kept, quarantined, dropped, quarantinedByReason, droppedByReason));
        }
        return this;
    }
}
