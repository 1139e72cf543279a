package io.engagementlake.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole configuration of one Engagement Lake deployment, bound once at start from
 * {@code conf/*.yaml} by {@link ConfigLoader} and passed to every job. Keys are the
 * snake_case names of the record components; spec §4 lists their meaning.
 */
public record EngagementConfig(
        Lake lake,
        Spark spark,
        Reporting reporting,
        Windows windows,
        Sessions sessions,
        Churn churn,
        Scores scores,
        Tiers tiers,
        Impact impact,
        Actions actions,
        Model model,
        Catalog catalog,
        Serve serve,
        Bi bi,
        Privacy privacy,
        Pipeline pipeline) {

    public EngagementConfig {
        requireNonNull(lake, "lake is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(reporting, "reporting is null");
        requireNonNull(windows, "windows is null");
        requireNonNull(sessions, "sessions is null");
        requireNonNull(churn, "churn is null");
        requireNonNull(scores, "scores is null");
        requireNonNull(tiers, "tiers is null");
        requireNonNull(impact, "impact is null");
        requireNonNull(actions, "actions is null");
        requireNonNull(model, "model is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(serve, "serve is null");
        requireNonNull(bi, "bi is null");
        requireNonNull(privacy, "privacy is null");
        requireNonNull(pipeline, "pipeline is null");
    }

    /**
     * Where the data lives. {@code raw} is the landing zone root, {@code root} the root under
     * which every Delta table lives (one folder per database). Local paths or any Hadoop
     * file system URI such as {@code s3a://bucket/prefix}.
     */
    public record Lake(String raw, String root) {
        public Lake {
            requireText(raw, "raw");
            requireText(root, "root");
        }
    }

    /** The Spark master and any extra Spark settings, passed to the session as they are. */
    public record Spark(String master, String appName, Map<String, String> settings) {
        public Spark {
            requireText(master, "master");
            requireText(appName, "app_name");
            settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        }
    }

    /**
     * The currency all money is reported in, and for each accepted currency its rate to
     * the reporting currency. A transaction in a currency missing here is quarantined.
     */
    public record Reporting(String currency, Map<String, BigDecimal> fx) {
        public Reporting {
            requireText(currency, "currency");
            requireNonNull(fx, "fx is null");
            if (!currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR, got '" + currency + "'");
            }
            for (Map.Entry<String, BigDecimal> rate : fx.entrySet()) {
                if (!rate.getKey().matches("[A-Z]{3}")) {
                    throw new IllegalArgumentException("fx key must be an ISO 4217 code, got '" + rate.getKey() + "'");
                }
                if (rate.getValue() == null || rate.getValue().signum() <= 0) {
                    throw new IllegalArgumentException("fx." + rate.getKey() + " must be a positive rate, got " + rate.getValue());
                }
            }
            if (!fx.containsKey(currency)) {
                throw new IllegalArgumentException("fx must give a rate for the reporting currency " + currency);
            }
            fx = java.util.Collections.unmodifiableMap(new TreeMap<>(fx));
        }
    }

    /** Lengths of the economic and engagement windows, in days (spec §7). */
    public record Windows(int economicDays, int engagementDays) {
        public Windows {
            requirePositive(economicDays, "economic_days");
            requirePositive(engagementDays, "engagement_days");
        }
    }

    /** The inactivity gap that ends a session. */
    public record Sessions(int timeoutMinutes) {
        public Sessions {
            requirePositive(timeoutMinutes, "timeout_minutes");
        }
    }

    /** Days without a purchase after which a customer counts as churned. */
    public record Churn(int inactivityDays) {
        public Churn {
            requirePositive(inactivityDays, "inactivity_days");
        }
    }

    /** How the engagement score is weighted and how social actions are valued. */
    public record Scores(Weights weights, SocialActionPoints socialActionPoints) {
        public Scores {
            requireNonNull(weights, "weights is null");
            requireNonNull(socialActionPoints, "social_action_points is null");
        }
    }

    /** Weights of the three value parts in the engagement score; they add up to 1. */
    public record Weights(double economic, double social, double visitor) {
        public Weights {
            requireNonNegative(economic, "economic");
            requireNonNegative(social, "social");
            requireNonNegative(visitor, "visitor");
            double sum = economic + social + visitor;
            if (Math.abs(sum - 1.0) > 1e-9) {
                throw new IllegalArgumentException("weights must add up to 1, got " + sum);
            }
        }
    }

    /** Points per social action (counted over the engagement window) and per referred signup. */
    public record SocialActionPoints(int share, int comment, int review, int referralInvite, int referredSignup) {
        public SocialActionPoints {
            requireNonNegative(share, "share");
            requireNonNegative(comment, "comment");
            requireNonNegative(review, "review");
            requireNonNegative(referralInvite, "referral_invite");
            requireNonNegative(referredSignup, "referred_signup");
        }
    }

    /** Lower bounds of the engagement tiers on the 0–100 score; {@code dormant} is anything above 0. */
    public record Tiers(double champion, double engaged, double casual) {
        public Tiers {
            if (!(champion > engaged && engaged > casual && casual > 0 && champion <= 100)) {
                throw new IllegalArgumentException("tiers must satisfy 100 >= champion > engaged > casual > 0, got "
                        + champion + ", " + engaged + ", " + casual);
            }
        }
    }

    /** How long after an NPS response its revenue and retention are measured. */
    public record Impact(int horizonDays) {
        public Impact {
            requirePositive(horizonDays, "horizon_days");
        }
    }

    /** How recent an NPS response must be to put a customer on an action list. */
    public record Actions(int detractorDays, int promoterDays) {
        public Actions {
            requirePositive(detractorDays, "detractor_days");
            requirePositive(promoterDays, "promoter_days");
        }
    }

    /** Settings of the predicted-value model (spec §8). */
    public record Model(double discountRate, int holdoutDays) {
        public Model {
            if (!(discountRate >= 0 && discountRate < 1)) {
                throw new IllegalArgumentException("discount_rate must be in [0, 1), got " + discountRate);
            }
            requirePositive(holdoutDays, "holdout_days");
        }
    }

    /**
     * Where table names live. {@code derby_server}: a Hive-compatible metastore in a Derby
     * database under the lake, served by a Derby network server on 127.0.0.1:{@code port}
     * that the first command needing it starts (so a run, a {@code sql} call and {@code serve}
     * can use it at once). {@code hive}: an external Hive metastore at {@code metastore_uri}
     * (shared deployments). {@code in_memory}: names live only as long as the process.
     */
    public record Catalog(String type, int port, String metastoreUri) {
        public static final java.util.List<String> TYPES = java.util.List.of("derby_server", "hive", "in_memory");

        public Catalog {
            requireText(type, "type");
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("type must be one of " + TYPES + ", got '" + type + "'");
            }
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535, got " + port);
            }
            requireNonNull(metastoreUri, "metastore_uri is null");
            if (type.equals("hive") && metastoreUri.isBlank()) {
                throw new IllegalArgumentException("metastore_uri must be set when type is hive");
            }
        }
    }

    /**
     * The Spark Connect endpoint of {@code bin/engagement serve}. {@code token_env} names an
     * environment variable holding the token clients must present; the secret itself never
     * lives in {@code conf/}.
     */
    public record Serve(String host, int port, String tokenEnv) {
        public Serve {
            requireText(host, "host");
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535, got " + port);
            }
            requireNonNull(tokenEnv, "token_env is null");
        }
    }

    /**
     * The Trino server of {@code bin/engagement bi}. {@code java_home} is a JDK Trino runs on
     * (empty: {@code $TRINO_JAVA_HOME}, else the newest suitable JDK under /usr/lib/jvm).
     */
    public record Bi(String host, int port, String javaHome, String heap) {
        public Bi {
            requireText(host, "host");
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535, got " + port);
            }
            requireNonNull(javaHome, "java_home is null");
            requireText(heap, "heap");
        }
    }

    /**
     * Right to erasure ({@code bin/engagement forget}). {@code salt_env} names the environment
     * variable holding the salt of the erasure audit's hashes (kept outside the lake); empty:
     * a random salt created once under the lake root ({@code <lake.root>/_privacy/erasure_salt}).
     */
    public record Privacy(String saltEnv) {
        public Privacy {
            requireNonNull(saltEnv, "salt_env is null");
            if (!saltEnv.isEmpty() && !saltEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("salt_env must be the name of an environment variable (letters, digits, _), got '" + saltEnv + "'");
            }
        }
    }

    /**
     * How a run executes its jobs. {@code parallel_jobs}: how many jobs of one run may run at
     * once in the run's Spark session; a job starts once the jobs it depends on have succeeded.
     * Most of a small run is driver work (planning, Delta commits, catalog calls) that leaves
     * the executors idle, so two jobs at once fill them; 1 runs the jobs one by one, in order.
     */
    public record Pipeline(int parallelJobs) {
        public Pipeline {
            requirePositive(parallelJobs, "parallel_jobs");
        }
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    private static void requirePositive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    private static void requireNonNegative(double value, String key) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + value);
        }
    }
}
