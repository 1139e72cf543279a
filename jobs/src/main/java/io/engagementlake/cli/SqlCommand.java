package io.engagementlake.cli;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import io.engagementlake.serve.LakeCatalog;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sql "SELECT ..."}: one Spark SQL statement over the lake's tables, gold and
 * operational tables by bare name, the others as {@code silver.x} / {@code bronze.x}.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run a Spark SQL query over the lake's tables.")
final class SqlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "QUERY", description = "The SQL statement.")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "table, csv (header + RFC 4180 rows) or json (one object per line); default: ${DEFAULT-VALUE}.")
    ResultPrinter.Format format;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        try (PipelineSession session = PipelineSession.open(configOptions.load())) {
            List<LakeTable> tables = new ArrayList<>(session.graph().tables());
            tables.add(LakeTable.pipelineRuns());
            LakeCatalog.register(session.spark(), session.lake(), tables);
            Dataset<Row> result;
            try {
                result = session.spark().sql(query);
            }
            catch (RuntimeException e) {
                throw e;
            }
            catch (Exception e) {
                // Scala does not declare it, but parse and analysis errors arrive here, checked.
                if (e instanceof AnalysisException) {
                    throw new EngagementException(ErrorCode.BAD_QUERY, Errors.oneLine(e), e);
                }
                throw new IllegalStateException(e);
            }
            PrintStream out = System.out;
            ResultPrinter.print(result, format, out);
            out.flush();
        }
        return 0;
    }
}
