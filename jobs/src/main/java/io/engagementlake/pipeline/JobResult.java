package io.engagementlake.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What a job did, for the run records: for ingestion the files and rows it landed, for
 * silver the accounting of its source, and always the rows written per output table.
 * {@code schemaDrift}: for ingestion, the landing files whose columns differ from the contract,
 * with those columns ({@code +name} extra, {@code -name} missing); empty otherwise.
 */
public record JobResult(String source, Long filesLanded, Long rowsLanded, RowAccounting accounting, Map<String, Long> outputRows,
        Map<String, List<String>> schemaDrift) {
    public JobResult {
        // Sorted, so that run records list tables in the same order every run.
        outputRows = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(outputRows));
        schemaDrift = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(schemaDrift));
    }

    public static JobResult ingestion(String source, long files, long rows, Map<String, Long> outputRows) {
        return ingestion(source, files, rows, outputRows, Map.of());
    }

    public static JobResult ingestion(String source, long files, long rows, Map<String, Long> outputRows,
            Map<String, List<String>> schemaDrift) {
        return new JobResult(source, files, rows, null, outputRows, schemaDrift);
    }

    public static JobResult output(Map<String, Long> outputRows) {
        return new JobResult(null, null, null, null, outputRows, Map.of());
    }

    public static JobResult silver(String source, RowAccounting accounting, Map<String, Long> outputRows) {
        return new JobResult(source, null, null, accounting, outputRows, Map.of());
    }
}
