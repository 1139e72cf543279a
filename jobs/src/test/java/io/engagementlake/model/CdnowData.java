package io.engagementlake.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDNOW files of {@code shared/data/cdnow/}, found beside the checkout through the
 * {@code engagement.home} system property that Surefire sets, and the sample summarised once
 * per test JVM (the summaries are immutable, so sharing them is safe).
 */
final class CdnowData {

    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);
    /** 1997-10-01 to 1998-06-30: 273 days, 39 weeks. */
    static final double HOLDOUT_WEEKS = 39.0;

    private static final List<CustomerSummary> SAMPLE_SUMMARY = summarizeSample();

    private CdnowData() {
    }

    static Path directory() {
        String home = System.getProperty("engagement.home");
        if (home == null) {
            throw new IllegalStateException("system property engagement.home is not set (run the tests through Maven)");
        }
        return Path.of(home).resolve("../shared/data/cdnow").normalize();
    }

    static Path file(String name) {
        return directory().resolve(name);
    }

    /** The 2,357 sample customers, calibration to 1997-09-30 in weeks, holdout to 1998-06-30. */
    static List<CustomerSummary> sampleSummary() {
        return SAMPLE_SUMMARY;
    }

    /** Rows of a small comma-separated file, header dropped, CR stripped. */
    static List<String[]> csvRows(String name) {
        try {
            List<String[]> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(file(name));
            for (String line : lines.subList(1, lines.size())) {
                String stripped = line.strip();
                if (!stripped.isEmpty()) {
                    rows.add(stripped.split(","));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CustomerSummary> summarizeSample() {
        try {
            return TransactionHistory.read(file("CDNOW_sample.txt"), TransactionFileFormat.CDNOW)
                    .summarize(CALIBRATION_END, HOLDOUT_END, ModelTimeUnit.WEEKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
