package io.engagementlake.serve;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.engagementlake.SparkTestSession;
import io.engagementlake.config.ColumnContract;
import io.engagementlake.config.Contracts;
import io.engagementlake.config.TableContract;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report model on small inline tables shaped by their contracts, each with rows of
 * another as-of date (and, where the report keeps one slice of a table, rows of other
 * segments, touchpoints, devices and survey types) that must not count. Expected values are
 * worked out by hand from the rows.
 */
class RunReportTest {
    private static final LocalDate D = LocalDate.parse("2025-06-30");
    private static final String RUN = "run-2";

    private static RunReport report;

    @BeforeAll
    static void build() {
        report = RunReport.build(D, RUN, new RunReport.Inputs(pipelineRuns(), cohortRetention(), experienceSummary(),
                cxImpact(), journeyFunnel(), modelFits(), customerEngagement()), 180);
    }

    @Test
    void eachJobShowsItsLatestRecordOfTheDateInStartOrder() {
        // silver_customers ran in run-1 and again in run-2 (later): run-2's record counts; ingest_customers
        // ran only in run-1, so its record is shown as one of an earlier run. The record of another date is not shown.
        assertThat(report.jobs()).extracting(RunReport.JobRun::job)
                .containsExactly("ingest_customers", "silver_customers", "gold_cohort_retention");
        assertThat(report.jobs()).extracting(RunReport.JobRun::thisRun).containsExactly(false, true, true);
        RunReport.JobRun silver = report.jobs().get(1);
        assertThat(silver.runId()).isEqualTo(RUN);
        assertThat(silver.durationSeconds()).isEqualTo(12.5);
        assertThat(silver.startedAt()).isEqualTo("2025-07-01T02:00:00Z");
        assertThat(report.jobs().get(2).status()).isEqualTo("failed");
        assertThat(report.jobs().get(2).error()).isEqualTo("disk full");
    }

    @Test
    void ingestionAndSilverCountsOfASourceMeetInOneRow() {
        assertThat(report.sources()).hasSize(1);
        RunReport.SourceRows customers = report.sources().get(0);
        assertThat(customers.source()).isEqualTo("customers");
        assertThat(customers.filesLanded()).isEqualTo(3L);
        assertThat(customers.rowsLanded()).isEqualTo(100L);
        // run-2's silver record: 100 read = 90 kept + 6 quarantined + 4 dropped (not run-1's 50).
        assertThat(customers.read()).isEqualTo(100L);
        assertThat(customers.kept()).isEqualTo(90L);
        assertThat(customers.quarantined()).isEqualTo(6L);
        assertThat(customers.dropped()).isEqualTo(4L);
        assertThat(customers.quarantinedByReason()).containsExactly(Map.entry("bad_email", 2L), Map.entry("missing_id", 4L));
        assertThat(customers.droppedByReason()).containsExactly(Map.entry("superseded", 4L));
    }

    @Test
    void sourcesComeInTheSpecsOrderWhateverOrderTheirJobsStarted() {
        // Jobs run two at once, so surveys' and transactions' ingestion may start before customers'.
        // Columns left out are added as nulls by conform.
        Dataset<Row> runs = conform(spark().sql("""
                SELECT 'run-1' AS run_id, CAST('2025-06-30' AS DATE) AS as_of_date, job, 'succeeded' AS status,
                       CAST(started_at AS TIMESTAMP) AS started_at, CAST(started_at AS TIMESTAMP) AS ended_at,
                       1.0D AS duration_seconds, source, 1L AS files_landed, rows AS rows_landed
                FROM VALUES
                ('ingest_surveys', '2025-07-01 01:00:00', 'surveys', 4L),
                ('ingest_transactions', '2025-07-01 01:00:01', 'transactions', 3L),
                ('ingest_customers', '2025-07-01 01:00:02', 'customers', 2L)
                AS runs(job, started_at, source, rows)"""), LakeTable.pipelineRuns().contract());
        RunReport shuffled = RunReport.build(D, "run-1", new RunReport.Inputs(runs, cohortRetention(),
                experienceSummary(), cxImpact(), journeyFunnel(), modelFits(), customerEngagement()), 180);
        assertThat(shuffled.jobs()).extracting(RunReport.JobRun::job)
                .containsExactly("ingest_surveys", "ingest_transactions", "ingest_customers");
        assertThat(shuffled.sources()).extracting(RunReport.SourceRows::source, RunReport.SourceRows::rowsLanded)
                .containsExactly(tuple("customers", 2L), tuple("transactions", 3L), tuple("surveys", 4L));
    }

