package io.engagementlake.cli;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.pipeline.RunFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sql}: Spark SQL over the lake's tables, gold and operational tables by bare name,
 * the others as {@code silver.x} / {@code bronze.x}. One query string, a file of statements
 * ({@code -f}), or an interactive prompt when neither is given. Delta time travel
 * ({@code VERSION AS OF}, {@code TIMESTAMP AS OF}) and {@code DESCRIBE HISTORY} work on every
 * table.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run Spark SQL over the lake's tables: a query, a file of statements (-f), or an interactive prompt.",
            "Gold and run tables by bare name (database engagement), others as silver.<table> / bronze.<table>."})
final class SqlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "QUERY", arity = "0..1", description = "The SQL statement(s); separate several with ';'.")
    String query;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Run the statements of FILE in order, stopping at the first failure.")
    Path file;

    @Option(names = "--format", defaultValue = "table", description = "table, csv (header + RFC 4180 rows) or json (one object per line); default: ${DEFAULT-VALUE}.")
    ResultPrinter.Format format;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        if (query != null && file != null) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "give a QUERY or -f FILE, not both");
        }
        String script = file == null ? null : readScript(file);
        try (PipelineSession session = PipelineSession.open(configOptions.load())) {
            session.registerTables();
            if (query != null) {
                runAll(session.spark(), SqlScript.parse(query), null);
            }
            else if (script != null) {
                runAll(session.spark(), SqlScript.parse(script), file);
            }
            else {
                interactive(session.spark());
            }
        }
        return 0;
    }

    /** Runs every statement in order; the first failure ends the command, naming where it was. */
    private void runAll(SparkSession spark, SqlScript script, Path source) {
        List<SqlScript.Statement> statements = script.allStatements();
        for (int i = 0; i < statements.size(); i++) {
            SqlScript.Statement statement = statements.get(i);
            try {
                execute(spark, statement.text(), i > 0);
            }
            catch (EngagementException e) {
                if (source == null && statements.size() == 1) {
                    throw e;
                }
                String where = (source == null ? "statement " : source.getFileName() + ": statement ") + (i + 1) + " (line " + statement.line() + ")";
                throw new EngagementException(e.code(), where + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads statements from stdin until {@code exit}, {@code quit} or end of input; a failing
     * statement prints its one-line error and the prompt goes on. The prompt shows only on a
     * terminal, so piped input gives clean output.
     */
    private void interactive(SparkSession spark) {
        boolean terminal = System.console() != null;
        PrintStream out = System.out;
        if (terminal) {
            out.println("Spark SQL over the lake; end statements with ';', 'exit;' to leave.");
        }
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        boolean printed = false;
        try {
            while (true) {
                if (terminal) {
                    out.print(pending.isEmpty() ? "engagement> " : "         -> ");
                    out.flush();
                }
                String line = input.readLine();
                if (line == null) {
                    break;
                }
                pending.append(line).append('\n');
                SqlScript script = SqlScript.parse(pending.toString());
                pending.setLength(0);
                pending.append(script.remainder().isEmpty() ? "" : script.remainder() + "\n");
                for (SqlScript.Statement statement : script.statements()) {
                    String text = statement.text().strip();
                    if (text.equalsIgnoreCase("exit") || text.equalsIgnoreCase("quit")) {
                        return;
                    }
                    try {
                        execute(spark, text, printed);
                        printed = true;
                    }
                    catch (EngagementException e) {
                        System.err.println("engagement: error [" + e.code() + "]: " + e.getMessage());
                    }
                }
            }
            if (!pending.toString().isBlank()) {
                execute(spark, pending.toString(), printed);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void execute(SparkSession spark, String statement, boolean separate) {
        Dataset<Row> result;
        try {
            result = spark.sql(statement);
            if (result.columns().length == 0) {
                return;
            }
            if (separate && format == ResultPrinter.Format.table) {
                System.out.println();
            }
            ResultPrinter.print(result, format, System.out);
            System.out.flush();
        }
        catch (RuntimeException e) {
            if (e instanceof SparkThrowable) {
                throw new EngagementException(ErrorCode.BAD_QUERY, RunFailure.oneLine(e), e);
            }
            throw e;
        }
        catch (Exception e) {
            // Scala does not declare it, but parse and analysis errors arrive here, checked.
            if (e instanceof AnalysisException) {
                throw new EngagementException(ErrorCode.BAD_QUERY, RunFailure.oneLine(e), e);
            }
            throw new IllegalStateException(e);
        }
    }

    private static String readScript(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (NoSuchFileException e) {
            throw new EngagementException(ErrorCode.MISSING_INPUT, "SQL file " + file + " does not exist");
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.MISSING_INPUT, "cannot read SQL file " + file + ": " + e.getMessage(), e);
        }
    }
}
