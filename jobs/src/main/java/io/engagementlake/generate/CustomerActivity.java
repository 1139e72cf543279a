package io.engagementlake.generate;

import java.io.IOException;
import java.time.zone.ZoneRules;

/**
 * What customers and anonymous visitors do on one day: browsing sessions with their funnel,
 * purchases online and in store, refunds, social actions, support chats and the surveys that
 * follow. All of it comes from one random stream reseeded per (seed, subject, day), so a day
 * can be generated without knowing any other day.
 *
 * <p>Experience drives behaviour: satisfied customers visit, buy, share and refer more, and
 * unhappy ones ask support more often (and, through {@link CustomerProfile#churnDay()}, leave
 * sooner).
 */
final class CustomerActivity {
    private static final long TAG_BEHAVIOUR = 301;
    private static final long SUBJECT_CUSTOMER = 1;
    private static final long SUBJECT_VISITOR = 2;

    static final double RELATIONSHIP_SURVEY_RATE = 1.0 / 90 * 0.40;
    static final double POST_PURCHASE_SURVEY_SHARE = 0.14;
    static final double REFUND_SHARE = 0.05;
    static final double CHECKOUT_WITHOUT_CART_SHARE = 0.03;
    static final double CES_AFTER_CHAT_SHARE = 0.40;
    static final double COMMENT_SHARE = 0.30;
    static final double EXPECTATION_SHARE = 0.50;
    /** Share of anonymous events written without a customer_id field rather than with null. */
    static final double ABSENT_CUSTOMER_ID_SHARE = 0.5;
    static final double MILLISECONDS_SHARE = 0.3;
    /** Gaps between events of a session stay far below the 30-minute session timeout. */
    static final int MAX_EVENT_GAP_SECONDS = 300;

