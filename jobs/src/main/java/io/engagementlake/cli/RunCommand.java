package io.engagementlake.cli;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run [JOB ...] --as-of D}: runs the whole pipeline, or the named jobs, for one as-of date. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline (or the named jobs, see 'engagement jobs') for one as-of date.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB", arity = "0..*", description = "Jobs to run; all when none is named.")
    List<String> jobs = new ArrayList<>();

    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD", description = "As-of date D: reads landing folders dated <= D.")
    LocalDate asOf;

    @Option(names = "--wait", defaultValue = "0", paramLabel = "SECONDS",
            description = "If another run holds the lake's write lock, wait up to SECONDS for it (default: fail at once with LAKE_BUSY).")
    long waitSeconds;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        if (waitSeconds < 0) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "--wait must be 0 or more seconds, got " + waitSeconds);
        }
        EngagementConfig config = configOptions.load();
        try (PipelineSession session = PipelineSession.open(config)) {
            session.run(asOf, jobs, Duration.ofSeconds(waitSeconds));
        }
        return 0;
    }
}