    @Test
    void rowsWrittenPerTableFromTheShownRecords() {
        assertThat(report.tables()).containsExactly(
                new RunReport.TableRows("bronze.customers", "ingest_customers", 100),
                new RunReport.TableRows("engagement.customers_quarantine", "silver_customers", 6),
                new RunReport.TableRows("silver.customers", "silver_customers", 90));
    }

    @Test
    void retentionOfCompletePeriodsOfAllSegments() {
        // Cohort 2025-05: periods 0 and 1 (complete); cohort 2025-06: period 0. The B2B row, the
        // incomplete period and the other date are left out.
        assertThat(report.retention()).containsExactly(
                new RunReport.RetentionCell("2025-05", 0, 40, 1.0),
                new RunReport.RetentionCell("2025-05", 1, 40, 0.25),
                new RunReport.RetentionCell("2025-06", 0, 20, 1.0));
    }

    @Test
    void monthlyRelationshipNpsWithItsMarginOfErrorAsPublished() {
        assertThat(report.nps()).containsExactly(
                new RunReport.MonthlyNps("2025-05", 7, 100.0 / 7, 61.708994482166),
                new RunReport.MonthlyNps("2025-06", 4, -25.0, 89.0));
    }

    @Test
    void everyTierWithItsCustomersOfTheDateAndZeroForAnEmptyTier() {
        // D: champion C1; engaged C2, C3; casual C4; dormant none; inactive C5, C6, C7. C8 is of another date.
        assertThat(report.tiers()).containsExactly(
                new RunReport.TierCount("champion", 1), new RunReport.TierCount("engaged", 2),
                new RunReport.TierCount("casual", 1), new RunReport.TierCount("dormant", 0),
                new RunReport.TierCount("inactive", 3));
    }

    @Test
    void cxImpactOfAllSegmentsFromPromotersToDetractors() {
        assertThat(report.cxHorizonDays()).isEqualTo(180);
        assertThat(report.cxImpact()).containsExactly(
                new RunReport.CxCategory("promoter", 10, 9, new BigDecimal("150.00"), 0.8, 1.5),
                new RunReport.CxCategory("passive", 5, 5, new BigDecimal("120.00"), 0.6, 1.2),
                new RunReport.CxCategory("detractor", 4, 4, new BigDecimal("100.00"), 0.5, 1.0));
    }

    @Test
    void funnelOfAllMonthsAddsTheCountsAndRecomputesTheRates() {
        // ALL device: May 10 / 6 / 3 / 2 and June 30 / 9 / 6 / 3 product-view / cart / checkout / order sessions,
        // together 40 / 15 / 9 / 5 of 50 + 60 = 110 sessions. The mobile rows and the other date are left out.
        RunReport.Funnel funnel = report.funnel();
        assertThat(funnel.firstMonth()).isEqualTo("2025-05");
        assertThat(funnel.lastMonth()).isEqualTo("2025-06");
        assertThat(funnel.sessions()).isEqualTo(110);
        assertThat(funnel.steps()).extracting(RunReport.FunnelStep::sessions).containsExactly(40L, 15L, 9L, 5L);
        assertThat(funnel.steps().get(0).conversionRate()).isEqualTo(1.0);
        assertThat(funnel.steps().get(0).dropOffRate()).isNull();
        // 15 / 40 reach the cart: 62.5% of product-view sessions go no further; then 1 - 9/15 and 1 - 5/9.
        assertThat(funnel.steps().get(1).conversionRate()).isCloseTo(0.375, within(1e-12));
        assertThat(funnel.steps().get(1).dropOffRate()).isCloseTo(0.625, within(1e-12));
        assertThat(funnel.steps().get(2).dropOffRate()).isCloseTo(0.4, within(1e-12));
        assertThat(funnel.steps().get(3).conversionRate()).isCloseTo(0.125, within(1e-12));
        assertThat(funnel.steps().get(3).dropOffRate()).isCloseTo(4.0 / 9, within(1e-12));
    }

    @Test
    void holdoutCheckOfTheBgnbdRowWithItsBuckets() {
        RunReport.ModelHoldout holdout = report.holdout();
        assertThat(holdout.holdoutDays()).isEqualTo(90);
        assertThat(holdout.predicted()).isEqualTo(41.5);
        assertThat(holdout.actual()).isEqualTo(44);
        assertThat(holdout.byFrequency()).containsExactly(
                new RunReport.HoldoutBucket("0", 30, 11.5, 10), new RunReport.HoldoutBucket("1", 12, 30.0, 34));
    }

