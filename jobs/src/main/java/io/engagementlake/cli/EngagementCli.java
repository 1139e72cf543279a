package io.engagementlake.cli;

import io.engagementlake.config.ErrorCode;
import io.engagementlake.pipeline.RunFailure;
import java.io.PrintWriter;
import java.util.TimeZone;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/engagement}: the command line of spec §3. Every failure ends in one line on
 * stderr, {@code engagement: error [CODE]: message}, and a non-zero exit status; set
 * {@code ENGAGEMENT_DEBUG=1} to also get the stack trace.
 */
@Command(name = "engagement",
        mixinStandardHelpOptions = true,
        versionProvider = EngagementCli.Version.class,
        description = "Customer engagement scoring on Apache Spark and Delta Lake.",
        subcommands = {
            DemoCommand.class,
            GenerateCommand.class,
            RunCommand.class,
            SqlCommand.class,
            ServeCommand.class,
            ExportCommand.class,
            MetastoreCommand.class,
            JobsCommand.class,
            ClvFitCommand.class,
            BiCommand.class,
            StatusCommand.class,
            ForgetCommand.class,
            CommandLine.HelpCommand.class
        })
public final class EngagementCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (demo, generate, run, sql, export, jobs, status, forget, clv-fit, metastore, bi, serve; see --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (tests call this). */
    public static int execute(String... args) {
        // Dates printed by the JVM (not by Spark) must be the spec's UTC dates too.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        CommandLine commandLine = new CommandLine(new EngagementCli());
        commandLine.registerConverter(java.time.LocalDate.class, new DateConverter());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            String command = exception.getCommandLine().getCommandName();
            return fail(exception.getCommandLine().getErr(), ErrorCode.BAD_ARGUMENT,
                    exception.getMessage() + " (see 'engagement " + (command.equals("engagement") ? "" : command + " ") + "--help')", exception);
        });
        // The same line that pipeline_runs records for a failed job (RunFailure makes both).
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            RunFailure failure = RunFailure.of(exception);
            return fail(line.getErr(), failure.code(), failure.message(), exception);
        });
        return commandLine.execute(args);
    }

    private static int fail(PrintWriter err, ErrorCode code, String message, Throwable exception) {
        err.println("engagement: error [" + code + "]: " + message);
        if ("1".equals(System.getenv("ENGAGEMENT_DEBUG"))) {
            exception.printStackTrace(err);
        }
        err.flush();
        return code.exitStatus();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EngagementCli.class.getPackage().getImplementationVersion();
            return new String[] {"Engagement Lake " + (version == null ? "development build" : version)
                    + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
        }
    }
}
