package io.engagementlake.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureSaltTest {
    @TempDir
    Path lake;

    @Test
    void comesFromTheNamedEnvironmentVariable() {
        ErasureSalt salt = ErasureSalt.resolve("LAKE_SALT", lake.toString(), new Configuration(),
                ErasureSalt.environment(Map.of("LAKE_SALT", "s3cr3t")));
        assertThat(salt).isEqualTo(new ErasureSalt("s3cr3t", "env:LAKE_SALT"));
        assertThat(lake.resolve(ErasureSalt.FILE)).as("no lake salt is made").doesNotExist();
    }

    @Test
    void aNamedVariableThatIsNotSetIsAConfigErrorNotAFallback() {
        assertThatThrownBy(() -> ErasureSalt.resolve("LAKE_SALT", lake.toString(), new Configuration(), ErasureSalt.environment(Map.of())))
                .isInstanceOfSatisfying(EngagementException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageStartingWith("privacy.salt_env names the environment variable LAKE_SALT, which is not set");
    }

    @Test
    void withoutAVariableTheLakeGetsOneRandomSaltCreatedOnceAndKept() throws Exception {
        ErasureSalt first = ErasureSalt.resolve("", lake.toString(), new Configuration(), ErasureSalt.environment(Map.of()));
        ErasureSalt second = ErasureSalt.resolve("", lake.toString(), new Configuration(), ErasureSalt.environment(Map.of()));
        assertThat(first.value()).matches("[0-9a-f]{64}");
        assertThat(second).isEqualTo(first);
        assertThat(first.source()).isEqualTo("lake:_privacy/erasure_salt");
        assertThat(Files.readString(lake.resolve(ErasureSalt.FILE)).strip()).isEqualTo(first.value());

        Path otherLake = Files.createDirectory(lake.resolve("other"));
        assertThat(ErasureSalt.resolve("", otherLake.toString(), new Configuration(), ErasureSalt.environment(Map.of())).value())
                .as("another lake, another salt").isNotEqualTo(first.value());
    }
}
