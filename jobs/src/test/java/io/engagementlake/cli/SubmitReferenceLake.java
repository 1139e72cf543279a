package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * The reference for the spark-submit tests (DagCommandsIT, StandaloneClusterIT) and the crash
 * test (CrashRecoveryIT): one small
 * generated landing zone and the gold tables of a plain {@code bin/engagement run} on it,
 * built once per test JVM. Each test runs the same landing zone into a lake of its own
 * (configs from {@link #writeConfig}) and compares its gold tables with these.
 */
final class SubmitReferenceLake {
    static final LocalDate AS_OF = LocalDate.parse("2025-03-31");
    private static SubmitReferenceLake instance;

    private final Path raw;
    private final Path root;
    private final Map<String, List<GoldTables.Row>> goldTables;

    private SubmitReferenceLake(Path raw, Path root, Map<String, List<GoldTables.Row>> goldTables) {
        this.raw = raw;
        this.root = root;
        this.goldTables = goldTables;
    }

    /** Generates 200 customers over 90 days (seed 3) up to {@link #AS_OF} and runs the pipeline once, locally. */
    static synchronized SubmitReferenceLake get() throws IOException, InterruptedException {
        if (instance == null) {
            Path folder = Path.of(System.getProperty("java.io.tmpdir"), "submit-reference-lake");
            FileUtils.deleteDirectory(folder.toFile());
            Files.createDirectories(folder);
            Path raw = folder.resolve("raw");
            CliProcess.Result generated = CliProcess.run("generate", "--out", raw.toString(), "--customers", "200",
                    "--days", "90", "--seed", "3", "--end-date", AS_OF.toString(), "--threads", "2");
            assertThat(generated.exitStatus()).as(generated.stderr()).isZero();
            Path conf = writeConfig(raw, folder.resolve("reference.yaml"), CliProcess.home().resolve("conf/local.yaml"));
            CliProcess.Result run = CliProcess.run("run", "--as-of", AS_OF.toString(), "--conf", conf.toString());
            assertThat(run.exitStatus()).as(run.stderr()).isZero();
            instance = new SubmitReferenceLake(raw, folder.resolve("warehouse"), GoldTables.read(conf));
        }
        return instance;
    }

    /** The landing zone; read it only. */
    Path raw() {
        return raw;
    }

    /** The reference lake's root folder; read it only. */
    Path root() {
        return root;
    }

    Map<String, List<GoldTables.Row>> goldTables() {
        return goldTables;
    }

    /**
     * Writes a config at {@code file} that reads this landing zone into the lake
     * {@code warehouse} beside {@code file}: the embedded default, except the in-memory
     * catalog (no metastore server shared with other tests) and few shuffle partitions.
     * The master (local[2]) applies to bin/engagement only; spark-submit's --master wins.
     */
    Path writeConfig(Path file) throws IOException {
        return writeConfig(raw, file, CliProcess.home().resolve("conf/local.yaml"));
    }

    /** Like {@link #writeConfig(Path)}, extending {@code base} (e.g. conf/cluster.example.yaml) instead. */
    Path writeConfig(Path file, Path base) throws IOException {
        return writeConfig(raw, file, base);
    }

    private static Path writeConfig(Path raw, Path file, Path base) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "extends: " + base.toAbsolutePath(),
                "lake:",
                "  raw: " + raw.toAbsolutePath(),
                "  root: warehouse",
                "spark:",
                "  master: local[2]",
                "  settings:",
                "    spark.sql.shuffle.partitions: \"4\"",
                "catalog:",
                "  type: in_memory",
                ""));
        return file;
    }
}
