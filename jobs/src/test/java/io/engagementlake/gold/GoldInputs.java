package io.engagementlake.gold;

import io.engagementlake.SparkTestSession;
import io.engagementlake.config.EngagementConfig;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Small silver inputs for the gold tests, written as SQL VALUES with only the columns the
 * gold transformations read. Timestamps are UTC ('yyyy-MM-dd HH:mm:ss[.ffffff]').
 */
final class GoldInputs {
    /** The as-of date of the fixtures: economic window from 2024-07-01, engagement window from 2025-04-02. */
    static final LocalDate D = LocalDate.parse("2025-06-30");

    static final EngagementConfig.Windows WINDOWS = new EngagementConfig.Windows(365, 90);
    static final EngagementConfig.Churn CHURN = new EngagementConfig.Churn(90);
    static final EngagementConfig.Scores SCORES = new EngagementConfig.Scores(
            new EngagementConfig.Weights(0.5, 0.25, 0.25), new EngagementConfig.SocialActionPoints(1, 1, 2, 2, 10));
    static final EngagementConfig.Tiers TIERS = new EngagementConfig.Tiers(80, 60, 30);
    static final EngagementConfig.Actions ACTIONS = new EngagementConfig.Actions(30, 90);

    private GoldInputs() {}

    /** (customer_id, segment, signup_ts, referred_by, consent_marketing); country is always 'DE'. */
    static Dataset<Row> customers(String values) {
        return sql("SELECT customer_id, segment, 'DE' AS country, CAST(signup_ts AS TIMESTAMP) AS signup_ts, "
                + "CAST(referred_by AS STRING) AS referred_by, CAST(consent_marketing AS BOOLEAN) AS consent_marketing FROM VALUES "
                + values + " AS customers(customer_id, segment, signup_ts, referred_by, consent_marketing)");
    }

    /** (customer_id, ts, type, amount in the reporting currency); net_amount is signed by type. */
    static Dataset<Row> transactions(String values) {
        return sql("SELECT customer_id, CAST(ts AS TIMESTAMP) AS ts, type, CAST(amount AS DECIMAL(18,2)) AS amount_reporting, "
                + "CAST(CASE WHEN type = 'refund' THEN -amount ELSE amount END AS DECIMAL(18,2)) AS net_amount FROM VALUES "
                + values + " AS transactions(customer_id, ts, type, amount)");
    }

    static Dataset<Row> noTransactions() {
        return transactions("('none', '2000-01-01 00:00:00', 'purchase', 1.00)").where("false");
    }

    /** (customer_key, session_date, duration_seconds). */
    static Dataset<Row> sessions(String values) {
        return sql("SELECT CAST(customer_key AS STRING) AS customer_key, CAST(session_date AS DATE) AS session_date, "
                + "CAST(duration_seconds AS DOUBLE) AS duration_seconds FROM VALUES "
                + values + " AS sessions(customer_key, session_date, duration_seconds)");
    }

    static Dataset<Row> noSessions() {
        return sessions("('none', '2000-01-01', 0)").where("false");
    }

    /** (customer_key, ts, event_type). */
    static Dataset<Row> events(String values) {
        return sql("SELECT CAST(customer_key AS STRING) AS customer_key, CAST(ts AS TIMESTAMP) AS ts, event_type FROM VALUES "
                + values + " AS events(customer_key, ts, event_type)");
    }

    static Dataset<Row> noEvents() {
        return events("('none', '2000-01-01 00:00:00', 'page_view')").where("false");
    }

    /** (response_id, customer_id, ts, survey_type, score, comment); touchpoint is always 'web'. */
    static Dataset<Row> surveys(String values) {
        return sql("SELECT response_id, customer_id, CAST(ts AS TIMESTAMP) AS ts, survey_type, 'web' AS touchpoint, "
                + "CAST(score AS INT) AS score, CAST(comment AS STRING) AS comment FROM VALUES "
                + values + " AS survey_responses(response_id, customer_id, ts, survey_type, score, comment)");
    }

    static Dataset<Row> noSurveys() {
        return surveys("('none', 'none', '2000-01-01 00:00:00', 'csat', 1, NULL)").where("false");
    }

    /** (customer_id, p_alive, predicted_orders_365d, predicted_clv_365d) as the model job scores them. */
    static Dataset<Row> predictions(String values) {
        return sql("SELECT customer_id, CAST(p_alive AS DOUBLE) AS p_alive, CAST(predicted_orders_365d AS DOUBLE) AS predicted_orders_365d, "
                + "CAST(predicted_clv_365d AS DECIMAL(18,2)) AS predicted_clv_365d FROM VALUES "
                + values + " AS predictions(customer_id, p_alive, predicted_orders_365d, predicted_clv_365d)");
    }

    static Dataset<Row> noPredictions() {
        return predictions("('none', 0.5, 1.0, 1.00)").where("false");
    }

    static Dataset<Row> engagement(Dataset<Row> customers, Dataset<Row> transactions, Dataset<Row> sessions,
            Dataset<Row> events, Dataset<Row> surveys) {
        return engagement(customers, transactions, sessions, events, surveys, noPredictions());
    }

    static Dataset<Row> engagement(Dataset<Row> customers, Dataset<Row> transactions, Dataset<Row> sessions,
            Dataset<Row> events, Dataset<Row> surveys, Dataset<Row> predictions) {
        return CustomerEngagement.build(customers, transactions, sessions, events, surveys, predictions, D, WINDOWS, CHURN,
                SCORES, TIERS);
    }

    static Dataset<Row> sql(String query) {
        return SparkTestSession.get().sql(query);
    }
}