    @Test
    void emptySlicesGiveEmptySectionsAndNoHoldout() {
        RunReport empty = RunReport.build(LocalDate.parse("2025-01-31"), RUN, new RunReport.Inputs(pipelineRuns(),
                cohortRetention(), experienceSummary(), cxImpact(), journeyFunnel(), modelFitsWithoutHoldout(),
                customerEngagement()), 180);
        assertThat(empty.jobs()).isEmpty();
        assertThat(empty.sources()).isEmpty();
        assertThat(empty.retention()).isEmpty();
        assertThat(empty.nps()).isEmpty();
        assertThat(empty.cxImpact()).isEmpty();
        assertThat(empty.funnel()).isNull();
        assertThat(empty.holdout()).isNull();
        assertThat(empty.tiers()).extracting(RunReport.TierCount::customers).containsOnly(0L);
    }

    private static Dataset<Row> pipelineRuns() {
        return conform(spark().sql("""
                SELECT run_id, CAST(as_of_date AS DATE) AS as_of_date, job, status, error,
                       CAST(started_at AS TIMESTAMP) AS started_at, CAST(ended_at AS TIMESTAMP) AS ended_at,
                       duration_seconds, source, files_landed, rows_landed, rows_read, rows_kept, rows_quarantined,
                       rows_dropped, quarantined_by_reason, dropped_by_reason, output_rows
                FROM VALUES
                ('run-1', '2025-06-30', 'ingest_customers', 'succeeded', NULL, '2025-07-01 01:00:00', '2025-07-01 01:00:05', 5.0,
                 'customers', 3L, 100L, NULL, NULL, NULL, NULL, NULL, NULL, map('bronze.customers', 100L)),
                ('run-1', '2025-06-30', 'silver_customers', 'succeeded', NULL, '2025-07-01 01:00:06', '2025-07-01 01:00:16', 10.0,
                 'customers', NULL, NULL, 50L, 50L, 0L, 0L, map(), map(), map('silver.customers', 50L)),
                ('run-2', '2025-06-30', 'silver_customers', 'succeeded', NULL, '2025-07-01 02:00:00', '2025-07-01 02:00:12.5', 12.5,
                 'customers', NULL, NULL, 100L, 90L, 6L, 4L, map('missing_id', 4L, 'bad_email', 2L), map('superseded', 4L),
                 map('silver.customers', 90L, 'engagement.customers_quarantine', 6L)),
                ('run-2', '2025-06-30', 'gold_cohort_retention', 'failed', 'disk full', '2025-07-01 02:00:13', '2025-07-01 02:00:14', 1.0,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                ('run-0', '2025-05-31', 'ingest_customers', 'succeeded', NULL, '2025-07-01 03:00:00', '2025-07-01 03:00:01', 1.0,
                 'customers', 9L, 999L, NULL, NULL, NULL, NULL, NULL, NULL, map('bronze.customers', 999L))
                AS runs(run_id, as_of_date, job, status, error, started_at, ended_at, duration_seconds, source,
                        files_landed, rows_landed, rows_read, rows_kept, rows_quarantined, rows_dropped,
                        quarantined_by_reason, dropped_by_reason, output_rows)"""), LakeTable.pipelineRuns().contract());
    }

    private static Dataset<Row> cohortRetention() {
        return gold("cohort_retention", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, CAST(cohort_month AS DATE) AS cohort_month, segment, period,
                       cohort_size, retention_rate, is_complete_period
                FROM VALUES
                ('2025-06-30', '2025-06-01', 'ALL', 0, 20, 1.0, true),
                ('2025-06-30', '2025-05-01', 'ALL', 1, 40, 0.25, true),
                ('2025-06-30', '2025-05-01', 'ALL', 0, 40, 1.0, true),
                ('2025-06-30', '2025-05-01', 'B2B', 1, 10, 0.5, true),
                ('2025-06-30', '2025-05-01', 'ALL', 2, 40, 0.1, false),
                ('2025-05-31', '2025-04-01', 'ALL', 0, 30, 1.0, true)
                AS t(as_of_date, cohort_month, segment, period, cohort_size, retention_rate, is_complete_period)""");
    }

    private static Dataset<Row> experienceSummary() {
        return gold("experience_summary", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, CAST(response_month AS DATE) AS response_month, survey_type,
                       touchpoint, segment, responses, nps, nps_margin_of_error
                FROM VALUES
                ('2025-06-30', '2025-06-01', 'relationship_nps', 'ALL', 'ALL', 4, -25.0, 89.0),
                ('2025-06-30', '2025-05-01', 'relationship_nps', 'ALL', 'ALL', 7, 100D / 7, 61.708994482166D),
                ('2025-06-30', '2025-05-01', 'relationship_nps', 'web', 'ALL', 3, 0.0, 10.0),
                ('2025-06-30', '2025-05-01', 'relationship_nps', 'ALL', 'B2B', 3, 0.0, 10.0),
                ('2025-06-30', '2025-05-01', 'transactional_nps', 'ALL', 'ALL', 3, 0.0, 10.0),
                ('2025-05-31', '2025-05-01', 'relationship_nps', 'ALL', 'ALL', 3, 0.0, 10.0)
                AS t(as_of_date, response_month, survey_type, touchpoint, segment, responses, nps, nps_margin_of_error)""");
    }