    /** Online activity by local hour: quiet nights, an evening peak. */
    private static final double[] ONLINE_HOUR_WEIGHTS = {
        0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.0, 1.5, 2.0, 2.3, 2.5, 2.5,
        2.6, 2.6, 2.6, 2.7, 3.0, 3.3, 3.6, 3.8, 3.5, 2.8, 1.8, 1.0};
    /** Store purchases by local hour: opening hours, busiest around noon and after work. */
    private static final double[] STORE_HOUR_WEIGHTS = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.5, 2.0,
        2.5, 2.0, 1.6, 1.6, 2.0, 2.6, 2.4, 1.2, 0, 0, 0, 0};
    /** Sessions of one customer on one day are at least this far apart, so they stay separate sessions. */
    private static final long MINIMUM_SESSION_GAP_MILLIS = 45 * Timestamps.MILLIS_PER_MINUTE;

    /** Where relationship surveys are answered once onboarding is over. */
    private static final String[] RELATIONSHIP_TOUCHPOINTS = {"web", "web", "app", "app", "store"};

    /** The bit that leaves customer_id out of an event (see {@link RowText#json}). */
    private static final int ABSENT_CUSTOMER_ID = 1 << LandingSource.CLICKSTREAM.columns().indexOf("customer_id");

    private enum Intent { PURCHASE, BROWSE }

    private final CustomerPopulation population;
    private final RowSink sink;
    private final DeterministicRandom random = new DeterministicRandom();

    // State of the session being generated.
    private String sessionAnonymousId;
    private String sessionDevice;
    private String sessionOrigin;
    private ZoneRules sessionZone;
    /** A client either writes UTC or local time, and either has milliseconds or not, for a whole session. */
    private boolean sessionWritesUtc;
    private boolean sessionHasMilliseconds;
    private String previousUrl;
    private long clock;
    /** End of the customer's last session today: the next one starts well after it. */
    private long busyUntil;

    CustomerActivity(CustomerPopulation population, RowSink sink) {
        this.population = population;
        this.sink = sink;
    }

    void beginCustomer(int index, int day) {
        random.reseed(DeterministicRandom.hash(population.seed(), TAG_BEHAVIOUR, SUBJECT_CUSTOMER, index, day));
        busyUntil = Long.MIN_VALUE;
    }

    void beginVisitor(int visitor, int day) {
        random.reseed(DeterministicRandom.hash(population.seed(), TAG_BEHAVIOUR, SUBJECT_VISITOR, visitor, day));
        busyUntil = Long.MIN_VALUE;
    }

    static final int PURCHASE_SESSION = 1;
    static final int STORE_PURCHASE = 2;
    static final int BROWSING_SESSION = 4;
    static final int RELATIONSHIP_SURVEY = 8;

    /**
     * What the customer does on a day between their first landing and churn, as a set of the
     * flags above (0 on most days). Decided from the rates alone, so that the whole profile is
     * only derived on the few days something happens.
     *
     * @param dayFactor seasonality of the day (weekends and December are busier)
     */
    int decideDay(CustomerPopulation.CustomerRates rates, double dayFactor) {
        double purchaseRate = rates.purchaseRate() * dayFactor;
        int decisions = 0;
        decisions |= random.chance(purchaseRate * rates.onlineShare()) ? PURCHASE_SESSION : 0;
        decisions |= random.chance(purchaseRate * (1 - rates.onlineShare())) ? STORE_PURCHASE : 0;
        decisions |= random.chance(rates.visitRate() * dayFactor) ? BROWSING_SESSION : 0;
        decisions |= random.chance(RELATIONSHIP_SURVEY_RATE) ? RELATIONSHIP_SURVEY : 0;
        return decisions;
    }

    /** Carries out what {@link #decideDay} decided. */
    void actOnDay(CustomerProfile profile, int day, int decisions) throws IOException {
        // On the signup day only what happens after signing up.
        int earliestSecond = 0;
        if (day == profile.signupDay()) {
            earliestSecond = (int) ((profile.signupMillis() - population.dayStartMillis(day)) / Timestamps.MILLIS_PER_SECOND) + 60;
            if (earliestSecond > Timestamps.SECONDS_PER_DAY - 3600) {
                return;
            }
        }
        if ((decisions & PURCHASE_SESSION) != 0) {
            session(profile, day, earliestSecond, Intent.PURCHASE);
        }
        if ((decisions & STORE_PURCHASE) != 0) {
            long time = timeOfDay(day, earliestSecond, STORE_HOUR_WEIGHTS, profile.zone(), 0.1);
            purchase(profile, time, "store");
        }
        if ((decisions & BROWSING_SESSION) != 0) {
            session(profile, day, earliestSecond, Intent.BROWSE);
        }
        if ((decisions & RELATIONSHIP_SURVEY) != 0) {
            long time = timeOfDay(day, earliestSecond, ONLINE_HOUR_WEIGHTS, profile.zone(), 0);
            String touchpoint = day - profile.signupDay() <= 45 ? "onboarding" : random.pick(RELATIONSHIP_TOUCHPOINTS);
            survey(profile, time, "relationship_nps", touchpoint, 0);
        }
    }

    /**
     * Late master data: a customer buying in a store on the signup day, before the CRM row
     * that introduces them has landed.
     */
    void lateMasterDataPurchase(CustomerProfile profile) throws IOException {
        long time = profile.signupMillis() + random.nextInt(5, 60) * Timestamps.MILLIS_PER_MINUTE;
        purchase(profile, time, "store");
    }

    // ---- sessions

    private void session(CustomerProfile profile, int day, int earliestSecond, Intent intent) throws IOException {
        int device = random.chance(0.75) ? profile.preferredDevice() : random.pickWeighted(Vocabulary.DEVICE_WEIGHTS);
        // A second device is a second cookie: desktop browses as one anonymous id, phone and tablet as the other.
        int anonymousDevice = profile.anonymousIds() == 2 && device != 0 ? 1 : 0;
        long start = Math.max(timeOfDay(day, earliestSecond, ONLINE_HOUR_WEIGHTS, profile.zone(), MILLISECONDS_SHARE),
                busyUntil + MINIMUM_SESSION_GAP_MILLIS + random.nextInt(0, 120) * Timestamps.MILLIS_PER_MINUTE);
        startSession(population.anonymousId(profile, anonymousDevice), device, profile.zone(), start);

        String customerId = profile.customerId();
        String external = random.chance(0.55) ? random.pick(Vocabulary.EXTERNAL_REFERRERS) : null;
        event("page_view", null, sessionOrigin + random.pick(Vocabulary.LANDING_PATHS), external);
        int anonymousViews = random.nextInt(2);
        for (int view = 0; view < anonymousViews; view++) {
            event("product_view", null, productUrl(), previousUrl);
        }
        event("login", customerId, sessionOrigin + "/login", previousUrl);

        int views = random.nextInt(1, 3);
        for (int view = 0; view < views; view++) {
            event(random.chance(0.8) ? "product_view" : "page_view", customerId,
                    random.chance(0.8) ? productUrl() : sessionOrigin + "/category/" + categoryPath(profile), previousUrl);
        }
        if (intent == Intent.PURCHASE) {
            if (!random.chance(CHECKOUT_WITHOUT_CART_SHARE)) {
                // "Buy now" skips the cart; everything else goes through it.
                event("add_to_cart", customerId, sessionOrigin + "/cart", previousUrl);
                if (random.chance(0.3)) {
                    event("product_view", customerId, productUrl(), previousUrl);
                    event("add_to_cart", customerId, sessionOrigin + "/cart", previousUrl);
                }
            }
            event("checkout", customerId, sessionOrigin + "/checkout", previousUrl);
            event("order_completed", customerId, sessionOrigin + "/checkout/confirmation", previousUrl);
            // The order and its transaction share the instant.
            purchase(profile, clock, sessionOrigin.equals(Vocabulary.APP_ORIGIN) ? "app" : "web");
        }
        else if (random.chance(0.3)) {
            event("add_to_cart", customerId, sessionOrigin + "/cart", previousUrl);
            if (random.chance(0.35)) {
                event("checkout", customerId, sessionOrigin + "/checkout", previousUrl);
            }
        }
        socialActions(profile, customerId, intent);
        double supportChance = 0.01 + 0.06 * (1 - profile.satisfaction());
        if (random.chance(supportChance)) {
            event("support_chat", customerId, sessionOrigin + "/help/chat", previousUrl);
            if (random.chance(CES_AFTER_CHAT_SHARE)) {
                long time = clock + random.nextInt(10, 120) * Timestamps.MILLIS_PER_MINUTE;
                survey(profile, time, "ces", "support", 0);
            }
        }
        busyUntil = clock;
    }

    private void socialActions(CustomerProfile profile, String customerId, Intent intent) throws IOException {
        double satisfaction = profile.satisfaction();
        if (random.chance(0.02 + 0.08 * satisfaction)) {
            event("share", customerId, productUrl() + "#share", previousUrl);
        }
        if (random.chance(intent == Intent.PURCHASE ? 0.08 : 0.02)) {
            event("review", customerId, productUrl() + "/reviews", previousUrl);
        }
        if (random.chance(0.03)) {
            event("comment", customerId, sessionOrigin + "/community/thread/" + random.nextInt(1, 5000), previousUrl);
        }
        if (random.chance(0.005 + 0.08 * satisfaction * satisfaction * satisfaction)) {
            event("referral_invite", customerId, sessionOrigin + "/account/referrals", previousUrl);
        }
    }

    /** An anonymous visitor's session: looks around, rarely fills a cart, never logs in. */
    void visitorSession(int visitor, int day) throws IOException {
        ZoneRules zone = population.visitorZone(visitor);
        long start = Math.max(timeOfDay(day, 0, ONLINE_HOUR_WEIGHTS, zone, MILLISECONDS_SHARE),
                busyUntil + MINIMUM_SESSION_GAP_MILLIS + random.nextInt(0, 120) * Timestamps.MILLIS_PER_MINUTE);
        startSession(population.visitorAnonymousId(visitor), population.visitorDevice(visitor), zone, start);
        String external = random.chance(0.7) ? random.pick(Vocabulary.EXTERNAL_REFERRERS) : null;
        event("page_view", null, sessionOrigin + random.pick(Vocabulary.LANDING_PATHS), external);
        int views = random.nextInt(0, 3);
        for (int view = 0; view < views; view++) {
            event("product_view", null, productUrl(), previousUrl);
        }
        if (views > 0 && random.chance(0.08)) {
            event("add_to_cart", null, sessionOrigin + "/cart", previousUrl);
        }
        busyUntil = clock;
    }

    private void startSession(String anonymousId, int device, ZoneRules zone, long start) {
        sessionAnonymousId = anonymousId;
        sessionZone = zone;
        sessionWritesUtc = random.chance(CustomerPopulation.UTC_TEXT_SHARE);
        sessionHasMilliseconds = start % Timestamps.MILLIS_PER_SECOND != 0;
        sessionDevice = Vocabulary.DEVICES[device];
        boolean app = device != 0 && random.chance(0.5);
        sessionOrigin = app ? Vocabulary.APP_ORIGIN : Vocabulary.WEB_ORIGIN;
        clock = start;
        previousUrl = null;
    }

    private void event(String type, String customerId, String url, String referrer) throws IOException {
        if (previousUrl != null) {
            clock += random.nextInt(5, MAX_EVENT_GAP_SECONDS) * Timestamps.MILLIS_PER_SECOND;
            if (sessionHasMilliseconds) {
                clock = clock - clock % Timestamps.MILLIS_PER_SECOND + random.nextInt(1, 999);
            }
        }
        String[] values = {
            sink.nextEventId(),
            sessionAnonymousId,
            customerId,
            Timestamps.withOffset(clock, sessionWritesUtc ? 0 : CustomerPopulation.zoneOffsetSeconds(sessionZone, clock)),
            type,
            url,
            referrer,
            sessionDevice};
        int absent = customerId == null && random.chance(ABSENT_CUSTOMER_ID_SHARE) ? ABSENT_CUSTOMER_ID : 0;
        sink.event(values, absent, clock);
        previousUrl = url;
    }

    private String productUrl() {
        return sessionOrigin + "/product/" + (10_000 + random.nextInt(4_000));
    }

    private String categoryPath(CustomerProfile profile) {
        return Vocabulary.PRODUCT_CATEGORIES[random.pickWeighted(profile.business()
                ? Vocabulary.BUSINESS_CATEGORY_WEIGHTS : Vocabulary.CONSUMER_CATEGORY_WEIGHTS)];
    }

    // ---- transactions

    /** A purchase, and perhaps its refund days later and a survey about it. */
    private void purchase(CustomerProfile profile, long time, String channel) throws IOException {
        long cents = Math.max(50, Math.round(profile.meanOrderCents() * Math.exp(0.5 * random.nextGaussian() - 0.125)));
        String category = categoryPath(profile);
        sink.transaction(transactionRow(sink.nextTransactionId(), profile, time, "purchase", cents, category, channel),
                time, profile.firstLandingDay());
        if (random.chance(REFUND_SHARE)) {
            long refundCents = random.chance(0.65) ? cents : Math.max(1, Math.round(cents * (0.2 + 0.7 * random.nextDouble())));
            long refundTime = time + random.nextInt(2, 30) * Timestamps.MILLIS_PER_DAY
                    + random.nextInt(-6 * 3600, 6 * 3600) * Timestamps.MILLIS_PER_SECOND;
            sink.transaction(transactionRow(sink.nextTransactionId(), profile, refundTime, "refund", refundCents, category, channel),
                    refundTime, profile.firstLandingDay());
        }
        if (random.chance(POST_PURCHASE_SURVEY_SHARE)) {
            long surveyTime = time + random.nextInt(60, 72 * 60) * Timestamps.MILLIS_PER_MINUTE;
            String touchpoint = "store".equals(channel) ? "store" : random.chance(0.45) ? "delivery" : channel;
            survey(profile, surveyTime, random.chance(0.55) ? "transactional_nps" : "csat", touchpoint,
                    "delivery".equals(touchpoint) ? -0.06 : 0);
        }
    }

    private String[] transactionRow(String id, CustomerProfile profile, long time, String type, long cents,
            String category, String channel) {
        return new String[] {
            id, profile.customerId(), timestampText(time, profile.zone()), type, amountText(cents), profile.currency(), category, channel};
    }

    static String amountText(long cents) {
        long remainder = cents % 100;
        return (cents / 100) + (remainder < 10 ? ".0" : ".") + remainder;
    }

    // ---- surveys

    /**
     * A response whose score follows the customer's satisfaction (shifted by the touchpoint's
     * {@code experienceShift}), with an expectation for about half and a comment for some.
     */
    private void survey(CustomerProfile profile, long time, String surveyType, String touchpoint, double experienceShift)
            throws IOException {
        double experience = Math.max(0, Math.min(1, profile.satisfaction() + experienceShift));
        int minimum = BadRows.minimumScore(surveyType);
        int maximum = BadRows.maximumScore(surveyType);
        double span = maximum - minimum;
        double noise = switch (surveyType) {
            case "relationship_nps" -> 1.1;
            case "transactional_nps" -> 1.4;
            case "csat" -> 0.7;
            default -> 1.1;
        };
        int score = clamp(Math.round(minimum + span * experience + noise * random.nextGaussian()), minimum, maximum);
        String expectation = "";
        if (random.chance(EXPECTATION_SHARE)) {
            // Customers expect a good experience: about 80% of the scale, whatever they then get.
            long expected = Math.round(minimum + span * 0.8 + 0.1 * span * random.nextGaussian());
            expectation = Integer.toString(clamp(expected, minimum, maximum));
        }
        double position = (score - minimum) / span;
        String comment = "";
        if (random.chance(position < 0.65 ? COMMENT_SHARE + 0.2 : COMMENT_SHARE)) {
            comment = random.pick(position < 0.65 ? Vocabulary.NEGATIVE_COMMENTS
                    : position < 0.85 ? Vocabulary.NEUTRAL_COMMENTS : Vocabulary.POSITIVE_COMMENTS);
        }
        String[] values = {
            sink.nextResponseId(), profile.customerId(), timestampText(time, profile.zone()), surveyType, touchpoint,
            Integer.toString(score), expectation, comment};
        sink.survey(values, time, profile.firstLandingDay());
    }

    private static int clamp(long value, int minimum, int maximum) {
        return (int) Math.max(minimum, Math.min(maximum, value));
    }

    // ---- time

    /**
     * An instant on the UTC {@code day}, at or after {@code earliestSecond}, following the
     * rhythm of {@code localHourWeights} in the customer's time zone; with milliseconds for a
     * share of them. A local time that falls on the neighbouring UTC day is moved to the same
     * time of this one: the rows of a day must be generated on that day.
     */
    private long timeOfDay(int day, int earliestSecond, double[] localHourWeights, ZoneRules zone, double millisecondsShare) {
        long dayStart = population.dayStartMillis(day);
        int localSecond = random.pickWeighted(localHourWeights) * 3600 + random.nextInt(3600);
        int second = Math.floorMod(localSecond - CustomerPopulation.zoneOffsetSeconds(zone, dayStart), Timestamps.SECONDS_PER_DAY);
        if (second < earliestSecond) {
            second = random.nextInt(earliestSecond, Timestamps.SECONDS_PER_DAY - 1);
        }
        long millis = random.chance(millisecondsShare) ? random.nextInt(1, 999) : 0;
        return dayStart + second * Timestamps.MILLIS_PER_SECOND + millis;
    }

    /** Browsers and CRMs write local time with its offset or UTC: the instant is what counts. */
    private String timestampText(long time, ZoneRules zone) {
        return Timestamps.withOffset(time, CustomerPopulation.offsetSeconds(zone, time, random.nextDouble()));
    }
}
