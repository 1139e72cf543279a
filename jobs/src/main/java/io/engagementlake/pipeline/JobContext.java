package io.engagementlake.pipeline;

import static java.util.Objects.requireNonNull;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LandingZone;
import io.engagementlake.io.WriteTag;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** What a job gets: the session, the config, the lake, and the run's as-of date and id. */
public record JobContext(SparkSession spark, EngagementConfig config, Lake lake, LandingZone landingZone, LocalDate asOf, String runId) {
    public JobContext {
        requireNonNull(spark, "spark is null");
        requireNonNull(config, "config is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(landingZone, "landingZone is null");
        requireNonNull(asOf, "asOf is null");
        requireNonNull(runId, "runId is null");
    }

    public WriteTag tag(String job) {
        return new WriteTag(asOf, runId, job);
    }
}
