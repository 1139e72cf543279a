package io.engagementlake.serve;

import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobContext;
import io.engagementlake.pipeline.JobResult;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report}: writes the run report of the as-of date, {@code <lake.root>/reports/<as-of>/index.html},
 * replacing the one an earlier run of the date wrote. It comes after every job that publishes
 * a table, so that the run records it shows are complete (all but its own, which is written
 * once it ends). It reads only aggregates: the gold aggregate tables, the tier counts of
 * {@code customer_engagement} and the date's {@code pipeline_runs}.
 */
public final class ReportJob implements Job {
    public static final String NAME = "report";
    /** Where the report goes, under {@code lake.root}, as {@code bin/engagement jobs} shows it. */
    public static final String FILE = "reports/<as-of>/index.html";
    private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

    private static final LakeTable PIPELINE_RUNS = LakeTable.pipelineRuns();
    private static final LakeTable CUSTOMER_ENGAGEMENT = LakeTable.gold("customer_engagement");
    private static final LakeTable MODEL_FITS = LakeTable.gold("model_fits");
    private static final LakeTable COHORT_RETENTION = LakeTable.gold("cohort_retention");
    private static final LakeTable EXPERIENCE_SUMMARY = LakeTable.gold("experience_summary");
    private static final LakeTable CX_IMPACT = LakeTable.gold("cx_impact");
    private static final LakeTable JOURNEY_FUNNEL = LakeTable.gold("journey_funnel");

    private final List<String> after;

    /** @param after the jobs whose tables and run records the report shows: it runs after them */
    public ReportJob(List<String> after) {
        this.after = List.copyOf(after);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Self-contained HTML run report of the as-of date: row accounting, durations and charts of the aggregates";
    }

    @Override
    public List<String> dependsOn() {
        return after;
    }

    /** Tables whose as-of slice always has rows once their jobs ran: the runner checks them. */
    @Override
    public List<LakeTable> inputs() {
        return List.of(CUSTOMER_ENGAGEMENT, MODEL_FITS, PIPELINE_RUNS);
    }

    /** Aggregates with nothing to count yet on a short history (cx_impact before the first horizon has matured). */
    @Override
    public List<LakeTable> optionalInputs() {
        return List.of(COHORT_RETENTION, EXPERIENCE_SUMMARY, CX_IMPACT, JOURNEY_FUNNEL);
    }

    @Override
    public List<LakeTable> outputs() {
        return List.of();
    }

    @Override
    public List<String> fileOutputs() {
        return List.of(FILE);
    }

    @Override
    public JobResult run(JobContext context) {
        Lake lake = context.lake();
        RunReport report = RunReport.build(context.asOf(), context.runId(), new RunReport.Inputs(
                        lake.read(PIPELINE_RUNS), readOrEmpty(lake, COHORT_RETENTION), readOrEmpty(lake, EXPERIENCE_SUMMARY),
                        readOrEmpty(lake, CX_IMPACT), readOrEmpty(lake, JOURNEY_FUNNEL), lake.read(MODEL_FITS),
                        lake.read(CUSTOMER_ENGAGEMENT)),
                context.config().impact().horizonDays());
        String location = RunReportFile.location(lake.root(), context.asOf());
        RunReportFile.write(context.spark().sparkContext().hadoopConfiguration(), location, RunReportPage.render(report));
        LOG.info("run report of {} written to {}", context.asOf(), location);
        return JobResult.output(Map.of());
    }

    /** An optional table that no job has written yet reads as an empty table of its contract. */
    private static Dataset<Row> readOrEmpty(Lake lake, LakeTable table) {
        if (lake.exists(table)) {
            return lake.read(table);
        }
        return lake.spark().createDataFrame(List.of(), table.contract().schema());
    }
}
