package io.engagementlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every config the repository ships binds as it is. Some are self-contained (a cluster config
 * cannot extend the local one), so a key added to the tree must be added to each of them.
 */
class ConfigExamplesTest {
    @Test
    void everyShippedConfigBinds() throws IOException {
        List<Path> configs;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("engagement.home"), "conf"))) {
            configs = files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(configs).extracting(file -> file.getFileName().toString())
                .contains("local.yaml", "cluster.example.yaml", "s3.example.yaml");
        for (Path config : configs) {
            assertThatCode(() -> ConfigLoader.load(config, List.of())).as(config.toString()).doesNotThrowAnyException();
        }
    }
}
