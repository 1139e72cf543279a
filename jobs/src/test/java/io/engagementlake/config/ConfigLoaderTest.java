package io.engagementlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Path LOCAL = Path.of(System.getProperty("engagement.home"), "conf", "local.yaml");

    @Test
    void theEmbeddedDefaultHasEveryDefaultOfTheSpec() {
        EngagementConfig config = ConfigLoader.load(LOCAL);

        assertThat(config.spark().master()).isEqualTo("local[*]");
        assertThat(config.lake().raw()).isEqualTo(LOCAL.getParent().getParent().resolve("lake/raw").normalize().toString());
        assertThat(config.reporting().currency()).isEqualTo("EUR");
        assertThat(config.reporting().fx()).containsEntry("EUR", new BigDecimal("1.0"));
        assertThat(config.windows().economicDays()).isEqualTo(365);
        assertThat(config.windows().engagementDays()).isEqualTo(90);
        assertThat(config.sessions().timeoutMinutes()).isEqualTo(30);
        assertThat(config.churn().inactivityDays()).isEqualTo(90);
        assertThat(config.scores().weights()).isEqualTo(new EngagementConfig.Weights(0.5, 0.25, 0.25));
        assertThat(config.scores().socialActionPoints()).isEqualTo(new EngagementConfig.SocialActionPoints(1, 1, 2, 2, 10));
        assertThat(config.tiers()).isEqualTo(new EngagementConfig.Tiers(80, 60, 30));
        assertThat(config.impact().horizonDays()).isEqualTo(180);
        assertThat(config.actions()).isEqualTo(new EngagementConfig.Actions(30, 90));
    }

    @Test
    void overridesFromTheCommandLineKeepTheirType() {
        EngagementConfig config = ConfigLoader.load(LOCAL, List.of(
                "windows.economic_days=400", "lake.raw=s3a://bucket/raw", "spark.settings.spark.sql.shuffle.partitions=4",
                "reporting.fx.NOK=0.085"));

        assertThat(config.windows().economicDays()).isEqualTo(400);
        assertThat(config.lake().raw()).isEqualTo("s3a://bucket/raw");
        assertThat(config.spark().settings()).containsEntry("spark.sql.shuffle.partitions", "4");
        assertThat(config.reporting().fx()).containsEntry("NOK", new BigDecimal("0.085"));
    }

    @Test
    void unknownKeysWrongTypesAndBadValuesFailNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(LOCAL, List.of("windows.economic_dayz=400")))
                .isInstanceOf(EngagementException.class)
                .hasMessageContaining("unknown key 'windows.economic_dayz'")
                .hasMessageContaining("economic_days");
        assertThatThrownBy(() -> ConfigLoader.load(LOCAL, List.of("windows.economic_days=lots")))
                .hasMessageContaining("key 'windows.economic_days' expects a whole number, got 'lots'");
        assertThatThrownBy(() -> ConfigLoader.load(LOCAL, List.of("windows.economic_days=36.5")))
                .hasMessageContaining("windows.economic_days");
        assertThatThrownBy(() -> ConfigLoader.load(LOCAL, List.of("scores.weights.economic=0.6")))
                .hasMessageContaining("invalid value in 'scores.weights': weights must add up to 1, got 1.1");
        assertThatThrownBy(() -> ConfigLoader.load(LOCAL, List.of("sessions.timeout_minutes=0")))
                .hasMessageContaining("timeout_minutes must be > 0, got 0");
        assertThatThrownBy(() -> ConfigLoader.load(LOCAL, List.of("no_equals_sign")))
                .extracting(error -> ((EngagementException) error).code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
    }

    @Test
    void aFileCanExtendAnotherAndMissingKeysAreNamed(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Files.copy(LOCAL, folder.resolve("local.yaml"));
        Path s3 = folder.resolve("s3.yaml");
        Files.writeString(s3, "extends: local.yaml\nlake:\n  raw: s3a://bucket/raw\n  root: warehouse\n");
        Path partial = folder.resolve("partial.yaml");
        Files.writeString(partial, "lake:\n  raw: raw\n  root: root\n");

        EngagementConfig config = ConfigLoader.load(s3);

        assertThat(config.lake().raw()).isEqualTo("s3a://bucket/raw");
        assertThat(config.lake().root()).isEqualTo(folder.resolve("warehouse").toString());
        assertThat(config.windows().economicDays()).isEqualTo(365);
        assertThatThrownBy(() -> ConfigLoader.load(partial))
                .isInstanceOf(EngagementException.class)
                .hasMessageStartingWith(partial + ": missing key 'spark'");
        assertThatThrownBy(() -> ConfigLoader.load(folder.resolve("absent.yaml")))
                .hasMessageContaining("config file not found");
    }
}
