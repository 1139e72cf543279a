package io.engagementlake.io;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a command uses, from the config. */
public final class SparkSessions {
    /**
     * Settings every Engagement Lake session needs whatever the config says: Delta as the
     * table format, and UTC, because every date and month in the spec is a UTC one.
     */
    public static final Map<String, String> REQUIRED_SETTINGS = Map.of(
            "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.sql.session.timeZone", "UTC",
            // Dates and instants surface as java.time values, which print as ISO-8601.
            "spark.sql.datetime.java8API.enabled", "true",
            // Contract-wide rows have more fields than Spark's default plan printing allows.
            "spark.sql.debug.maxToStringFields", "500");

    private SparkSessions() {}

    public static SparkSession create(EngagementConfig config) {
        SparkSession.Builder builder = SparkSession.builder();
        // Under spark-submit its --name (Airflow's engagement-lake-<job>-<ds>) names the application.
        if (System.getProperty("spark.app.name") == null) {
            builder.appName(config.spark().appName());
        }
        // Under spark-submit the master comes from its --master (the scheduler's connection),
        // which it passes as the spark.master system property; spark.master of the config is
        // the default for bin/engagement.
        if (System.getProperty("spark.master") == null) {
            builder.master(config.spark().master());
        }
        config.spark().settings().forEach(builder::config);
        catalogSettings(config).forEach(builder::config);
        REQUIRED_SETTINGS.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        if (config.catalog().type().equals("derby_server")) {
            MetastoreSchema.ensureComplete(spark, localRoot(config.lake().root()));
        }
        return spark;
    }

    /**
     * The Spark settings of the configured catalog. A Hive-compatible metastore keeps table
     * names across processes; the embedded default's lives in a Derby database under the lake,
     * served by a {@link MetastoreServer} this starts when none answers yet.
     */
    static Map<String, String> catalogSettings(EngagementConfig config) {
        EngagementConfig.Catalog catalog = config.catalog();
        Map<String, String> settings = new LinkedHashMap<>();
        // Databases made without an explicit location still land inside the lake.
        settings.put("spark.sql.warehouse.dir", config.lake().root());
        switch (catalog.type()) {
            case "in_memory" -> settings.put("spark.sql.catalogImplementation", "in-memory");
            case "hive" -> {
                settings.put("spark.sql.catalogImplementation", "hive");
                settings.put("spark.hadoop.hive.metastore.uris", catalog.metastoreUri());
            }
            case "derby_server" -> {
                MetastoreServer server = new MetastoreServer(catalog.port());
                Path root = localRoot(config.lake().root());
                server.ensureRunning();
                MetastoreSchema.underLock(root, () -> server.forgetDeletedDatabase(root));
                String url = server.databaseUrl(root);
                settings.put("spark.sql.catalogImplementation", "hive");
                settings.put("spark.hadoop.javax.jdo.option.ConnectionURL", url);
                settings.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.ClientDriver");
                // A new lake gets its metastore schema on first use.
                settings.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
                settings.put("spark.hadoop.hive.metastore.schema.verification", "false");
                settings.put("spark.hadoop.hive.metastore.schema.verification.record.version", "true");
            }
            default -> throw new IllegalStateException("unknown catalog type " + catalog.type());
        }
        return settings;
    }

    private static Path localRoot(String root) {
        if (!root.contains("://") && !root.startsWith("file:")) {
            return Path.of(root);
        }
        URI uri = URI.create(root);
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        // A lake on an object store (docs/s3.md): its folders are the one record of its tables,
        // which in_memory re-registers at each start; a shared metastore is hive's job.
        throw new EngagementException(ErrorCode.BAD_CONFIG, "catalog.type derby_server keeps its metastore in a local lake.root, "
                + "but lake.root is " + root + "; set catalog.type to in_memory (each command registers the lake's tables "
                + "when it starts, as conf/s3.example.yaml does) or to hive with catalog.metastore_uri (docs/s3.md)");
    }
}
