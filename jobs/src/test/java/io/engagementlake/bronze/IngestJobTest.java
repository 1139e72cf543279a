package io.engagementlake.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.io.RawFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestJobTest {
    @Test
    void schemaDriftIsRecordedPerFileWithExtraAndMissingColumnsMarked() {
        Map<String, List<String>> recorded = IngestJob.driftColumns(List.of(
                new RawFiles.ColumnDrift("file:/raw/surveys/date=2025-01-02/b.csv", List.of("channel"), List.of("comment")),
                new RawFiles.ColumnDrift("file:/raw/surveys/date=2025-01-02/a.csv", List.of("x", "y"), List.of())));

        assertThat(recorded).containsExactly(
                Map.entry("file:/raw/surveys/date=2025-01-02/a.csv", List.of("+x", "+y")),
                Map.entry("file:/raw/surveys/date=2025-01-02/b.csv", List.of("+channel", "-comment")));
    }

    @Test
    void pathsSpelledDifferentlyBySparkAndTheListingAreTheSameFile() {
        assertThat(IngestJob.normalize("file:/tmp/raw/a.csv")).isEqualTo(IngestJob.normalize("file:///tmp/raw/a.csv"));
    }
}
