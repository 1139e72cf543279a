package io.engagementlake.io;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** One file in the landing zone: its full path, the landing date of its folder, its size. */
public record LandedFile(String path, LocalDate landingDate, long sizeBytes) {
    public LandedFile {
        requireNonNull(path, "path is null");
        requireNonNull(landingDate, "landingDate is null");
    }
}
