package io.engagementlake.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the run report of an as-of date lives ({@code <lake.root>/reports/<as-of>/index.html})
 * and the one place that writes it. It goes through Hadoop's FileSystem like the tables, so a
 * lake on {@code s3a://} gets its reports beside its tables.
 */
public final class RunReportFile {
    private RunReportFile() {}

    /** The report of {@code asOf} under the lake root {@code lakeRoot}. */
    public static String location(String lakeRoot, LocalDate asOf) {
        String root = lakeRoot.endsWith("/") ? lakeRoot.substring(0, lakeRoot.length() - 1) : lakeRoot;
        return root + "/reports/" + asOf + "/index.html";
    }

    /** Writes {@code html} (UTF-8) to {@code location}, replacing an earlier report of the same date. */
    public static void write(Configuration hadoop, String location, String html) {
        Path path = new Path(location);
        try {
            FileSystem files = path.getFileSystem(hadoop);
            if (files instanceof ChecksumFileSystem checksummed) {
                // A local lake would otherwise get a hidden .index.html.crc beside the page.
                files = checksummed.getRawFileSystem();
            }
            try (FSDataOutputStream out = files.create(path, true)) {
                out.write(html.getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report " + location + ": " + e.getMessage(), e);
        }
    }
}
