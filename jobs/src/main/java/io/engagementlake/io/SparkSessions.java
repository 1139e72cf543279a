package io.engagementlake.io;

import io.engagementlake.config.EngagementConfig;
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
        SparkSession.Builder builder = SparkSession.builder().appName(config.spark().appName());
        // Under spark-submit the master comes from its --master (the scheduler's connection),
        // which it passes as the spark.master system property; spark.master of the config is
        // the default for bin/engagement.
        if (System.getProperty("spark.master") == null) {
            builder.master(config.spark().master());
        }
        config.spark().settings().forEach(builder::config);
        REQUIRED_SETTINGS.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
