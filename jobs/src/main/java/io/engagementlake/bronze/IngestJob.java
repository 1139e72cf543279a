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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        List<String> newFiles = landed.stream()
                .map(LandedFile::path)
                .filter(path -> !ingested.contains(normalize(path)))
                .toList();
        if (newFiles.isEmpty()) {
            LOG.info("{}: no new files ({} landed on or before {})", name(), landed.size(), context.asOf());
            return JobResult.ingestion(source.folder(), 0, 0, Map.of(bronze.qualifiedName(), 0L));
        }
        Dataset<Row> rows = source.isJsonLines()
                ? RawFiles.readJsonLines(context.spark(), source.rawContract(), newFiles)
                : RawFiles.readCsv(context.spark(), source.rawContract(), newFiles);
        WriteResult write = context.lake().append(bronze, rows.withColumn("_ingest_run_id", lit(context.runId())), context.tag(name()));
        LOG.info("{}: {} new files, {} rows -> {}", name(), newFiles.size(), write.rowsWritten(), bronze.qualifiedName());
        return JobResult.ingestion(source.folder(), newFiles.size(), write.rowsWritten(), Map.of(write.table(), write.rowsWritten()));
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
