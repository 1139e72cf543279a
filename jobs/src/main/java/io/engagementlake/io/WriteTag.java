package io.engagementlake.io;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** What a commit records about the run that made it (Delta's per-commit userMetadata). */
public record WriteTag(LocalDate asOfDate, String runId, String job) {
    public WriteTag {
        requireNonNull(asOfDate, "asOfDate is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(job, "job is null");
    }

    String toJson() {
        // Values are dates and ids of our own making: no characters that need escaping.
        return "{\"as_of_date\":\"" + asOfDate + "\",\"run_id\":\"" + runId + "\",\"job\":\"" + job + "\"}";
    }
}