    private static Dataset<Row> cxImpact() {
        return gold("cx_impact", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, nps_category, segment, responses, customers,
                       avg_revenue_after, retention_rate, revenue_index
                FROM VALUES
                ('2025-06-30', 'detractor', 'ALL', 4, 4, 100.00, 0.5, 1.0),
                ('2025-06-30', 'promoter', 'ALL', 10, 9, 150.00, 0.8, 1.5),
                ('2025-06-30', 'passive', 'ALL', 5, 5, 120.00, 0.6, 1.2),
                ('2025-06-30', 'promoter', 'B2C', 6, 6, 170.00, 0.9, 1.7),
                ('2025-05-31', 'promoter', 'ALL', 1, 1, 1.00, 1.0, 1.0)
                AS t(as_of_date, nps_category, segment, responses, customers, avg_revenue_after, retention_rate, revenue_index)""");
    }

    private static Dataset<Row> journeyFunnel() {
        return gold("journey_funnel", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, CAST(session_month AS DATE) AS session_month, device, sessions,
                       product_view_sessions, add_to_cart_sessions, checkout_sessions, order_completed_sessions
                FROM VALUES
                ('2025-06-30', '2025-05-01', 'ALL', 50, 10, 6, 3, 2),
                ('2025-06-30', '2025-06-01', 'ALL', 60, 30, 9, 6, 3),
                ('2025-06-30', '2025-06-01', 'mobile', 20, 10, 1, 1, 1),
                ('2025-05-31', '2025-05-01', 'ALL', 50, 10, 6, 3, 2)
                AS t(as_of_date, session_month, device, sessions, product_view_sessions, add_to_cart_sessions,
                     checkout_sessions, order_completed_sessions)""");
    }

    private static Dataset<Row> modelFits() {
        return gold("model_fits", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, model, holdout_days, holdout_predicted, holdout_actual,
                       holdout_by_frequency
                FROM VALUES
                ('2025-06-30', 'bgnbd', 90, 41.5, 44L, array(named_struct('frequency_bucket', '0', 'customers', 30L,
                    'predicted', 11.5D, 'actual', 10L), named_struct('frequency_bucket', '1', 'customers', 12L,
                    'predicted', 30.0D, 'actual', 34L))),
                ('2025-06-30', 'gamma_gamma', NULL, NULL, NULL, NULL),
                ('2025-05-31', 'bgnbd', 90, 1.0, 1L, NULL)
                AS t(as_of_date, model, holdout_days, holdout_predicted, holdout_actual, holdout_by_frequency)""");
    }

    private static Dataset<Row> modelFitsWithoutHoldout() {
        return gold("model_fits", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, model
                FROM VALUES ('2025-01-31', 'bgnbd'), ('2025-01-31', 'gamma_gamma') AS t(as_of_date, model)""");
    }

    private static Dataset<Row> customerEngagement() {
        return gold("customer_engagement", """
                SELECT CAST(as_of_date AS DATE) AS as_of_date, customer_id, engagement_tier
                FROM VALUES
                ('2025-06-30', 'C1', 'champion'), ('2025-06-30', 'C2', 'engaged'), ('2025-06-30', 'C3', 'engaged'),
                ('2025-06-30', 'C4', 'casual'), ('2025-06-30', 'C5', 'inactive'), ('2025-06-30', 'C6', 'inactive'),
                ('2025-06-30', 'C7', 'inactive'), ('2025-05-31', 'C8', 'champion')
                AS t(as_of_date, customer_id, engagement_tier)""");
    }

    /** The query's rows as the gold table {@code name} holds them: its columns, types and order; the others null. */
    private static Dataset<Row> gold(String name, String query) {
        return conform(spark().sql(query), Contracts.load("gold", name));
    }

    private static Dataset<Row> conform(Dataset<Row> rows, TableContract contract) {
        List<String> present = Arrays.asList(rows.columns());
        for (ColumnContract column : contract.columns()) {
            if (!present.contains(column.name())) {
                rows = rows.withColumn(column.name(), lit(null).cast(DataType.fromDDL(column.type())));
            }
        }
        return Lake.conform(rows, contract);
    }

    private static SparkSession spark() {
        return SparkTestSession.get();
    }
}
