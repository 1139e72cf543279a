package io.engagementlake.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
    private static final Path OUT = Path.of("landing");
    private static final LocalDate END = LocalDate.of(2026, 6, 30);

    @Test
    void defaultsAreTheDocumentedOnes() {
        GeneratorOptions options = GeneratorOptions.defaults(OUT);

        assertThat(options.customers()).isEqualTo(5000);
        assertThat(options.days()).isEqualTo(730);
        assertThat(options.endDate()).isEqualTo(END);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(options.startDate()).isEqualTo(LocalDate.of(2024, 7, 1));
    }

    @Test
    void startDateCountsTheEndDateAsTheLastOfTheDays() {
        assertThat(new GeneratorOptions(OUT, 1, 1, END, 0, 1).startDate()).isEqualTo(END);
        assertThat(new GeneratorOptions(OUT, 1, 3, END, 0, 1).startDate()).isEqualTo(END.minusDays(2));
    }

    @Test
    void rejectsNonPositiveCountsNamingTheOption() {
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 0, 730, END, 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--customers must be >= 1");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 0, END, 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--days must be >= 1");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, -5, END, 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--days must be >= 1");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 730, END, 42, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--threads must be >= 1");
    }

    @Test
    void rejectsValuesTheIdsCannotCarry() {
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 90_000_000, 730, END, 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--customers must be <= 89999999");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 10_000, END, 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--days must be <= 9999");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 10, END, 42, 5000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--threads must be <= 4096");
    }

    @Test
    void rejectsPeriodsOutsideTheSupportedYears() {
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 30, LocalDate.of(1970, 1, 10), 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--end-date and --days must not start before 1970-01-01");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 30, LocalDate.of(9999, 6, 1), 42, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--end-date must be on or before 9998-12-31");
    }

    @Test
    void requiresOutAndEndDate() {
        assertThatThrownBy(() -> new GeneratorOptions(null, 10, 730, END, 42, 2))
                .isInstanceOf(NullPointerException.class).hasMessage("--out must be given");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, 10, 730, null, 42, 2))
                .isInstanceOf(NullPointerException.class).hasMessage("--end-date must be given");
    }
}
