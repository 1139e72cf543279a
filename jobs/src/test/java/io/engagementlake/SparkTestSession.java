package io.engagementlake;

import io.engagementlake.io.SparkSessions;
import java.io.File;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of the test JVM: two cores, no UI, few shuffle partitions, the
 * same required settings as production (Delta, UTC).
 */
public final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            Path scratch = scratch();
            SparkSession.Builder builder = SparkSession.builder()
                    .master("local[2]")
                    .appName("engagement-lake-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.databricks.delta.snapshotPartitions", "1")
                    .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toString())
                    .config("spark.local.dir", scratch.resolve("spark-local").toString());
            SparkSessions.REQUIRED_SETTINGS.forEach(builder::config);
            spark = builder.getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** A folder under the build directory for the tests' files. */
    public static Path scratch() {
        Path path = Path.of(System.getProperty("java.io.tmpdir"), "engagement-tests");
        new File(path.toString()).mkdirs();
        return path;
    }
}
