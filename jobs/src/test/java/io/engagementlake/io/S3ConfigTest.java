package io.engagementlake.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engagementlake.config.ConfigLoader;
import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/s3.example.yaml as a user copies it, and the catalog types a lake on S3 can and cannot have. */
class S3ConfigTest {
    private static final Path S3_EXAMPLE = Path.of(System.getProperty("engagement.home"), "conf", "s3.example.yaml");

    @Test
    void theExampleKeepsTheLakeOnS3AndTakesCredentialsOnlyFromTheDefaultChain() {
        EngagementConfig config = ConfigLoader.load(S3_EXAMPLE);

        assertThat(config.lake().raw()).isEqualTo("s3a://engagement-lake/raw");
        assertThat(config.lake().root()).isEqualTo("s3a://engagement-lake/warehouse");
        assertThat(config.catalog().type()).isEqualTo("in_memory");
        assertThat(config.spark().settings())
                .containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider",
                        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider")
                .containsEntry("spark.delta.logStore.s3a.impl", "io.delta.storage.S3SingleDriverLogStore")
                // Inherited from local.yaml: extends merges the settings.
                .containsEntry("spark.driver.host", "127.0.0.1");
        assertThat(config.spark().settings().keySet())
                .noneMatch(key -> key.contains("access.key") || key.contains("secret.key") || key.contains("session.token"));
    }

    @Test
    void anS3LakeGetsTheInMemoryCatalogInsideTheLakeAndAHiveMetastoreByUri() {
        EngagementConfig inMemory = ConfigLoader.load(S3_EXAMPLE);
        assertThat(SparkSessions.catalogSettings(inMemory))
                .containsEntry("spark.sql.catalogImplementation", "in-memory")
                .containsEntry("spark.sql.warehouse.dir", "s3a://engagement-lake/warehouse");

        EngagementConfig hive = ConfigLoader.load(S3_EXAMPLE, List.of("catalog.type=hive", "catalog.metastore_uri=thrift://metastore:9083"));
        assertThat(SparkSessions.catalogSettings(hive))
                .containsEntry("spark.sql.catalogImplementation", "hive")
                .containsEntry("spark.hadoop.hive.metastore.uris", "thrift://metastore:9083");
    }

    @Test
    void theDerbyMetastoreOfALocalLakeIsRefusedForAnS3LakeNamingWhatToUseInstead() {
        EngagementConfig derby = ConfigLoader.load(S3_EXAMPLE, List.of("catalog.type=derby_server"));

        assertThatThrownBy(() -> SparkSessions.catalogSettings(derby))
                .isInstanceOfSatisfying(EngagementException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining("lake.root is s3a://engagement-lake/warehouse")
                .hasMessageContaining("catalog.type to in_memory")
                .hasMessageContaining("hive with catalog.metastore_uri");
    }
}
