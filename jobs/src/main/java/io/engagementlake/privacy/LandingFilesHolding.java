package io.engagementlake.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_like;

import io.engagementlake.bronze.Source;
import io.engagementlake.io.LandedFile;
import io.engagementlake.io.LandingZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The landing files (under {@code lake.raw}) that still hold a customer: its id or one of its
 * stitched anonymous ids as a whole word, or one of its emails, on some line. The landing zone
 * belongs to whoever delivers the files, so forget does not rewrite it: it lists these files for
 * the operator, who must remove or rewrite them, or the next run would ingest the customer
 * again from any file bronze does not hold.
 * Every file of every source and landing date is read as text (gzip files decompressed), so
 * files landed after the last run are found too.
 */
public final class LandingFilesHolding {
    private LandingFilesHolding() {}

    /** The paths of the landing files that mention {@code who}, sorted; empty when the landing zone does not exist. */
    public static List<String> find(SparkSession spark, String raw, CustomerIdentity who) {
        Path root = new Path(raw);
        try {
            if (!root.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(root)) {
                return List.of();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the landing zone " + raw + ": " + e.getMessage(), e);
        }
        LandingZone landingZone = new LandingZone(raw, spark.sparkContext().hadoopConfiguration());
        TreeSet<String> holding = new TreeSet<>();
        // One read per source, as ingestion reads them: one Spark read over several sources'
        // date=... folders would see conflicting partition layouts.
        for (Source source : Source.values()) {
            List<String> files = new ArrayList<>();
            landingZone.list(source.folder(), LocalDate.MAX).stream().map(LandedFile::path).forEach(files::add);
            if (files.isEmpty()) {
                continue;
            }
            spark.read().format("text").load(files.toArray(String[]::new))
                    .where(regexp_like(col("value"), lit(who.textPattern())))
                    .select(col("_metadata.file_path"))
                    .distinct()
                    .collectAsList()
                    .forEach(row -> holding.add(row.getString(0)));
        }
        return List.copyOf(holding);
    }
}
