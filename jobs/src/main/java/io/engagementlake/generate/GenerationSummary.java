package io.engagementlake.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one generator run wrote, also stored as {@code <out>/_manifest.json} (written last, so
 * its presence means the landing zone is complete). Contains nothing that varies between runs
 * with the same options, so the manifest is byte-identical like the data files.
 *
 * @param formatVersion version of this manifest layout
 * @param customers     the {@code --customers} option
 * @param days          the {@code --days} option
 * @param startDate     first landing date
 * @param endDate       last landing date
 * @param seed          the {@code --seed} option
 * @param threads       worker threads, i.e. part files per landing folder at most
 * @param sources       per source folder name ({@code customers}, {@code transactions},
 *                      {@code clickstream}, {@code surveys}), in that order
 */
@JsonPropertyOrder({"format_version", "customers", "days", "start_date", "end_date", "seed", "threads",
        "total_rows", "total_files", "sources"})
public record GenerationSummary(
        int formatVersion,
        int customers,
        int days,
        @JsonSerialize(using = ToStringSerializer.class) LocalDate startDate,
        @JsonSerialize(using = ToStringSerializer.class) LocalDate endDate,
        long seed,
        int threads,
        Map<String, SourceSummary> sources) {

    public static final int FORMAT_VERSION = 1;

    public GenerationSummary {
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(endDate, "endDate");
        // Insertion order is kept (Map.copyOf would not), so the manifest is byte-identical.
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** The summary of one source. */
    public SourceSummary source(LandingSource source) {
        return sources.get(source.folderName());
    }

    @JsonProperty("total_rows")
    public long totalRows() {
        return sources.values().stream().mapToLong(SourceSummary::rows).sum();
    }

    @JsonProperty("total_files")
    public long totalFiles() {
        return sources.values().stream().mapToLong(SourceSummary::files).sum();
    }
}
