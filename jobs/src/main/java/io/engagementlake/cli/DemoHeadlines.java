package io.engagementlake.cli;

import java.io.PrintStream;
import java.time.LocalDate;

/** The headline figures the demo prints, each one query an analyst could run with {@code sql}. */
final class DemoHeadlines {
    private DemoHeadlines() {}

    static void print(PipelineSession session, LocalDate asOf, PrintStream out) {
        session.registerTables();
        String day = "DATE'" + asOf + "'";
        headline(session, out, "Relationship NPS over the last 365 days, with its 95% margin of error:",
                "SELECT responses, round(100 * (p - d), 1) AS nps, "
                        + "round(196 * sqrt(greatest(p + d - pow(p - d, 2), 0) / responses), 1) AS margin_of_error "
                        + "FROM (SELECT count(*) AS responses, avg(IF(score >= 9, 1.0, 0.0)) AS p, avg(IF(score <= 6, 1.0, 0.0)) AS d "
                        + "FROM silver.survey_responses WHERE survey_type = 'relationship_nps' "
                        + "AND ts >= " + day + " - INTERVAL 364 DAYS AND ts < " + day + " + INTERVAL 1 DAY)");
        headline(session, out, "Top 5 customers by engagement score, and its parts:",
                "SELECT customer_id, engagement_score, economic_score, social_score, visitor_score, engagement_tier, status "
                        + "FROM customer_engagement WHERE as_of_date = " + day
                        + " ORDER BY engagement_score DESC, customer_id LIMIT 5");
        headline(session, out, "Retention of the latest complete cohorts (all segments):",
                "SELECT period AS months_after_first_purchase, max(cohort_month) AS cohort, "
                        + "round(max_by(retention_rate, cohort_month), 3) AS retention_rate FROM cohort_retention "
                        + "WHERE as_of_date = " + day + " AND segment = 'ALL' AND period IN (1, 3, 6) AND is_complete_period "
                        + "GROUP BY period ORDER BY period");
        headline(session, out, "Does experience turn into revenue? Revenue in the " + "horizon after an NPS response, vs detractors:",
                "SELECT nps_category, responses, avg_revenue_after, round(retention_rate, 3) AS retention_rate, "
                        + "round(revenue_index, 2) AS revenue_index FROM cx_impact WHERE as_of_date = " + day
                        + " AND segment = 'ALL' ORDER BY revenue_index DESC");
        headline(session, out, "Predicted value: the models behind p_alive and predicted_clv_365d, and their holdout check:",
                "SELECT model, converged, round(coalesce(r, p), 4) AS `r|p`, round(coalesce(alpha, q), 4) AS `alpha|q`, "
                        + "round(coalesce(a, gamma), 4) AS `a|gamma`, round(b, 4) AS b, customers, "
                        + "round(holdout_predicted, 1) AS holdout_predicted, holdout_actual FROM model_fits "
                        + "WHERE as_of_date = " + day + " ORDER BY model");
    }

    private static void headline(PipelineSession session, PrintStream out, String title, String query) {
        out.println();
        out.println(title);
        ResultPrinter.print(session.spark().sql(query), ResultPrinter.Format.table, out);
    }
}
