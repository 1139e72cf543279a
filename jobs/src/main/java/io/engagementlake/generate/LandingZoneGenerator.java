package io.engagementlake.generate;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Writes a deterministic synthetic landing zone (PIPELINE.md §5) for the pipeline to ingest:
 * customers (change data), transactions, clickstream and surveys, with late arrivals, late
 * master data, exact duplicates and deliberately bad rows, all counted in the returned
 * {@link GenerationSummary} and in {@code <out>/_manifest.json}.
 *
 * <h2>Layout</h2>
 * {@code <out>/<source>/date=YYYY-MM-DD/part-NNNNN.<ext>}, one file per source, landing date
 * and shard that has rows: {@code .csv} for customers, transactions and surveys (RFC 4180,
 * header row, {@code \n} line ends), {@code .jsonl} or, on every other landing date,
 * {@code .jsonl.gz} for clickstream.
 *
 * <h2>Determinism</h2>
 * The same options give byte-identical files and manifest. Every row is a function of the seed
 * and the customer (or anonymous visitor) and day it belongs to, so the thread count does not
 * change the content: with other {@code threads} the same rows land on the same dates, only
 * spread over a different number of part files ({@code part-NNNNN} is the shard, customer
 * index modulo threads) and in a different order. The manifest differs only in
 * {@code threads} and the file counts.
 *
 * <h2>Resources</h2>
 * Generation is day-major: for each landing date each worker asks each of its customers what
 * they do that day, so memory does not grow with the number of customers, and each worker
 * holds at most one open file per source.
 */
public final class LandingZoneGenerator {
    public static final String MANIFEST_FILE = "_manifest.json";

    private static final ObjectWriter MANIFEST_WRITER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private LandingZoneGenerator() {}

    /**
     * Generates the landing zone into {@code options.out()}, which must be absent or an empty
     * folder (stale part files of an earlier run would silently mix in). The manifest is
     * written last, so its presence means the landing zone is complete.
     *
     * @throws FileAlreadyExistsException when {@code out} is a file or a folder with entries
     */
    public static GenerationSummary generate(GeneratorOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Path out = options.out();
        prepareEmptyFolder(out);
        CustomerPopulation population = new CustomerPopulation(options);
        ShardStatistics total = new ShardStatistics();
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), workerThreads());
        try {
            List<Future<ShardStatistics>> shards = new ArrayList<>();
            for (int shard = 0; shard < options.threads(); shard++) {
                shards.add(workers.submit(new ShardGenerator(population, shard, options.threads(), out)));
            }
            for (Future<ShardStatistics> shard : shards) {
                total.add(await(shard));
            }
        }
        finally {
            // Stops the other shards early when one has failed.
            workers.shutdownNow();
        }
        GenerationSummary summary = summary(options, total);
        Files.writeString(out.resolve(MANIFEST_FILE), toJson(summary) + "\n");
        return summary;
    }

    /** The manifest text of a summary (snake_case keys, two-space indent). */
    public static String toJson(GenerationSummary summary) {
        try {
            return MANIFEST_WRITER.writeValueAsString(summary);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenerationSummary summary(GeneratorOptions options, ShardStatistics total) {
        Map<String, SourceSummary> sources = new LinkedHashMap<>();
        for (LandingSource source : LandingSource.values()) {
            sources.put(source.folderName(), total.summary(source));
        }
        return new GenerationSummary(GenerationSummary.FORMAT_VERSION, options.customers(), options.days(),
                options.startDate(), options.endDate(), options.seed(), options.threads(), sources);
    }

    private static void prepareEmptyFolder(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new FileAlreadyExistsException(out.toString(), null, "--out is a file, expected an empty or new folder");
            }
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(out.toString(), null,
                            "--out must be an empty or new folder, so no files of an earlier run mix in");
                }
            }
        }
        Files.createDirectories(out);
    }

    private static ShardStatistics await(Future<ShardStatistics> shard) throws IOException {
        try {
            return shard.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("landing zone generation was interrupted");
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "landing-zone-shard-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
