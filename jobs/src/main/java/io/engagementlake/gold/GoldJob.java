package io.engagementlake.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteResult;
import io.engagementlake.model.ClvScoring;
import io.engagementlake.model.ModelFitJob;
import io.engagementlake.model.ModelFits;
import io.engagementlake.model.PurchaseSummaries;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

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

    /**
     * The job's input tables; gold inputs are restricted to the run's slice. A table the
     * build refers to more than once is persisted on first read, so that the job scans it
     * once even where Spark's plan would compute it twice (different column pruning).
     */
    static final class Inputs implements AutoCloseable {
        private final JobContext context;
        private final Set<String> persisted;
        private final Map<String, Dataset<Row>> read = new java.util.HashMap<>();

        Inputs(JobContext context, Set<String> persisted) {
            this.context = context;
            this.persisted = persisted;
        }

        Dataset<Row> silver(String table) {
            return read.computeIfAbsent("silver." + table, key -> keep(table, context.lake().read(LakeTable.silver(table))));
        }

        Dataset<Row> gold(String table) {
            return read.computeIfAbsent("gold." + table, key -> keep(table, context.lake().read(LakeTable.gold(table))
                    .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(context.asOf()))))));
        }

        private Dataset<Row> keep(String table, Dataset<Row> rows) {
            return persisted.contains(table) ? rows.persist(StorageLevel.MEMORY_AND_DISK()) : rows;
        }

        @Override
        public void close() {
            read.values().forEach(Dataset::unpersist);
        }
    }

    private final String table;
    private final String description;
    private final List<LakeTable> inputs;
    private final Builder builder;
    private final Set<String> persisted;

    private GoldJob(String table, String description, List<LakeTable> inputs, Builder builder) {
        this(table, description, inputs, Set.of(), builder);
    }

    private GoldJob(String table, String description, List<LakeTable> inputs, Set<String> persisted, Builder builder) {
        this.table = table;
        this.description = description;
        this.inputs = List.copyOf(inputs);
        this.persisted = Set.copyOf(persisted);
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
        LakeTable modelFits = LakeTable.gold("model_fits");
        return List.of(
                new GoldJob("customer_engagement", "Engagement value, scores, tier and status per customer",
                        List.of(customers, transactions, sessions, events, responses, modelFits),
                        // Transactions feed the measures and the model summaries, events two aggregates.
                        Set.of("transactions", "events"),
                        (in, config, asOf) -> CustomerEngagement.build(in.silver("customers"), in.silver("transactions"),
                                in.silver("sessions"), in.silver("events"), in.silver("survey_responses"),
                                predictions(in.silver("transactions"), in.gold("model_fits"), asOf, config.model()), asOf,
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

    /**
     * The model columns of D: customers' summaries scored with the converged models of D.
     * Grain: one row per customer with a purchase on or before D.
     */
    static Dataset<Row> predictions(Dataset<Row> transactions, Dataset<Row> modelFitsOfAsOf, java.time.LocalDate asOf,
                                    EngagementConfig.Model model) {
        Dataset<Row> summaries = PurchaseSummaries.summarize(transactions, asOf, asOf.minusDays(model.holdoutDays()));
        return ClvScoring.predict(summaries, ModelFits.fittedModels(modelFitsOfAsOf), model.discountRate());
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
        try (Inputs inputs = new Inputs(context, persisted)) {
            Dataset<Row> rows = builder.build(inputs, context.config(), context.asOf());
            WriteResult write = lake.replaceSlice(LakeTable.gold(table), rows, context.tag(name()), "as_of_date", context.asOf());
            return JobResult.output(Map.of(write.table(), write.rowsWritten()));
        }
    }

    private static String producer(LakeTable input) {
        if (input.name().equals("model_fits")) {
            return ModelFitJob.NAME;
        }
        if (input.database().equals(LakeTable.GOLD_DATABASE)) {
            return "gold_" + input.name();
        }
        return switch (input.name()) {
            case "events", "sessions" -> "silver_events";
            default -> "silver_" + input.name();
        };
    }
}
