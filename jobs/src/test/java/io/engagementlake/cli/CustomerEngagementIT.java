package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.engagementlake.model.BetaGeometricNbdModel;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.FileUtils;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * End to end through {@code bin/engagement} on a small hand-made landing zone: one customer's
 * {@code customer_engagement} row checked column by column against values worked out by hand
 * from spec §7.1 and the contract, and gold slices that do not depend on the order in which
 * as-of dates are run.
 *
 * <p><b>The landing zone</b> (written by {@link Fixture}; deterministic: the same files on every
 * run, the generic customers' purchases from a seeded {@code java.util.Random}) has landing
 * folders {@code date=2025-03-31} (initial load), {@code 2025-05-31}, {@code 2025-06-15},
 * {@code 2025-06-20} and {@code 2025-06-30}. A record lands in the first folder on or after
 * the UTC date of its timestamp unless said otherwise. The as-of dates are
 * D1 = 2025-06-15 and D2 = 2025-06-30; at D2 the economic window (365 days) is
 * 2024-07-01..2025-06-30 and the engagement window (90 days) 2025-04-02..2025-06-30.
 * <ul>
 * <li><b>C100, the main customer</b> (hand-verified at D2): three customer versions (AT at
 *     first; DE from an update landed 2025-06-20; an FR version landed 2025-06-30 whose
 *     updated_at is older, so superseded); signup at 00:30+02:00, i.e. the previous UTC day;
 *     transactions in EUR, USD, GBP and SEK, a purchase just before the economic window (by
 *     its UTC time, not its local one), one exactly at its start, two on one UTC day, refunds
 *     (one at 23:00 UTC on D2, written with +02:00), a purchase after D2 landed on D2, a
 *     duplicate transaction_id with another amount, a negative amount and an unknown currency;
 *     clickstream on two devices with events before login (stitched), a gap of exactly 30
 *     minutes (same session) and one of 31 (new session), a session that starts the day before
 *     the engagement window and has a page view inside it, an event after D2 landed on D2, a
 *     duplicate event_id, and an anonymous id first seen with C100 that later logs in as
 *     C111 (so it is C111's); social actions; four referred customers (one signed up before
 *     the economic window, one inside, one at 22:30 UTC on D2 written as 00:30+02:00 the next
 *     day, one after D2); NPS responses with a tie on ts (the greater response_id wins), an
 *     out-of-range score and a response after D2; CSAT responses inside and outside the
 *     economic window.</li>
 * <li><b>Other named customers</b>: C101–C104 (referred by C100), C105 (a B2B "whale" who
 *     buys €2,500–€5,200 every two months, €24,000 in D2's economic window, and visits in five
 *     25-minute sessions), C106 and C107 (many social actions: 35 and 30 points), C108 (one
 *     3-hour session), C109 (no tracking consent: its events are excluded), C110 (its
 *     transaction lands before the customer row: unknown_customer at D1, admitted at D2),
 *     C111 (a prospect, never purchased).</li>
 * <li><b>Generic customers C201–C239</b> (i = 1..39; {@link Fixture#generic}): signup
 *     2024-01-01 + 9i days. Their purchases (EUR, at 12:00 UTC, from signup + 1 + (i mod 7)
 *     days to D2) follow the story the BG/NBD and Gamma-Gamma models tell, so that the fits of
 *     {@code model_fits} have something to converge on: a purchase rate ~ Gamma(3) with mean 1
 *     per 60 days, a drop-out probability after each purchase ~ Beta(1, 4), amounts exponential
 *     around a customer mean of €6–€12, clipped to €1–€15. They are drawn from
 *     {@code java.util.Random} with a fixed seed (its sequence is fixed by its specification)
 *     and {@code StrictMath}: the same files on every JVM. Their other activity is by formula:
 *     i mod 6 sessions of exactly 10 minutes in the engagement window of D2 with funnel
 *     events, a share for i ≡ 1 (mod 3); a relationship NPS a month after signup, promoter
 *     responses in April/May for i ≡ 3 (mod 7), transactional NPS in June for multiples of 4,
 *     CSAT and CES. C201 also has a purchase of 2025-06-14 that lands only on 2025-06-20 (late
 *     data: in D2's history, not in D1's).</li>
 * </ul>
 * So at D2 the snapshot has 50 customers (C104 signs up after D2), which makes every
 * percentile share a multiple of 2 points, and at D1 it has 48. The model columns of C100
 * are checked against the BG/NBD closed form for P(alive) and the Gamma-Gamma expected spend
 * with the parameters that {@code model_fits} holds for D2 (with the generic customers both
 * fits converge; if a fit did not, the test expects null model columns and a diagnostic).
 *
 * <p><b>Runs</b>: lake A runs D2 on an empty lake and one query reads its gold slices; C100's row
 * is checked in A's D2 slice. With {@code -Dengagement.it.long=true} the run-order test then
 * runs D1 on lake A (out of order), D1 alone on lake B and D2 alone on lake C, and every gold
 * slice of A must equal the corresponding slice of B or C, row for row and column for column
 * (three more runs and queries, one at a time: each run of the CLI keeps both cores busy,
 * about 1 m 45 s on an idle 2-core machine). The default suite checks run order in-process
 * with {@link io.engagementlake.pipeline.RunOrderTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerEngagementIT {
    private static final LocalDate D1 = LocalDate.parse("2025-06-15");
    private static final LocalDate D2 = LocalDate.parse("2025-06-30");
    private static final String MAIN = "C100";
    private static final List<String> GOLD_TABLES = List.of("customer_engagement", "cohort_retention", "experience_summary",
            "cx_impact", "detractor_recovery", "promoter_activation", "journey_funnel", "model_fits");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Path folder;
    private static Fixture fixture;
    private static Path lakeA;
    private static Path lakeB;
    private static Path lakeC;
    /** Gold slices of each lake after its runs, by lake; see {@link #slices()}. */
    private static Map<Path, Map<String, List<String>>> slices;
    /** Gold slices of lake A after its first run (D2). */
    private static Map<String, List<String>> lakeAAsOfD2;

    @BeforeAll
    static void landingZone() throws Exception {
        folder = Path.of(System.getProperty("java.io.tmpdir"), "customer-engagement-it");
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        fixture = new Fixture();
        fixture.write(folder.resolve("raw"));
        lakeA = conf("lake-a");
        lakeB = conf("lake-b");
        lakeC = conf("lake-c");
    }

    @Test
    @Order(1)
    void theMainCustomersRowMatchesTheHandComputedValuesInEveryColumn() throws Exception {
        // Lake A ran D2 on an empty lake.
        Map<String, List<String>> lake = lakeAAsOfD2();
        JsonNode row = null;
        long customers = 0;
        BigDecimal maxOtherClv = BigDecimal.ZERO;
        for (String json : lake.getOrDefault("customer_engagement@" + D2, List.of())) {
            JsonNode customer = JSON.readTree(json);
            customers++;
            if (customer.get("customer_id").asText().equals(MAIN)) {
                row = customer;
            } else if (!customer.get("customer_id").asText().equals("C105") && customer.hasNonNull("predicted_clv_365d")) {
                maxOtherClv = maxOtherClv.max(customer.get("predicted_clv_365d").decimalValue());
            }
        }
        Map<String, JsonNode> fits = new TreeMap<>();
        for (String json : lake.getOrDefault("model_fits@" + D2, List.of())) {
            JsonNode fit = JSON.readTree(json);
            fits.put(fit.get("model").asText(), fit);
        }
        assertThat(row).as("customer_engagement row of %s at %s", MAIN, D2).isNotNull();
        assertThat(fits).containsOnlyKeys("bgnbd", "gamma_gamma");
        JsonNode bgnbd = fits.get("bgnbd");
        JsonNode gammaGamma = fits.get("gamma_gamma");

        // Every column of the contract is checked below, and nothing else.
        List<String> checked = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();

        // --- keys and attributes ---
        expect(softly, checked, row, "as_of_date", "2025-06-30");
        expect(softly, checked, row, "customer_id", "C100");
        expect(softly, checked, row, "segment", "B2C");
        // Versions: AT (updated 2024-01-14, landed 03-31), DE (updated 2025-06-18, landed 06-20),
        // FR (updated 2025-06-10, landed 06-30 — later landing but older updated_at: superseded).
        expect(softly, checked, row, "country", "DE");
        // signup_ts 2024-01-15T00:30:00+02:00 = 2024-01-14T22:30Z.
        expect(softly, checked, row, "signup_date", "2024-01-14");

        // --- economic: window [2024-07-01T00:00Z, 2025-07-01T00:00Z); fx EUR 1, USD 0.92, GBP 1.17, SEK 0.087 ---
        // TM01 2024-03-10 purchase 100.00 EUR                    -> 100.00, before the window
        // TM02 2024-07-01T01:30+02:00 = 2024-06-30T23:30Z 50 EUR -> 50.00, before the window (UTC)
        // TM03 2024-07-01T00:00Z purchase 80.00 USD              -> 80 × 0.92 = 73.60, first instant of the window
        // TM04 2024-12-05T15:00Z purchase 800.00 GBP             -> 800 × 1.17 = 936.00 (a later copy of TM04, 999 GBP, is a duplicate)
        // TM05 2024-12-05T18:00Z purchase 30.005 EUR             -> 30.005 half-up = 30.01
        // TM06 2025-01-20 refund 20.00 GBP                       -> −23.40
        // TM07 2025-05-20 purchase 1234.50 SEK                   -> 1234.5 × 0.087 = 107.4015 -> 107.40
        // TM08 2025-07-01T01:00+02:00 = 2025-06-30T23:00Z refund 10.00 EUR -> −10.00, last hour of D2
        // TM09 2025-07-01T00:30Z purchase 500 EUR (landed 06-30) -> after D2: ignored everywhere
        // (TM10 amount −5.00 and TM11 in JPY are quarantined.)
        expect(softly, checked, row, "orders_365d", 4L); // TM03, TM04, TM05, TM07
        // 73.60 + 936.00 + 30.01 − 23.40 + 107.40 − 10.00
        expectDecimal(softly, checked, row, "revenue_365d", "1113.61");
        // (73.60 + 936.00 + 30.01 + 107.40) / 4 = 1147.01 / 4 = 286.7525 -> 286.75
        expectDecimal(softly, checked, row, "avg_order_value_365d", "286.75");
        // 100.00 + 50.00 + 1113.61
        expectDecimal(softly, checked, row, "lifetime_revenue", "1263.61");
        expect(softly, checked, row, "first_purchase_date", "2024-03-10");
        expect(softly, checked, row, "last_purchase_date", "2025-05-20"); // refunds are not purchases; TM09 is after D2
        expect(softly, checked, row, "recency_days", 41L); // 2025-05-20 -> 2025-06-30: 11 + 30 days

        // --- visitor: window 2025-04-02..2025-06-30; sessions cut at gaps > 30 minutes ---
        // S0 2025-03-15 12:00 share (anonymous on A-M1, stitched)                   date 03-15: outside
        // S1 2025-04-01 23:50 page_view, 04-02 00:10 page_view                      date 04-01: outside, but its 00:10 page view is inside
        // S2 2025-05-10 10:00 page_view (anonymous), 10:30 product_view (gap exactly 30: same session),
        //    10:40 page_view, 10:45 login as C100, 10:50 share                      50 min = 3000 s
        // S3 2025-05-10 11:21 page_view (gap 31 min: new session), 11:40:30 comment 19.5 min = 1170 s
        // S5 2025-06-01 08:00 page_view, 08:10 and 08:12 referral_invite (A-M2)     12 min = 720 s
        // S4 2025-07-01T01:40+02:00 = 06-30 23:40Z page_view, 23:55 review          15 min = 900 s
        // S6 2025-07-01 02:00Z page_view (landed 06-30)                             after D2: outside
        // (A-SHARED's 2025-05-15 page view names C100 but the id later logs in as C111: C111's.)
        expect(softly, checked, row, "sessions_90d", 4L); // S2, S3, S5, S4
        expect(softly, checked, row, "active_days_90d", 4L); // 04-02, 05-10, 06-01, 06-30
        expectDouble(softly, checked, row, "engaged_minutes_90d", (3000 + 1170 + 720 + 900) / 60.0, 1e-9); // 5790 s = 96.5
        expect(softly, checked, row, "page_views_90d", 6L); // 04-02 00:10, S2 10:00 and 10:40, S3 11:21, S5 08:00, S4 23:40
        expect(softly, checked, row, "last_visit_date", "2025-06-30"); // S6 is after D2

        // --- social ---
        expect(softly, checked, row, "shares_90d", 1L); // S2 (the 03-15 share is outside; its duplicate event_id is dropped)
        expect(softly, checked, row, "comments_90d", 1L);
        expect(softly, checked, row, "reviews_90d", 1L);
        expect(softly, checked, row, "referral_invites_90d", 2L);
        // C101 (2024-02-01), C102 (2024-09-10), C103 (2025-07-01T00:30+02:00 = 2025-06-30T22:30Z); C104 signs up 2025-07-01T03:00Z.
        expect(softly, checked, row, "referred_customers", 3L);
        expect(softly, checked, row, "referred_signups_365d", 2L); // C102, C103 (C101 signed up before 2024-07-01)
        // C101: refund of 15.00 EUR on 2025-02-10 (its purchase of 2024-05-01 is before the window) = −15.00;
        // C102: 120.00 USD on 2024-10-01 = 110.40; C103: nothing. −15.00 + 110.40 + 0
        expectDecimal(softly, checked, row, "referred_revenue_365d", "95.40");

        // --- experience ---
        // NPS: SM01 2025-03-01 relationship 3; SM02 transactional 9 and SM03 relationship 8, both 2025-06-20T12:00Z
        // (tie on ts: the greatest response_id, SM03, wins); SM04 2025-06-25 score 11 is quarantined; SM05 is after D2.
        expect(softly, checked, row, "last_nps_score", 8L);
        expect(softly, checked, row, "last_nps_date", "2025-06-20");
        expect(softly, checked, row, "nps_category", "passive");
        // CSAT: 2024-06-15 score 1 (outside), 2024-08-01 4, 2025-02-02 5, 2025-06-29 5 -> 14 / 3
        expectDouble(softly, checked, row, "avg_csat_365d", 14.0 / 3.0, 1e-12);

        // --- model ---
        // Purchase days ≤ D2 (UTC dates): 2024-03-10, 2024-06-30, 2024-07-01, 2024-12-05 (TM04 + TM05), 2025-05-20
        // x = 5 − 1 = 4; t_x = 2024-03-10 -> 2025-05-20 = 365 + 71 = 436 days; T = 2024-03-10 -> 2025-06-30 = 365 + 112 = 477 days.
        // Mean repeat purchase-day spend = (50.00 + 73.60 + (936.00 + 30.01) + 107.40) / 4 = 1197.01 / 4 = 299.2525.
        double x = 4;
        double tx = 436;
        double age = 477;
        double meanRepeatSpend = 299.2525;
        assertThat(ChronoUnit.DAYS.between(LocalDate.parse("2024-03-10"), LocalDate.parse("2025-05-20"))).isEqualTo((long) tx);
        assertThat(ChronoUnit.DAYS.between(LocalDate.parse("2024-03-10"), D2)).isEqualTo((long) age);
        BigDecimal predictedClv = null;
        if (bgnbd.path("converged").asBoolean()) {
            double r = bgnbd.get("r").asDouble();
            double alpha = bgnbd.get("alpha").asDouble();
            double a = bgnbd.get("a").asDouble();
            double b = bgnbd.get("b").asDouble();
            // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), x > 0
            double pAlive = 1 / (1 + a / (b + x - 1) * Math.pow((alpha + age) / (alpha + tx), r + x));
            expectDouble(softly, checked, row, "p_alive", pAlive, 1e-9 * pAlive);
            double orders = new BetaGeometricNbdModel(r, alpha, a, b).conditionalExpectedPurchases(365, x, tx, age);
            expectDouble(softly, checked, row, "predicted_orders_365d", orders, 1e-9 * orders);
            if (gammaGamma.path("converged").asBoolean()) {
                double p = gammaGamma.get("p").asDouble();
                double q = gammaGamma.get("q").asDouble();
                double gamma = gammaGamma.get("gamma").asDouble();
                // Gamma-Gamma expected spend per purchase day given x and the mean repeat spend m: p (γ + x m) / (p x + q − 1).
                double value = p * (gamma + x * meanRepeatSpend) / (p * x + q - 1);
                // predicted_orders_365d × that, undiscounted (model.discount_rate 0), half-up to cents (±1 cent: double arithmetic).
                BigDecimal clv = BigDecimal.valueOf(orders * value).setScale(2, RoundingMode.HALF_UP);
                checked.add("predicted_clv_365d");
                softly.assertThat(decimal(row, "predicted_clv_365d")).as("predicted_clv_365d").isCloseTo(clv, within(new BigDecimal("0.01")));
                predictedClv = decimal(row, "predicted_clv_365d");
            } else {
                softly.assertThat(gammaGamma.path("diagnostics").isTextual()).as("gamma_gamma diagnostics when not converged").isTrue();
                expect(softly, checked, row, "predicted_clv_365d", null);
            }
        } else {
            softly.assertThat(bgnbd.path("diagnostics").isTextual()).as("bgnbd diagnostics when not converged").isTrue();
            expect(softly, checked, row, "p_alive", null);
            expect(softly, checked, row, "predicted_orders_365d", null);
            expect(softly, checked, row, "predicted_clv_365d", null);
        }

        // --- scores: pct(v) = 100 × share of the 50 customers of D2 with a value ≤ v ---
        softly.assertThat(customers).as("customers in the D2 snapshot").isEqualTo(50);
        // economic_value = revenue_365d + coalesce(predicted_clv_365d, 0)
        BigDecimal economicValue = new BigDecimal("1113.61").add(predictedClv == null ? BigDecimal.ZERO : predictedClv);
        expectDecimal(softly, checked, row, "economic_value", economicValue.toPlainString());
        // Only C105 is above: €24,000 of revenue_365d. The other named customers have revenue_365d ≤ €110.40 (C102),
        // the generic ones less than €250 (checked on the fixture below), and all of them, as checked here, a predicted
        // CLV < €500: an economic_value < €750 < €1,113.61 ≤ C100's. 49 of 50 -> 98.
        assertThat(fixture.revenueD2.values().stream().max(BigDecimal::compareTo).orElseThrow())
                .as("fixture assumption: generic customers' revenue_365d at D2").isLessThan(new BigDecimal("250"));
        assertThat(maxOtherClv).as("fixture assumption: others' predicted CLV").isLessThan(new BigDecimal("500"));
        expectDouble(softly, checked, row, "economic_score", 98.0, 0.06);
        // 1 share × 1 + 1 comment × 1 + 1 review × 2 + 2 invites × 2 + 2 referred signups × 10 = 1 + 1 + 2 + 4 + 20
        expectDouble(softly, checked, row, "social_points", 28.0, 0.0);
        // Above 28: C106 (15 shares + 10 reviews × 2 = 35) and C107 (10 shares + 10 comments + 5 invites × 2 = 30);
        // generics have at most 1 share. 48 of 50 -> 96.
        expectDouble(softly, checked, row, "social_score", 96.0, 0.06);
        // Above 4 sessions: C105 (5) and the generics with i mod 6 = 5 (i = 5, 11, 17, 23, 29, 35: 5 sessions).
        // 50 − 7 = 43 of 50 -> 86.
        expectDouble(softly, checked, row, "sessions_score", 86.0, 0.06);
        // Above 96.5 minutes: C108 (180) and C105 (5 × 25 = 125); generics have at most 5 × 10 = 50. 48 of 50 -> 96.
        expectDouble(softly, checked, row, "engaged_minutes_score", 96.0, 0.06);
        // (86 + 96) / 2
        expectDouble(softly, checked, row, "visitor_score", 91.0, 0.06);
        // 0.5 × 98 + 0.25 × 96 + 0.25 × 91 = 49 + 24 + 22.75
        expectDouble(softly, checked, row, "engagement_score", 95.75, 0.06);
        expect(softly, checked, row, "engagement_tier", "champion"); // ≥ 80
        expect(softly, checked, row, "status", "active"); // recency 41 ≤ 90

        // The row is explainable from its own columns, exactly (rounded as the contract says).
        double visitor = round2((row.get("sessions_score").asDouble() + row.get("engaged_minutes_score").asDouble()) / 2);
        softly.assertThat(row.get("visitor_score").asDouble()).as("visitor_score from its parts").isEqualTo(visitor);
        double engagement = round2(0.5 * row.get("economic_score").asDouble() + 0.25 * row.get("social_score").asDouble()
                + 0.25 * row.get("visitor_score").asDouble());
        softly.assertThat(row.get("engagement_score").asDouble()).as("engagement_score from its parts").isEqualTo(engagement);

        softly.assertThat(checked).as("columns checked").containsExactlyElementsOf(contractColumns("customer_engagement"));
        Iterable<String> present = row::fieldNames;
        softly.assertThat(present).as("columns of the row").isSubsetOf(contractColumns("customer_engagement"));
        softly.assertAll();
    }

    /**
     * Three more CLI runs (about 6 minutes), so only with {@code -Dengagement.it.long=true};
     * the default suite checks the same property in-process with
     * {@link io.engagementlake.pipeline.RunOrderTest}.
     */
    @Test
    @Order(2)
    @EnabledIfSystemProperty(named = "engagement.it.long", matches = "true")
    void runningAsOfDatesInAnyOrderGivesTheSameSlicesAsRunningEachAlone() throws Exception {
        Map<String, List<String>> a = slices().get(lakeA);
        Map<String, List<String>> b = slices().get(lakeB);
        Map<String, List<String>> c = slices().get(lakeC);

        List<String> d1Keys = GOLD_TABLES.stream().map(table -> table + "@" + D1).toList();
        List<String> d2Keys = GOLD_TABLES.stream().map(table -> table + "@" + D2).toList();
        // Every table has rows on both dates, so that the comparisons compare something.
        assertThat(a).containsOnlyKeys(concat(d1Keys, d2Keys));
        assertThat(b).containsOnlyKeys(d1Keys);
        assertThat(c).containsOnlyKeys(d2Keys);
        SoftAssertions softly = new SoftAssertions();
        for (String key : d1Keys) {
            softly.assertThat(a.get(key)).as("%s: lake A (D2 then D1) vs lake B (D1 alone)", key).isNotEmpty()
                    .containsExactlyElementsOf(b.get(key));
        }
        for (String key : d2Keys) {
            softly.assertThat(a.get(key)).as("%s: lake A (D2 then D1) vs lake C (D2 alone)", key).isNotEmpty()
                    .containsExactlyElementsOf(c.get(key));
        }
        // The two dates really differ, so equal slices mean something. What landed after D1 is not in D1's slice:
        // C100's update to DE (landed 2025-06-20), C110 (customer row landed 2025-06-20), C103 (signed up on D2),
        // C201's purchase of 2025-06-14 (landed 2025-06-20).
        Map<String, JsonNode> atD1 = byCustomer(a.get("customer_engagement@" + D1));
        Map<String, JsonNode> atD2 = byCustomer(a.get("customer_engagement@" + D2));
        softly.assertThat(atD1).as("customers at D1").hasSize(48).doesNotContainKeys("C103", "C104", "C110");
        softly.assertThat(atD2).as("customers at D2").hasSize(50).containsKeys("C103", "C110").doesNotContainKey("C104");
        softly.assertThat(atD1.get(MAIN).path("country").asText()).as("C100's country at D1").isEqualTo("AT");
        softly.assertThat(atD2.get(MAIN).path("country").asText()).as("C100's country at D2").isEqualTo("DE");
        softly.assertThat(atD1.get("C201").path("last_purchase_date").asText()).as("C201's last purchase at D1").isLessThan("2025-06-14");
        softly.assertThat(atD2.get("C201").path("last_purchase_date").asText()).as("C201's last purchase at D2").isEqualTo("2025-06-14");
        softly.assertAll();
    }

    /** Lake A after its first run, D2 on an empty lake: the slices of part 1, read once. */
    private static synchronized Map<String, List<String>> lakeAAsOfD2() throws Exception {
        if (lakeAAsOfD2 == null) {
            run(lakeA, D2);
            lakeAAsOfD2 = slices(lakeA);
        }
        return lakeAAsOfD2;
    }

    /**
     * The CLI work of the run-order test, one invocation at a time (each run keeps both cores
     * busy; side by side they were slower): lake A then runs D1 (out of order), lake B D1
     * alone, lake C D2 alone, then one query per lake reads all its gold slices.
     */
    private static synchronized Map<Path, Map<String, List<String>>> slices() throws Exception {
        if (slices == null) {
            lakeAAsOfD2();
            run(lakeA, D1);
            run(lakeB, D1);
            run(lakeC, D2);
            Map<Path, Map<String, List<String>>> read = new LinkedHashMap<>();
            for (Path lake : List.of(lakeA, lakeB, lakeC)) {
                read.put(lake, slices(lake));
            }
            slices = read;
        }
        return slices;
    }

    /**
     * Every gold slice of a lake in one query: per table and as_of_date, its rows as JSON
     * (all columns; nulls omitted), sorted. Key {@code table@date}.
     */
    private static Map<String, List<String>> slices(Path conf) throws Exception {
        String query = GOLD_TABLES.stream()
                .map(table -> "SELECT '" + table + "' AS table_name, CAST(d AS STRING) AS as_of, "
                        + "concat_ws('\\n', array_sort(collect_list(j))) AS rows_json "
                        + "FROM (SELECT as_of_date AS d, to_json(struct(*)) AS j FROM " + table + ") GROUP BY d")
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, List<String>> slices = new TreeMap<>();
        for (CSVRecord record : csv(sql(conf, query))) {
            slices.put(record.get("table_name") + "@" + record.get("as_of"), List.of(record.get("rows_json").split("\n")));
        }
        return slices;
    }

    // ------------------------------------------------------------------ the landing zone

    /** Writes the landing zone described in the class comment. */
    static final class Fixture {
        private static final List<LocalDate> LANDINGS = List.of(LocalDate.parse("2025-03-31"), LocalDate.parse("2025-05-31"),
                D1, LocalDate.parse("2025-06-20"), D2);
        private static final String CUSTOMERS = "customer_id,account_id,segment,country,signup_ts,acquisition_channel,referred_by,"
                + "email,consent_tracking,consent_marketing,updated_at";
        private static final String TRANSACTIONS = "transaction_id,customer_id,ts,type,amount,currency,product_category,channel";
        private static final String SURVEYS = "response_id,customer_id,ts,survey_type,touchpoint,score,expectation_score,comment";

        /** Seed of the generic customers' purchases; java.util.Random's sequence is fixed by its specification. */
        private static final long SEED = 1;

        /** Sum of the generic customers' purchases in the economic window of D2, by customer. */
        final Map<String, BigDecimal> revenueD2 = new TreeMap<>();

        /** Lines by source, then landing date. */
        private final Map<String, Map<LocalDate, List<String>>> lines = new TreeMap<>();

        void write(Path raw) throws IOException {
            namedCustomers();
            mainTransactions();
            otherTransactions();
            mainClickstream();
            otherClickstream();
            surveys();
            Random random = new Random(SEED);
            for (int i = 1; i <= 39; i++) {
                generic(i, random);
            }
            Map<String, String> headers = Map.of("customers", CUSTOMERS, "transactions", TRANSACTIONS, "surveys", SURVEYS);
            for (Map.Entry<String, Map<LocalDate, List<String>>> source : lines.entrySet()) {
                for (Map.Entry<LocalDate, List<String>> landing : source.getValue().entrySet()) {
                    Path dir = raw.resolve(source.getKey()).resolve("date=" + landing.getKey());
                    Files.createDirectories(dir);
                    String header = headers.get(source.getKey());
                    String name = header == null ? "part-0.jsonl" : "part-0.csv";
                    String text = (header == null ? "" : header + "\n") + String.join("", landing.getValue());
                    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
                }
            }
        }

        private void namedCustomers() {
            LocalDate initial = LANDINGS.get(0);
            // C100: three versions.
            customer(initial, "C100", "", "B2C", "AT", "2024-01-15T00:30:00+02:00", "search", "", "true", "false", "2024-01-15T00:30:00+02:00");
            customer(LocalDate.parse("2025-06-20"), "C100", "", "B2C", "DE", "2024-01-15T00:30:00+02:00", "search", "", "true", "true",
                    "2025-06-18T09:00:00Z");
            customer(D2, "C100", "", "B2C", "FR", "2024-01-15T00:30:00+02:00", "search", "", "true", "false", "2025-06-10T09:00:00Z");
            customer(initial, "C101", "", "B2C", "FR", "2024-02-01T09:00:00Z", "referral", "C100", "true", "true", "2024-02-01T09:00:00Z");
            customer(initial, "C102", "", "B2C", "BE", "2024-09-10T09:00:00Z", "referral", "C100", "true", "false", "2024-09-10T09:00:00Z");
            customer(D2, "C103", "", "B2C", "AT", "2025-07-01T00:30:00+02:00", "referral", "C100", "true", "true", "2025-07-01T00:30:00+02:00");
            customer(D2, "C104", "", "B2C", "AT", "2025-07-01T03:00:00Z", "referral", "C100", "true", "true", "2025-07-01T03:00:00Z");
            customer(initial, "C105", "ACC-W", "B2B", "NL", "2024-03-01T10:00:00Z", "sales", "", "true", "false", "2024-03-01T10:00:00Z");
            customer(initial, "C106", "", "B2C", "SE", "2024-05-01T10:00:00Z", "social", "", "true", "true", "2024-05-01T10:00:00Z");
            customer(initial, "C107", "", "B2C", "GB", "2024-05-02T10:00:00Z", "social", "", "true", "false", "2024-05-02T10:00:00Z");
            customer(initial, "C108", "", "B2C", "US", "2024-06-01T10:00:00Z", "search", "", "true", "true", "2024-06-01T10:00:00Z");
            customer(initial, "C109", "", "B2C", "DE", "2024-04-01T10:00:00Z", "email", "", "false", "true", "2024-04-01T10:00:00Z");
            customer(LocalDate.parse("2025-06-20"), "C110", "", "B2C", "IT", "2025-06-01T10:00:00Z", "search", "", "true", "true",
                    "2025-06-01T10:00:00Z");
            customer(initial, "C111", "ACC-P", "B2B", "PL", "2025-02-01T10:00:00Z", "sales", "", "true", "true", "2025-02-01T10:00:00Z");
        }

        private void mainTransactions() {
            transaction(null, "TM01", "C100", "2024-03-10T12:00:00Z", "purchase", "100.00", "EUR");
            transaction(null, "TM02", "C100", "2024-07-01T01:30:00+02:00", "purchase", "50.00", "EUR");
            transaction(null, "TM03", "C100", "2024-07-01T00:00:00Z", "purchase", "80.00", "USD");
            transaction(null, "TM04", "C100", "2024-12-05T15:00:00Z", "purchase", "800.00", "GBP");
            transaction(null, "TM05", "C100", "2024-12-05T18:00:00Z", "purchase", "30.005", "EUR");
            transaction(null, "TM06", "C100", "2025-01-20T10:00:00Z", "refund", "20.00", "GBP");
            transaction(null, "TM07", "C100", "2025-05-20T09:00:00Z", "purchase", "1234.50", "SEK");
            transaction(D2, "TM08", "C100", "2025-07-01T01:00:00+02:00", "refund", "10.00", "EUR");
            transaction(D2, "TM09", "C100", "2025-07-01T00:30:00Z", "purchase", "500.00", "EUR");
            // A later copy of TM04 with another amount: the first landed copy is kept.
            transaction(D1, "TM04", "C100", "2024-12-05T15:00:00Z", "purchase", "999.00", "GBP");
            transaction(null, "TM10", "C100", "2025-06-01T10:00:00Z", "purchase", "-5.00", "EUR");
            transaction(null, "TM11", "C100", "2025-06-02T10:00:00Z", "purchase", "70.00", "JPY");
        }

        private void otherTransactions() {
            transaction(null, "TR101", "C101", "2024-05-01T10:00:00Z", "purchase", "40.00", "EUR");
            transaction(null, "TR102", "C101", "2025-02-10T10:00:00Z", "refund", "15.00", "EUR");
            transaction(null, "TR201", "C102", "2024-10-01T10:00:00Z", "purchase", "120.00", "USD");
            String[] whale = {"2024-03-05", "2024-08-01", "2024-10-01", "2024-12-01", "2025-02-01", "2025-04-01", "2025-06-01"};
            String[] whaleAmounts = {"4000.00", "3200.00", "4800.00", "2500.00", "5200.00", "3900.00", "4400.00"};
            for (int k = 0; k < whale.length; k++) {
                transaction(null, "TW" + k, "C105", whale[k] + "T10:00:00Z", "purchase", whaleAmounts[k], "EUR");
            }
            transaction(null, "TF1", "C106", "2025-01-10T10:00:00Z", "purchase", "25.00", "EUR");
            transaction(null, "TZ1", "C108", "2024-06-15T10:00:00Z", "purchase", "60.00", "EUR");
            transaction(null, "TZ2", "C108", "2024-11-20T10:00:00Z", "purchase", "45.00", "EUR");
            transaction(null, "TN1", "C109", "2024-05-10T10:00:00Z", "purchase", "30.00", "EUR");
            transaction(null, "TN2", "C109", "2025-03-01T10:00:00Z", "purchase", "35.00", "EUR");
            // C110's customer row lands on 2025-06-20: unknown_customer at D1, admitted at D2.
            transaction(D1, "TL1", "C110", "2025-06-10T10:00:00Z", "purchase", "55.00", "EUR");
            // Late data: a purchase of 2025-06-14 landed on 2025-06-20.
            transaction(LocalDate.parse("2025-06-20"), "TG-LATE", "C201", "2025-06-14T10:00:00Z", "purchase", "12.00", "EUR");
            revenueD2.merge("C201", new BigDecimal("12.00"), BigDecimal::add);
        }

        private void mainClickstream() {
            // A-M1 (desktop): anonymous until the login of 2025-05-10 10:45.
            event(null, "EM01", "A-M1", null, "2025-03-15T12:00:00Z", "share", "desktop");
            event(null, "EM02", "A-M1", null, "2025-04-01T23:50:00Z", "page_view", "desktop");
            event(null, "EM03", "A-M1", null, "2025-04-02T00:10:00Z", "page_view", "desktop");
            event(null, "EM04", "A-M1", null, "2025-05-10T10:00:00Z", "page_view", "desktop");
            event(null, "EM05", "A-M1", null, "2025-05-10T10:30:00Z", "product_view", "desktop");
            event(null, "EM06", "A-M1", null, "2025-05-10T10:40:00Z", "page_view", "desktop");
            event(null, "EM07", "A-M1", "C100", "2025-05-10T10:45:00Z", "login", "desktop");
            event(null, "EM08", "A-M1", "C100", "2025-05-10T10:50:00Z", "share", "desktop");
            event(null, "EM09", "A-M1", "C100", "2025-05-10T11:21:00Z", "page_view", "desktop");
            event(null, "EM10", "A-M1", "C100", "2025-05-10T11:40:30Z", "comment", "desktop");
            // A-M2 (mobile), logged in.
            event(null, "EM11", "A-M2", "C100", "2025-06-01T08:00:00Z", "page_view", "mobile");
            event(null, "EM12", "A-M2", "C100", "2025-06-01T08:10:00Z", "referral_invite", "mobile");
            event(null, "EM13", "A-M2", "C100", "2025-06-01T08:12:00Z", "referral_invite", "mobile");
            event(D2, "EM14", "A-M1", null, "2025-07-01T01:40:00+02:00", "page_view", "desktop");
            event(D2, "EM15", "A-M1", "C100", "2025-06-30T23:55:00Z", "review", "desktop");
            event(D2, "EM16", "A-M1", "C100", "2025-07-01T02:00:00Z", "page_view", "desktop");
            // A later copy of the share of 05-10: dropped as a duplicate.
            event(D2, "EM08", "A-M1", "C100", "2025-05-10T10:50:00Z", "share", "desktop");
            // An id first seen with C100, later logged in as C111: all its events are C111's.
            event(null, "ES1", "A-SHARED", "C100", "2025-05-15T09:00:00Z", "page_view", "tablet");
            event(null, "ES2", "A-SHARED", "C111", "2025-05-20T09:00:00Z", "login", "tablet");
        }

        private void otherClickstream() {
            // C105: five 25-minute sessions.
            String[] whaleDays = {"2025-04-10", "2025-04-20", "2025-05-01", "2025-05-15", "2025-06-15"};
            for (int k = 0; k < whaleDays.length; k++) {
                event(null, "EW" + k + "a", "A-W", "C105", whaleDays[k] + "T09:00:00Z", "page_view", "desktop");
                event(null, "EW" + k + "b", "A-W", "C105", whaleDays[k] + "T09:25:00Z", "page_view", "desktop");
            }
            // C106: 15 shares and 10 reviews, one minute apart (one 24-minute session).
            Instant start = Instant.parse("2025-06-10T09:00:00Z");
            for (int k = 0; k < 25; k++) {
                event(null, String.format("EF1-%02d", k), "A-F1", "C106", start.plusSeconds(60L * k).toString(),
                        k < 15 ? "share" : "review", "mobile");
            }
            // C107: 10 shares, 10 comments and 5 referral invites.
            start = Instant.parse("2025-05-05T14:00:00Z");
            for (int k = 0; k < 25; k++) {
                event(null, String.format("EF2-%02d", k), "A-F2", "C107", start.plusSeconds(60L * k).toString(),
                        k < 10 ? "share" : k < 20 ? "comment" : "referral_invite", "desktop");
            }
            // C108: one session of 3 hours, a page view every 20 minutes.
            start = Instant.parse("2025-06-05T18:00:00Z");
            for (int k = 0; k <= 9; k++) {
                event(null, "EZ" + k, "A-Z", "C108", start.plusSeconds(1200L * k).toString(), "page_view", "desktop");
            }
            // C109 refused tracking: excluded.
            event(null, "EN1", "A-N", "C109", "2025-05-05T10:00:00Z", "page_view", "mobile");
            event(null, "EN2", "A-N", "C109", "2025-05-05T10:02:00Z", "product_view", "mobile");
            // Never stitched.
            event(null, "EX1", "A-ANON", null, "2025-06-12T10:00:00Z", "page_view", "mobile");
            event(null, "EX2", "A-ANON", null, "2025-06-12T10:01:00Z", "product_view", "mobile");
            event(null, "EX3", "A-ANON", null, "2025-06-12T10:02:00Z", "add_to_cart", "mobile");
        }

        private void surveys() {
            survey(null, "SM01", "C100", "2025-03-01T10:00:00Z", "relationship_nps", "account", "3", "", "Slow delivery, twice");
            // Same ts: SM03 (greater id) is the latest; written first.
            survey(null, "SM03", "C100", "2025-06-20T12:00:00Z", "relationship_nps", "account", "8", "9", "");
            survey(null, "SM02", "C100", "2025-06-20T12:00:00Z", "transactional_nps", "checkout", "9", "", "");
            survey(null, "SM04", "C100", "2025-06-25T08:00:00Z", "relationship_nps", "account", "11", "", "");
            survey(D2, "SM05", "C100", "2025-07-01T00:10:00Z", "relationship_nps", "account", "0", "", "");
            survey(null, "SM06", "C100", "2024-06-15T10:00:00Z", "csat", "delivery", "1", "4", "");
            survey(null, "SM07", "C100", "2024-08-01T10:00:00Z", "csat", "delivery", "4", "5", "");
            survey(null, "SM08", "C100", "2025-02-02T10:00:00Z", "csat", "support", "5", "4", "");
            survey(null, "SM09", "C100", "2025-06-29T10:00:00Z", "csat", "support", "5", "3", "");
            survey(null, "SM10", "C100", "2025-04-01T10:00:00Z", "ces", "support", "2", "", "");
            survey(null, "SW1", "C105", "2025-06-12T10:00:00Z", "relationship_nps", "account", "4", "8", "Invoices are wrong, \"again\"");
            survey(null, "SF1", "C106", "2025-05-20T10:00:00Z", "relationship_nps", "app", "10", "", "");
            survey(null, "SF2", "C107", "2025-06-22T10:00:00Z", "transactional_nps", "web", "9", "", "");
            survey(null, "SZ1", "C108", "2024-07-15T10:00:00Z", "relationship_nps", "web", "7", "7", "");
        }

        /**
         * Generic customer C2xx, i = 1..39 (see the class comment): purchases of €1–€15 drawn from
         * {@code random} (called in order of i), sessions of exactly 10 minutes, at most one share.
         */
        void generic(int i, Random random) {
            String id = String.format("C2%02d", i);
            Instant signup = Instant.parse("2024-01-01T08:00:00Z").plus(9L * i, ChronoUnit.DAYS);
            boolean b2b = i % 4 == 0;
            String[] countries = {"DE", "FR", "NL"};
            customer(null, id, b2b ? "ACC-" + i % 5 : "", b2b ? "B2B" : "B2C",
                    countries[i % 3], signup.toString(), i % 2 == 0 ? "search" : "social", "", "true", i % 2 == 0 ? "true" : "false",
                    signup.toString());

            // Purchases, simulated as the BG/NBD and Gamma-Gamma models tell the story (see the class comment).
            double rate = (exponential(random) + exponential(random) + exponential(random)) / 3 / 60; // per day
            double dropout = 1 - StrictMath.pow(random.nextDouble(), 1 / 4.0); // Beta(1, 4)
            double meanAmount = 6 + 6 * random.nextDouble();
            LocalDate day = utcDate(signup).plusDays(1 + i % 7);
            for (int j = 0; !day.isAfter(D2); j++) {
                long cents = Math.min(1500, Math.max(100, Math.round(exponential(random) * meanAmount * 100)));
                Instant ts = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
                transaction(null, String.format("TG%02d-%02d", i, j), id, ts.toString(), "purchase",
                        BigDecimal.valueOf(cents, 2).toPlainString(), "EUR");
                if (!day.isBefore(D2.minusDays(364))) {
                    revenueD2.merge(id, BigDecimal.valueOf(cents, 2), BigDecimal::add);
                }
                if (random.nextDouble() < dropout) {
                    break;
                }
                day = day.plusDays(Math.max(1, (long) Math.ceil(exponential(random) / rate)));
            }

            // Sessions in the engagement window of D2: i mod 6 of them, 10 minutes each.
            for (int s = 0; s < i % 6; s++) {
                LocalDate sessionDay = LocalDate.parse("2025-06-29").minusDays(i + 11L * s);
                Instant at = sessionDay.atTime(10, 0).toInstant(ZoneOffset.UTC);
                String anonymous = "AN-" + id + "-" + s % 2;
                String device = s % 2 == 0 ? "desktop" : "mobile";
                String prefix = "EG" + id + "-" + s + "-";
                event(null, prefix + "1", anonymous, null, at.toString(), "page_view", device);
                event(null, prefix + "2", anonymous, id, at.plusSeconds(180).toString(), "product_view", device);
                if ((i + s) % 2 == 0) {
                    event(null, prefix + "3", anonymous, id, at.plusSeconds(300).toString(), "add_to_cart", device);
                }
                if (s == 0 && i % 3 == 1) {
                    event(null, prefix + "4", anonymous, id, at.plusSeconds(360).toString(), "share", device);
                }
                if ((i + s) % 4 == 0) {
                    event(null, prefix + "5", anonymous, id, at.plusSeconds(420).toString(), "checkout", device);
                }
                if ((i + s) % 8 == 0) {
                    event(null, prefix + "6", anonymous, id, at.plusSeconds(480).toString(), "order_completed", device);
                }
                event(null, prefix + "7", anonymous, id, at.plusSeconds(600).toString(), "page_view", device);
            }

            // Surveys.
            int relationship = (7 * i) % 11;
            survey(null, "SG" + id + "-R", id, signup.plus(30, ChronoUnit.DAYS).plus(7, ChronoUnit.HOURS).toString(), "relationship_nps",
                    "account", String.valueOf(relationship), i % 3 == 0 ? "" : String.valueOf((relationship + 2) % 11),
                    relationship <= 6 ? "Could be better " + i : "");
            if (i % 7 == 3) {
                survey(null, "SG" + id + "-P", id, Instant.parse("2025-04-01T09:00:00Z").plus(i, ChronoUnit.DAYS).toString(),
                        "relationship_nps", "app", String.valueOf(9 + i % 2), "", "");
            }
            if (i % 4 == 0) {
                int score = (3 * i) % 11;
                survey(null, "SG" + id + "-T", id, Instant.parse("2025-06-05T09:00:00Z").plus(i % 20, ChronoUnit.DAYS).toString(),
                        "transactional_nps", "checkout", String.valueOf(score), "", score <= 6 ? "Parcel was late, order " + i : "");
            }
            if (i % 2 == 1) {
                survey(null, "SG" + id + "-C", id, Instant.parse("2025-05-01T16:00:00Z").plus(i, ChronoUnit.DAYS).toString(), "csat",
                        i % 4 == 1 ? "delivery" : "support", String.valueOf(1 + i % 5), String.valueOf(1 + (i + 2) % 5), "");
            }
            if (i % 5 == 2) {
                survey(null, "SG" + id + "-E", id, "2025-06-18T11:00:00Z", "ces", "support", String.valueOf(1 + i % 7), "", "");
            }
        }

        private void customer(LocalDate landing, String id, String account, String segment, String country, String signup,
                              String channel, String referredBy, String tracking, String marketing, String updatedAt) {
            add("customers", landing == null ? landingOf(signup) : landing, csvLine(id, account, segment, country, signup, channel,
                    referredBy, id.toLowerCase() + "@example.com", tracking, marketing, updatedAt));
        }

        private void transaction(LocalDate landing, String id, String customer, String ts, String type, String amount, String currency) {
            add("transactions", landing == null ? landingOf(ts) : landing,
                    csvLine(id, customer, ts, type, amount, currency, id.hashCode() % 2 == 0 ? "books" : "home", "web"));
        }

        private void survey(LocalDate landing, String id, String customer, String ts, String type, String touchpoint, String score,
                            String expectation, String comment) {
            add("surveys", landing == null ? landingOf(ts) : landing, csvLine(id, customer, ts, type, touchpoint, score, expectation, comment));
        }

        private void event(LocalDate landing, String id, String anonymous, String customer, String ts, String type, String device) {
            ObjectNode event = JSON.createObjectNode();
            event.put("event_id", id);
            event.put("anonymous_id", anonymous);
            if (customer != null) {
                event.put("customer_id", customer);
            }
            event.put("ts", ts);
            event.put("event_type", type);
            event.put("page_url", "https://shop.example.com/" + type.replace('_', '-'));
            event.putNull("referrer");
            event.put("device", device);
            try {
                add("clickstream", landing == null ? landingOf(ts) : landing, JSON.writeValueAsString(event) + "\n");
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void add(String source, LocalDate landing, String line) {
            lines.computeIfAbsent(source, key -> new TreeMap<>()).computeIfAbsent(landing, key -> new ArrayList<>()).add(line);
        }

        /** The first landing folder on or after the UTC date of ts. */
        private static LocalDate landingOf(String ts) {
            LocalDate date = utcDate(java.time.OffsetDateTime.parse(ts).toInstant());
            return LANDINGS.stream().filter(landing -> !landing.isBefore(date)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no landing folder for " + ts + "; give one"));
        }

        /** An exponential variate of mean 1; StrictMath so that every JVM draws the same one. */
        private static double exponential(Random random) {
            return -StrictMath.log(1 - random.nextDouble());
        }

        private static LocalDate utcDate(Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }

        private static String csvLine(String... values) {
            StringWriter out = new StringWriter();
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
                printer.printRecord((Object[]) values);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, JsonNode> byCustomer(List<String> rows) throws IOException {
        Map<String, JsonNode> customers = new TreeMap<>();
        for (String json : rows == null ? List.<String>of() : rows) {
            JsonNode row = JSON.readTree(json);
            customers.put(row.get("customer_id").asText(), row);
        }
        return customers;
    }

    private static void expect(SoftAssertions softly, List<String> checked, JsonNode row, String column, Object expected) {
        checked.add(column);
        JsonNode value = row.get(column);
        if (expected == null) {
            softly.assertThat(value == null || value.isNull()).as("%s is null (got %s)", column, value).isTrue();
        } else if (expected instanceof Long number) {
            softly.assertThat(value == null ? null : value.asLong()).as(column).isEqualTo(number);
        } else {
            softly.assertThat(value == null ? null : value.asText()).as(column).isEqualTo(expected);
        }
    }

    private static void expectDecimal(SoftAssertions softly, List<String> checked, JsonNode row, String column, String expected) {
        checked.add(column);
        softly.assertThat(decimal(row, column)).as(column).isEqualByComparingTo(expected);
    }

    private static void expectDouble(SoftAssertions softly, List<String> checked, JsonNode row, String column, double expected,
                                     double tolerance) {
        checked.add(column);
        JsonNode value = row.get(column);
        softly.assertThat(value == null ? null : value.asDouble()).as(column).isCloseTo(expected, within(tolerance));
    }

    private static BigDecimal decimal(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.decimalValue();
    }

    private static double round2(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static List<String> contractColumns(String table) throws IOException {
        JsonNode contract = new YAMLMapper().readTree(CliProcess.home().resolve("schemas/gold/" + table + ".yaml").toFile());
        List<String> columns = new ArrayList<>();
        contract.path("columns").forEach(column -> columns.add(column.path("name").asText()));
        return columns;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static Path conf(String lake) throws IOException {
        Path conf = folder.resolve(lake + ".yaml");
        CliProcess.writeConfig(conf, lake, 2);
        return conf;
    }

    private static void run(Path conf, LocalDate asOf) throws Exception {
        CliProcess.Result result = CliProcess.run("run", "--as-of", asOf.toString(), "--conf", conf.toString());
        assertThat(result.exitStatus()).as("run %s on %s: %s", asOf, conf.getFileName(), result.stderr()).isZero();
        assertThat(result.stderr()).doesNotContain("Exception");
    }

    private static String sql(Path conf, String query) throws Exception {
        CliProcess.Result result = CliProcess.run("sql", query, "--format", "csv", "--conf", conf.toString());
        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    }
}
