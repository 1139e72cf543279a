package io.engagementlake.cli;

import io.engagementlake.generate.GeneratorOptions;
import io.engagementlake.generate.LandingZoneGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: a deterministic synthetic landing zone. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic landing zone (customers, transactions, clickstream, surveys) with a share of bad rows.")
final class GenerateCommand implements Callable<Integer> {
    static final LocalDate DEFAULT_END_DATE = LocalDate.of(2026, 6, 30);

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Landing zone root to write.")
    Path out;

    @Option(names = "--customers", defaultValue = "5000", description = "Number of customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--days", defaultValue = "730", description = "Landing days, ending at --end-date (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--end-date", defaultValue = "2026-06-30", paramLabel = "YYYY-MM-DD", description = "Last landing date (default: ${DEFAULT-VALUE}).")
    LocalDate endDate;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same options give the same files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Writer threads (default: available processors).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        int writers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        GeneratorOptions options;
        try {
            options = new GeneratorOptions(out, customers, days, endDate, seed, writers);
        }
        catch (IllegalArgumentException e) {
            throw new io.engagementlake.config.EngagementException(io.engagementlake.config.ErrorCode.BAD_ARGUMENT, e.getMessage());
        }
        long start = System.nanoTime();
        var summary = LandingZoneGenerator.generate(options);
        System.err.printf("generated %s in %.1f s: %s%n", out, (System.nanoTime() - start) / 1e9, summary);
        return 0;
    }
}
