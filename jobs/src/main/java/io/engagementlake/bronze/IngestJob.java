package io.engagementlake.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.engagementlake.io.LakeTable;
import io.engagementlake.io.LandedFile;
import io.engagementlake.io.RawFiles;
import io.engagementlake.io.WriteResult;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest_<source>}: appends every landing file of the source with a landing date on
 * or before the as-of date that bronze does not hold yet. Landed files are immutable: a file
 * already in bronze is not read again, so a daily run reads only that day's files.
 */
public final class IngestJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    private final Source source;

    public IngestJob(Source source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "ingest_" + source.folder();
    }

    @Override
    public String description() {
        return "Append new " + source.folder() + " landing files to bronze." + source.folder() + ", unparsed, with their lineage";
    }

    @Override
    public List<String> dependsOn() {
        return List.of();
    }

    @Override
    public List<String> rawInputs() {
        return List.of("raw/" + source.folder());
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of();
    }

    @Override
    public List<LakeTable> outputs() {
        return List.of(LakeTable.bronze(source.folder()));
    }

    @Override
    public JobResult run(JobContext context) {
        LakeTable bronze = LakeTable.bronze(source.folder());
        List<LandedFile> landed = context.landingZone().list(source.folder(), context.asOf());
        Set<String> ingested = context.lake().exists(bronze) ? ingestedFiles(context, bronze) : Set.of();
        List<LandedFile> notIngested = landed.stream()
                .filter(file -> !ingested.contains(normalize(file.path())))
                .toList();
        // A file of zero bytes holds no record in any format (a zero-byte .gz is not even a gzip
        // stream): not handed to the readers, only logged; it has no rows to lose.
        List<String> emptyFiles = notIngested.stream().filter(file -> file.sizeBytes() == 0).map(LandedFile::path).toList();
        if (!emptyFiles.isEmpty()) {
            LOG.info("{}: {} empty files skipped: {}", name(), emptyFiles.size(), emptyFiles);
        }
        List<String> newFiles = notIngested.stream().filter(file -> file.sizeBytes() > 0).map(LandedFile::path).toList();
        if (newFiles.isEmpty()) {
            LOG.info("{}: no new files ({} landed on or before {})", name(), landed.size(), context.asOf());
            return JobResult.ingestion(source.folder(), 0, 0, Map.of(bronze.qualifiedName(), 0L));
        }
        Dataset<Row> rows;
        List<RawFiles.ColumnDrift> drift;
        if (source.isJsonLines()) {
            rows = RawFiles.readJsonLines(context.spark(), source.rawContract(), newFiles);
            drift = RawFiles.jsonDrift(context.spark(), source.rawContract(), newFiles);
        }
        else {
            Map<String, List<String>> headers = RawFiles.csvHeaders(context.spark().sparkContext().hadoopConfiguration(), newFiles);
            rows = RawFiles.readCsv(context.spark(), source.rawContract(), headers);
            drift = RawFiles.csvDrift(source.rawContract(), headers);
        }
        reportDrift(drift);
        WriteResult write = context.lake().append(bronze, rows.withColumn("_ingest_run_id", lit(context.runId())), context.tag(name()));
        LOG.info("{}: {} new files, {} rows -> {}", name(), newFiles.size(), write.rowsWritten(), bronze.qualifiedName());
        return JobResult.ingestion(source.folder(), newFiles.size(), write.rowsWritten(), Map.of(write.table(), write.rowsWritten()),
                driftColumns(drift));
    }

    /** Landing file -> {@code +column} for each extra column, {@code -column} for each missing one: for the run record. */
    static Map<String, List<String>> driftColumns(List<RawFiles.ColumnDrift> drift) {
        Map<String, List<String>> columns = new TreeMap<>();
        for (RawFiles.ColumnDrift file : drift) {
            List<String> changes = new ArrayList<>();
            file.extra().forEach(column -> changes.add("+" + column));
            file.missing().forEach(column -> changes.add("-" + column));
            columns.put(file.file(), changes);
        }
        return columns;
    }

    /**
     * Schema drift is accepted: the rows of a file with extra columns are read by column name
     * and judged as usual, the extra values are not stored. One WARN line per file says so,
     * for whoever owns the feed to update the contract or the producer.
     */
    private void reportDrift(List<RawFiles.ColumnDrift> drift) {
        for (RawFiles.ColumnDrift file : drift) {
            LOG.warn("{}: schema drift in {}: extra columns {} (not stored), missing columns {} (read as empty); rows accepted",
                    name(), file.file(), file.extra(), file.missing());
        }
    }

    /** The landing files bronze already holds; a list of file names, small next to the data. */
    private static Set<String> ingestedFiles(JobContext context, LakeTable bronze) {
        Set<String> files = new HashSet<>();
        context.lake().read(bronze)
                .where(col("_landing_date").leq(lit(java.sql.Date.valueOf(context.asOf()))))
                .select("_landing_file")
                .distinct()
                .toLocalIterator()
                .forEachRemaining(row -> files.add(normalize(row.getString(0))));
        return files;
    }

    /** Spark and the Hadoop listing spell the same file differently (file:/ vs file:///). */
    static String normalize(String path) {
        return new Path(path).toUri().normalize().toString().replaceFirst("^file:/+", "file:///");
    }
}
