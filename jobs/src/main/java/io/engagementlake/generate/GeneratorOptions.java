package io.engagementlake.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link LandingZoneGenerator} produces: {@code customers} customers active over the
 * {@code days} landing dates that end on {@code endDate}, derived from {@code seed}, written by
 * {@code threads} worker threads into the landing-zone folder {@code out}.
 *
 * <p>The validation messages name the command-line option, so the CLI can print them as its
 * one-line error unchanged.
 *
 * @param out       landing-zone root; must be absent or an empty folder
 * @param customers number of customers, 1 to {@value #MAX_CUSTOMERS} (ids {@code C00000001}...;
 *                  ids starting with {@code C9} are reserved for injected unknown customers)
 * @param days      number of landing dates, 1 to {@value #MAX_DAYS}
 * @param endDate   last landing date; the first is {@code endDate - (days - 1)}
 * @param seed      everything is a pure function of the seed and the other options except
 *                  {@code threads}
 * @param threads   worker threads, 1 to {@value #MAX_THREADS}; each writes its own part files
 */
public record GeneratorOptions(Path out, int customers, int days, LocalDate endDate, long seed, int threads) {
    public static final int DEFAULT_CUSTOMERS = 5000;
    public static final int DEFAULT_DAYS = 730;
    public static final LocalDate DEFAULT_END_DATE = LocalDate.of(2026, 6, 30);
    public static final long DEFAULT_SEED = 42;

    /** Above this, ordinary ids would reach the {@code C9...} range kept for unknown customers. */
    public static final int MAX_CUSTOMERS = 89_999_999;
    /** Ids carry the day as four digits. */
    public static final int MAX_DAYS = 9_999;
    /** Part files carry the shard as five digits; far more threads than this would not help anyway. */
    public static final int MAX_THREADS = 4_096;

    private static final LocalDate FIRST_START_DATE = LocalDate.of(1970, 1, 1);
    /** Injected future timestamps reach a few weeks past the end date and must keep four-digit years. */
    private static final LocalDate LAST_END_DATE = LocalDate.of(9998, 12, 31);

    public GeneratorOptions {
        Objects.requireNonNull(out, "--out must be given");
        Objects.requireNonNull(endDate, "--end-date must be given");
        if (customers < 1) {
            throw new IllegalArgumentException("--customers must be >= 1");
        }
        if (customers > MAX_CUSTOMERS) {
            throw new IllegalArgumentException("--customers must be <= " + MAX_CUSTOMERS);
        }
        if (days < 1) {
            throw new IllegalArgumentException("--days must be >= 1");
        }
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("--days must be <= " + MAX_DAYS);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1");
        }
        if (threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be <= " + MAX_THREADS);
        }
        if (endDate.isAfter(LAST_END_DATE)) {
            throw new IllegalArgumentException("--end-date must be on or before " + LAST_END_DATE);
        }
        if (endDate.minusDays(days - 1L).isBefore(FIRST_START_DATE)) {
            throw new IllegalArgumentException("--end-date and --days must not start before " + FIRST_START_DATE
                    + " (first landing date would be " + endDate.minusDays(days - 1L) + ")");
        }
    }

    /** The CLI defaults: 5000 customers, 730 days ending 2026-06-30, seed 42, one thread per processor. */
    public static GeneratorOptions defaults(Path out) {
        return new GeneratorOptions(out, DEFAULT_CUSTOMERS, DEFAULT_DAYS, DEFAULT_END_DATE, DEFAULT_SEED,
                Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** The first landing date, {@code endDate - (days - 1)}. */
    public LocalDate startDate() {
        return endDate.minusDays(days - 1L);
    }
}
