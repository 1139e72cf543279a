package io.engagementlake.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteResult;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code gold_<table>}: builds one published table for the as-of date from its inputs and
 * replaces only that date's slice ({@code as_of_date = D}), so earlier snapshots stay.
 */
public final class GoldJob implements Job {
    /** Reads the job's inputs, calls the table's pure transformation. */
    @FunctionalInterface
    interface Builder {
        Dataset<Row> build(Inputs inputs, EngagementConfig config, java.time.LocalDate asOf);
    }

    /** The job's input tables, read once each; gold inputs are restricted to the run's slice. */
    static final class Inputs {
        private final JobContext context;

        Inputs(JobContext context) {
            this.context = context;
        }

        Dataset<Row> silver(String table) {
            return context.lake().read(LakeTable.silver(table));
        }

        Dataset<Row> gold(String table) {
            return context.lake().read(LakeTable.gold(table))
                    .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(context.asOf()))));
        }
    }

    private final String table;
    private final String description;
    private final List<LakeTable> inputs;
    private final Builder builder;

    private GoldJob(String table, String description, List<LakeTable> inputs, Builder builder) {
        this.table = table;
        this.description = description;
        this.inputs = List.copyOf(inputs);
        this.builder = builder;
    }

    /** The published tables of spec §7. */
    public static List<Job> all() {
        LakeTable customers = LakeTable.silver("customers");
        LakeTable transactions = LakeTable.silver("transactions");
        LakeTable events = LakeTable.silver("events");
        LakeTable sessions = LakeTable.silver("sessions");
        LakeTable responses = LakeTable.silver("survey_responses");
        LakeTable engagement = LakeTable.gold("customer_engagement");
        return List.of(
                new GoldJob("customer_engagement", "Engagement value, scores, tier and status per customer",
                        List.of(customers, transactions, sessions, events, responses),
                        (in, config, asOf) -> CustomerEngagement.build(in.silver("customers"), in.silver("transactions"),
                                in.silver("sessions"), in.silver("events"), in.silver("survey_responses"), asOf,
                                config.windows(), config.churn(), config.scores(), config.tiers())),
                new GoldJob("cohort_retention", "Retention, churn and revenue by first-purchase cohort and month",
                        List.of(transactions, customers),
                        (in, config, asOf) -> CohortRetention.build(in.silver("transactions"), in.silver("customers"), asOf)),
                new GoldJob("experience_summary", "NPS/CSAT/CES by month, touchpoint and segment with the expectation gap",
                        List.of(responses, customers),
                        (in, config, asOf) -> ExperienceSummary.build(in.silver("survey_responses"), in.silver("customers"), asOf)),
                new GoldJob("cx_impact", "Revenue, retention and referrals after relationship NPS responses, by category",
                        List.of(responses, transactions, customers),
                        (in, config, asOf) -> CxImpact.build(in.silver("survey_responses"), in.silver("transactions"),
                                in.silver("customers"), asOf, config.impact())),
                new GoldJob("detractor_recovery", "Recent detractors to win back, highest engagement first",
                        List.of(engagement, responses),
                        (in, config, asOf) -> DetractorRecovery.build(in.gold("customer_engagement"), in.silver("survey_responses"),
                                asOf, config.actions())),
                new GoldJob("promoter_activation", "Recent promoters with marketing consent who do not refer yet",
                        List.of(engagement, responses, customers),
                        (in, config, asOf) -> PromoterActivation.build(in.gold("customer_engagement"), in.silver("survey_responses"),
                                in.silver("customers"), asOf, config.actions())),
                new GoldJob("journey_funnel", "Sessions reaching product view, cart, checkout and order, by month and device",
                        List.of(events, sessions),
                        (in, config, asOf) -> JourneyFunnel.build(in.silver("events"), in.silver("sessions"), asOf)));
    }

    @Override
    public String name() {
        return "gold_" + table;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> dependsOn() {
        Set<String> jobs = new LinkedHashSet<>();
        for (LakeTable input : inputs) {
            jobs.add(producer(input));
        }
        return List.copyOf(jobs);
    }

    @Override
    public List<LakeTable> inputs() {
        return inputs;
    }

    @Override
    public List<LakeTable> outputs() {
        return List.of(LakeTable.gold(table));
    }

    @Override
    public JobResult run(JobContext context) {
        Lake lake = context.lake();
        Dataset<Row> rows = builder.build(new Inputs(context), context.config(), context.asOf());
        WriteResult write = lake.replaceSlice(LakeTable.gold(table), rows, context.tag(name()), "as_of_date", context.asOf());
        return JobResult.output(Map.of(write.table(), write.rowsWritten()));
    }

    private static String producer(LakeTable input) {
        if (input.database().equals(LakeTable.GOLD_DATABASE)) {
            return "gold_" + input.name();
        }
        return switch (input.name()) {
            case "events", "sessions" -> "silver_events";
            default -> "silver_" + input.name();
        };
    }
}
