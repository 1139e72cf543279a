package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user error ends in one clear line on stderr and a non-zero exit status (spec §3). */
class CommandLineErrorsIT {
    @Test
    void anUnparsableDateIsNamed() throws Exception {
        CliProcess.Result result = CliProcess.run("run", "--as-of", "2025-13-01");

        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.errorLines()).singleElement().asString()
                .startsWith("engagement: error [BAD_ARGUMENT]:")
                .contains("'2025-13-01' is not a date (expected YYYY-MM-DD)");
        assertThat(result.stderr()).doesNotContain("\tat ");
    }

    @Test
    void anUnknownFlagIsNamed() throws Exception {
        CliProcess.Result result = CliProcess.run("run", "--as-of", "2025-01-01", "--bogus");

        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.errorLines()).singleElement().asString().contains("Unknown option: '--bogus'");
    }

    @Test
    void aBadConfigKeyIsNamed(@TempDir Path folder) throws Exception {
        Path conf = folder.resolve("bad.yaml");
        Files.writeString(conf, "extends: " + CliProcess.home().resolve("conf/local.yaml") + "\nwindows:\n  economic_dayz: 3\n");

        CliProcess.Result result = CliProcess.run("run", "--as-of", "2025-01-01", "--conf", conf.toString());

        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.errorLines()).singleElement().asString()
                .isEqualTo("engagement: error [BAD_CONFIG]: " + conf + ": unknown key 'windows.economic_dayz' (expected one of: economic_days, engagement_days)");
    }

    @Test
    void aMissingLandingZoneIsNamed(@TempDir Path folder) throws Exception {
        CliProcess.Result result = CliProcess.run("run", "--as-of", "2025-01-01",
                "--set", "lake.raw=" + folder.resolve("nowhere"), "--set", "lake.root=" + folder.resolve("lake"));

        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.errorLines()).singleElement().asString()
                .startsWith("engagement: error [MISSING_INPUT]: landing zone not found: " + folder.resolve("nowhere"));
    }

    @Test
    void aJobWhoseInputsDoNotExistSaysWhichJobToRunFirst(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("raw"));

        CliProcess.Result result = CliProcess.run("run", "silver_transactions", "--as-of", "2025-01-01",
                "--set", "lake.raw=" + folder.resolve("raw"), "--set", "lake.root=" + folder.resolve("lake"));

        assertThat(result.exitStatus()).isEqualTo(5);
        assertThat(result.errorLines()).singleElement().asString().isEqualTo(
                "engagement: error [MISSING_DEPENDENCY]: job silver_transactions needs table bronze.transactions, which does not exist yet: "
                        + "run 'bin/engagement run ingest_transactions --as-of 2025-01-01' first");
    }

    @Test
    void jobsPrintsTheGraphAsJson() throws Exception {
        CliProcess.Result result = CliProcess.run("jobs", "--format", "json");

        assertThat(result.exitStatus()).isZero();
        assertThat(result.stdout()).contains("\"name\" : \"silver_events\"")
                .contains("\"depends_on\" : [ \"ingest_clickstream\", \"silver_customers\" ]");
    }
}
