package io.engagementlake.cli;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code export TABLE}: a table (or one as-of snapshot of it) as plain Parquet or CSV files,
 * for tools that read files rather than Delta tables or SQL endpoints. Spark writes the
 * folder in parallel, one part file per task, so the size of the table does not matter.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a table as Parquet or CSV files into a folder.")
final class ExportCommand implements Callable<Integer> {
    enum Format { parquet, csv }

    @Parameters(paramLabel = "TABLE", description = "A table name: customer_engagement, silver.transactions, ...")
    String table;

    @Option(names = "--format", required = true, description = "parquet or csv (header row, RFC 4180 quoting, UTF-8).")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create (local path or any Hadoop file system URI).")
    String out;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Only the snapshot of this as-of date (tables with an as_of_date column).")
    LocalDate asOf;

    @Option(names = "--overwrite", description = "Replace DIR if it exists.")
    boolean overwrite;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        try (PipelineSession session = PipelineSession.open(configOptions.load())) {
            session.registerTables();
            String name = table.contains(".") ? table : LakeTable.GOLD_DATABASE + "." + table;
            if (!session.spark().catalog().tableExists(name)) {
                throw new EngagementException(ErrorCode.BAD_ARGUMENT, "table " + table + " does not exist in the lake"
                        + " (gold tables by bare name, others as silver.<table> / bronze.<table>; see 'engagement jobs')");
            }
            Dataset<Row> data = session.spark().table(name);
            if (asOf != null) {
                if (!Arrays.asList(data.columns()).contains("as_of_date")) {
                    throw new EngagementException(ErrorCode.BAD_ARGUMENT, "table " + table + " has no as_of_date column; drop --as-of");
                }
                data = data.where(functions.col("as_of_date").equalTo(functions.lit(asOf)));
            }
            Path target = new Path(out);
            FileSystem fileSystem = target.getFileSystem(session.spark().sparkContext().hadoopConfiguration());
            if (fileSystem.exists(target) && !overwrite) {
                throw new EngagementException(ErrorCode.BAD_ARGUMENT, out + " exists; choose another --out or add --overwrite");
            }
            var writer = data.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
            switch (format) {
                case parquet -> writer.parquet(out);
                case csv -> writer
                        .option("header", "true")
                        // RFC 4180: quotes inside a field are doubled, not backslash-escaped.
                        .option("escape", "\"")
                        .option("encoding", "UTF-8")
                        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
                        .csv(out);
            }
            long files = Arrays.stream(fileSystem.listStatus(target)).filter(status -> status.getPath().getName().startsWith("part-")).count();
            System.err.println("engagement: exported " + name + (asOf == null ? "" : " as of " + asOf) + " to " + fileSystem.makeQualified(target)
                    + " (" + files + " " + format + " part file" + (files == 1 ? "" : "s") + ")");
        }
        return 0;
    }
}
