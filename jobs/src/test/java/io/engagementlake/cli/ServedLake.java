package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.commons.io.FileUtils;

/**
 * One small generated lake, built through {@code bin/engagement} once per test JVM and shared
 * by the integration tests that serve it (sql, Spark Connect, Trino, export, report): building
 * it costs a full pipeline run, reading it costs little. Tests must only read it.
 */
final class ServedLake {
    static final LocalDate AS_OF = LocalDate.parse("2025-06-30");
    private static ServedLake instance;

    private final Path folder;
    private final Path conf;

    private ServedLake(Path folder, Path conf) {
        this.folder = folder;
        this.conf = conf;
    }

    /**
     * The lake, built on first use: 400 customers over 400 days, seed 11, run for {@link #AS_OF}.
     * 400 days is what every table needs to hold rows: survey responses older than the 180-day
     * CX horizon (cx_impact), and enough repeat purchases for both model fits and the holdout
     * refit at D - 90 days to converge (checked: BG/NBD holdout 300.0 predicted, 261 actual).
     */
    static synchronized ServedLake get() throws IOException, InterruptedException {
        if (instance == null) {
            Path folder = Path.of(System.getProperty("java.io.tmpdir"), "served-lake");
            FileUtils.deleteDirectory(folder.toFile());
            Files.createDirectories(folder);
            CliProcess.Result generated = CliProcess.run("generate", "--out", folder.resolve("raw").toString(),
                    "--customers", "400", "--days", "400", "--end-date", AS_OF.toString(), "--seed", "11", "--threads", "2");
            assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
            Path conf = folder.resolve("served.yaml");
            CliProcess.writeConfig(conf, "warehouse", 4);
            CliProcess.Result run = CliProcess.run("run", "--as-of", AS_OF.toString(), "--conf", conf.toString());
            assertThat(run.exitStatus()).as(run.stderr()).isZero();
            instance = new ServedLake(folder, conf);
        }
        return instance;
    }

    Path folder() {
        return folder;
    }

    /** The config to pass as {@code --conf}. */
    Path conf() {
        return conf;
    }

    Path warehouse() {
        return folder.resolve("warehouse");
    }
}
