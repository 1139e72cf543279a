package io.engagementlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.engagementlake.bronze.Source;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteResult;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobResult;
import io.engagementlake.pipeline.RowAccounting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code silver_<table>}: rebuilds a silver table and its source's quarantine from every
 * bronze row landed on or before the as-of date. Rebuilding from bronze, rather than
 * merging a day's rows into yesterday's result, is what makes a day-by-day run, a single
 * catch-up run and a backfill of an old date give the same tables, and lets
 * {@code unknown_customer} rows in with no special retry logic.
 */
public abstract class SilverJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(SilverJob.class);

    private final Source source;
    private final String table;

    protected SilverJob(Source source, String table) {
        this.source = source;
        this.table = table;
    }

    /** The silver job of each source. */
    public static List<Job> all() {
        return List.of(new CustomersJob(), new TransactionsJob(), new SurveyResponsesJob(), new EventsJob());
    }

    @Override
    public String name() {
        return "silver_" + table;
    }

    @Override
    public List<String> dependsOn() {
        List<String> jobs = new ArrayList<>(List.of("ingest_" + source.folder()));
        if (source != Source.CUSTOMERS) {
            jobs.add("silver_customers");
        }
        return jobs;
    }

    @Override
    public List<LakeTable> inputs() {
        List<LakeTable> tables = new ArrayList<>(List.of(LakeTable.bronze(source.folder())));
        if (source != Source.CUSTOMERS) {
            tables.add(LakeTable.silver("customers"));
        }
        return tables;
    }

    @Override
    public List<LakeTable> outputs() {
        return List.of(LakeTable.silver(table), LakeTable.quarantine(source.folder()));
    }

    /** Decides the fate of every bronze row (see {@link Classification}). */
    protected abstract Dataset<Row> classify(Dataset<Row> bronze, JobContext context);

    /** Writes the silver table(s) from the kept rows; the first write is the source's own table. */
    protected abstract List<WriteResult> writeKept(Dataset<Row> classified, JobContext context);

    @Override
    public JobResult run(JobContext context) {
        Lake lake = context.lake();
        Dataset<Row> bronze = lake.read(LakeTable.bronze(source.folder()))
                .where(col("_landing_date").leq(lit(java.sql.Date.valueOf(context.asOf()))));
        long read = bronze.count();
        // Cached once so that the quarantine, the silver table and the counts all come from
        // one scan of bronze; spills to disk instead of growing the heap with the data.
        Dataset<Row> classified = classify(bronze, context).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Long> byReason = new HashMap<>();
            for (Row row : Classification.countByReason(classified).collectAsList()) {
                byReason.put(row.getString(0), row.getLong(1));
            }
            WriteResult quarantine = lake.overwrite(LakeTable.quarantine(source.folder()),
                    Classification.quarantine(classified, source, context.asOf()), context.tag(name()));
            List<WriteResult> writes = new ArrayList<>(writeKept(classified, context));
            writes.add(quarantine);
            RowAccounting accounting = accounting(read, byReason, writes.get(0).rowsWritten(), quarantine.rowsWritten())
                    .verify(source.folder());
            LOG.info("{}: read {}, kept {}, quarantined {} {}, dropped {} {}", name(), accounting.read(), accounting.kept(),
                    accounting.quarantined(), accounting.quarantinedByReason(), accounting.dropped(), accounting.droppedByReason());
            return JobResult.silver(source.folder(), accounting, Lake.rowCounts(writes));
        }
        finally {
            classified.unpersist();
        }
    }

    /**
     * Rows kept and quarantined are what the writes committed; that the classification's own
     * counts agree with them, and all add up to the bronze rows read, is the check.
     */
    private RowAccounting accounting(long read, Map<String, Long> byReason, long keptWritten, long quarantinedWritten) {
        Map<String, Long> quarantined = new HashMap<>();
        Map<String, Long> dropped = new HashMap<>();
        long keptClassified = byReason.getOrDefault(Reason.Disposition.KEPT.code(), 0L);
        byReason.forEach((reason, rows) -> {
            Reason.Disposition disposition = Classification.dispositions().get(reason);
            if (disposition == Reason.Disposition.QUARANTINED) {
                quarantined.put(reason, rows);
            }
            else if (disposition == Reason.Disposition.DROPPED) {
                dropped.put(reason, rows);
            }
        });
        if (keptClassified != keptWritten) {
            throw new EngagementException(ErrorCode.RECONCILIATION_FAILED, String.format(
                    "%s: %d rows were classified as kept but %d were written to silver", source.folder(), keptClassified, keptWritten));
        }
        long droppedTotal = dropped.values().stream().mapToLong(Long::longValue).sum();
        return new RowAccounting(read, keptWritten, quarantinedWritten, droppedTotal, quarantined, dropped);
    }

    static final class CustomersJob extends SilverJob {
        CustomersJob() {
            super(Source.CUSTOMERS, "customers");
        }

        @Override
        public String description() {
            return "Current version of every customer (latest CDC row), quarantine of invalid rows";
        }

        @Override
        protected Dataset<Row> classify(Dataset<Row> bronze, JobContext context) {
            return Customers.classify(bronze);
        }

        @Override
        protected List<WriteResult> writeKept(Dataset<Row> classified, JobContext context) {
            return List.of(context.lake().overwrite(LakeTable.silver("customers"), Customers.toSilver(classified), context.tag(name())));
        }
    }

    static final class TransactionsJob extends SilverJob {
        TransactionsJob() {
            super(Source.TRANSACTIONS, "transactions");
        }

        @Override
        public String description() {
            return "Valid, deduplicated transactions in the reporting currency, quarantine of the rest";
        }

        @Override
        protected Dataset<Row> classify(Dataset<Row> bronze, JobContext context) {
            Dataset<Row> customers = context.lake().read(LakeTable.silver("customers"));
            return Transactions.classify(bronze, customers, context.config().reporting().fx().keySet());
        }

        @Override
        protected List<WriteResult> writeKept(Dataset<Row> classified, JobContext context) {
            Dataset<Row> transactions = Transactions.toSilver(classified, context.config().reporting().fx());
            return List.of(context.lake().overwrite(LakeTable.silver("transactions"), transactions, context.tag(name())));
        }
    }

    static final class SurveyResponsesJob extends SilverJob {
        SurveyResponsesJob() {
            super(Source.SURVEYS, "survey_responses");
        }

        @Override
        public String description() {
            return "Valid, deduplicated NPS/CSAT/CES responses, quarantine of the rest";
        }

        @Override
        protected Dataset<Row> classify(Dataset<Row> bronze, JobContext context) {
            return SurveyResponses.classify(bronze, context.lake().read(LakeTable.silver("customers")));
        }

        @Override
        protected List<WriteResult> writeKept(Dataset<Row> classified, JobContext context) {
            return List.of(context.lake().overwrite(LakeTable.silver("survey_responses"), SurveyResponses.toSilver(classified),
                    context.tag(name())));
        }
    }

    static final class EventsJob extends SilverJob {
        EventsJob() {
            super(Source.CLICKSTREAM, "events");
        }

        @Override
        public String description() {
            return "Consented, stitched, sessionized clickstream events and their sessions, quarantine of the rest";
        }

        @Override
        public List<LakeTable> outputs() {
            return List.of(LakeTable.silver("events"), LakeTable.silver("sessions"), LakeTable.quarantine("clickstream"));
        }

        @Override
        protected Dataset<Row> classify(Dataset<Row> bronze, JobContext context) {
            return Events.classify(bronze, context.lake().read(LakeTable.silver("customers")));
        }

        @Override
        protected List<WriteResult> writeKept(Dataset<Row> classified, JobContext context) {
            Lake lake = context.lake();
            Dataset<Row> events = Sessions.sessionize(Events.toSilver(classified), context.config().sessions().timeoutMinutes());
            WriteResult eventsWrite = lake.overwrite(LakeTable.silver("events"), events, context.tag(name()));
            // Sessions from the table just written: a narrow columnar read instead of a second
            // pass of the sessionizing sort.
            WriteResult sessionsWrite = lake.overwrite(LakeTable.silver("sessions"),
                    Sessions.fromEvents(lake.read(LakeTable.silver("events"))), context.tag(name()));
            return List.of(eventsWrite, sessionsWrite);
        }
    }
}
