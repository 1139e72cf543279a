package io.engagementlake.generate;

import static io.engagementlake.generate.DeterministicRandom.below;
import static io.engagementlake.generate.DeterministicRandom.gaussian;
import static io.engagementlake.generate.DeterministicRandom.hash;
import static io.engagementlake.generate.DeterministicRandom.roughGaussian;
import static io.engagementlake.generate.DeterministicRandom.unit;

import io.engagementlake.generate.Vocabulary.Country;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * The customers and anonymous visitors of one run as pure functions of (seed, index): nothing
 * per customer is stored, so memory does not grow with {@code --customers}, and any thread can
 * ask about any customer (a referral names another customer) and get the same answer.
 *
 * <p>Days are offsets from the first landing date: 0 .. {@code days - 1}.
 */
final class CustomerPopulation {
    static final double BUSINESS_SHARE = 0.20;
    /** B2B customers come in groups of consecutive indexes split into accounts of 1–5 colleagues. */
    static final int ACCOUNT_GROUP_SIZE = 5;
    static final double LATE_MASTER_DATA_SHARE = 0.006;
    static final double UPDATED_SHARE = 0.25;
    /** A share of the updates is a correction re-sent with the previous row's updated_at. */
    static final double UPDATED_AT_TIE_SHARE = 0.08;
    /** Slightly above the 15% wanted: early signups often find no earlier customer to name. */
    static final double REFERRAL_CANDIDATE_SHARE = 0.19;
    static final int REFERRER_ATTEMPTS = 12;
    static final double TRACKING_CONSENT_SHARE = 0.85;
    static final double MARKETING_CONSENT_SHARE = 0.70;
    /**
     * Anonymous-only visitors per customer and per 730 days, tuned so that they produce about
     * 10% of the events. Visitors scale with the period too, as customers' events do.
     */
    static final double VISITORS_PER_CUSTOMER = 0.45;
    static final double VISITORS_REFERENCE_DAYS = 730;
    /** A visitor's sessions fall within this many days of their first visit. */
    static final int VISITOR_SPAN_DAYS = 21;
    /** Share of timestamps written with {@code Z}; the others show the customer's local offset. */
    static final double UTC_TEXT_SHARE = 0.45;

    /** Purchases per active day of an average customer, tuned to about 4 transactions per customer. */
    static final double BASE_PURCHASE_RATE = 0.014;
    /** Browsing sessions per active day of an average customer. */
    static final double BASE_VISIT_RATE = 0.0085;

    private static final long TAG_SIGNUP_DAY = 101;
    private static final long TAG_SIGNUP_TIME = 102;
    private static final long TAG_SATISFACTION = 103;
    private static final long TAG_LIFETIME = 105;
    private static final long TAG_LATE_MASTER = 106;
    private static final long TAG_LATE_MASTER_DELAY = 107;
    private static final long TAG_GROUP = 108;
    private static final long TAG_GROUP_LAYOUT = 109;
    private static final long TAG_COUNTRY = 110;
    private static final long TAG_ZONE = 111;
    private static final long TAG_CHANNEL = 112;
    private static final long TAG_CONSENT = 113;
    private static final long TAG_NAME = 114;
    private static final long TAG_RATES = 115;
    private static final long TAG_DEVICES = 116;
    private static final long TAG_UPDATES = 117;
    private static final long TAG_UPDATE_DAY = 118;
    private static final long TAG_UPDATE_DETAIL = 119;
    private static final long TAG_REFERRER = 120;
    private static final long TAG_ANONYMOUS_ID = 121;
    private static final long TAG_VISITOR = 122;
    private static final long TAG_VISITOR_SESSION = 123;
    private static final long TAG_VISITOR_ANONYMOUS_ID = 124;

    private final long seed;
    private final int customers;
    private final int days;
    private final long startEpochDay;
    private final int visitors;
    /** New single-person accounts (a B2C customer turning B2B) are numbered above all group accounts. */
    private final long singleAccountBase;

    CustomerPopulation(GeneratorOptions options) {
        this.seed = options.seed();
        this.customers = options.customers();
        this.days = options.days();
        this.startEpochDay = options.startDate().toEpochDay();
        this.visitors = (int) Math.max(1, Math.round(customers * VISITORS_PER_CUSTOMER * days / VISITORS_REFERENCE_DAYS));
        this.singleAccountBase = ((long) customers + ACCOUNT_GROUP_SIZE - 1) / ACCOUNT_GROUP_SIZE * ACCOUNT_GROUP_SIZE;
    }

    long seed() {
        return seed;
    }

    int customers() {
        return customers;
    }

    int visitors() {
        return visitors;
    }

    int days() {
        return days;
    }

    int lastDay() {
        return days - 1;
    }

    long startEpochDay() {
        return startEpochDay;
    }

    long dayStartMillis(int day) {
        return (startEpochDay + day) * Timestamps.MILLIS_PER_DAY;
    }

    /** The day of an instant, as an offset from the first landing date (its UTC date decides). */
    int dayOf(long epochMillis) {
        return (int) (Math.floorDiv(epochMillis, Timestamps.MILLIS_PER_DAY) - startEpochDay);
    }

    static String customerId(int index) {
        return formatId('C', index + 1L, 8);
    }

    static String accountId(long accountNumber) {
        return formatId('A', accountNumber, 6);
    }

    private static String formatId(char prefix, long number, int digits) {
        String text = Long.toString(number);
        StringBuilder id = new StringBuilder(digits + 1).append(prefix);
        for (int padding = text.length(); padding < digits; padding++) {
            id.append('0');
        }
        return id.append(text).toString();
    }

    // ---- the few attributes the day loop needs before deciding whether a customer does anything

    /**
     * Signups spread over the whole period with a density rising linearly from 0.6 to 1.4: a
     * growing business, with recent cohorts and a few customers signing up on the last day.
     */
    int signupDay(int index) {
        double uniform = unit(hash(seed, TAG_SIGNUP_DAY, index));
        double position = (-0.6 + Math.sqrt(0.36 + 1.6 * uniform)) / 0.8;
        return Math.min(days - 1, (int) (position * days));
    }

    /** Skewed towards content customers, so that promoters outnumber detractors as usual. */
    double satisfaction(int index) {
        double normal = roughGaussian(hash(seed, TAG_SATISFACTION, index));
        return Math.max(0.02, Math.min(1.0, 0.76 + 0.21 * normal));
    }

    /** Happy customers stay far longer: the mean lifetime grows from about 90 days to about 3 years. */
    int churnDay(int index, int signupDay, double satisfaction) {
        double meanLifetimeDays = 90 + 1000 * satisfaction * satisfaction * satisfaction;
        double lifetime = -meanLifetimeDays * Math.log(1 - unit(hash(seed, TAG_LIFETIME, index)));
        return (int) Math.min(Integer.MAX_VALUE / 2, signupDay + lifetime);
    }

    /** Late master data needs its delayed first row to land within the period. */
    boolean isLateMasterData(int index, int signupDay) {
        return signupDay + 5 <= lastDay() && unit(hash(seed, TAG_LATE_MASTER, index)) < LATE_MASTER_DATA_SHARE;
    }

    int firstLandingDay(int index, int signupDay) {
        if (!isLateMasterData(index, signupDay)) {
            return signupDay;
        }
        return signupDay + 2 + below(hash(seed, TAG_LATE_MASTER_DELAY, index), 4);
    }

    // ---- the full profile

    CustomerProfile profile(int index) {
        int signupDay = signupDay(index);
        long signupTime = hash(seed, TAG_SIGNUP_TIME, index);
        long signupMillis = dayStartMillis(signupDay) + below(signupTime, Timestamps.SECONDS_PER_DAY) * Timestamps.MILLIS_PER_SECOND
                + (unit(mix(signupTime, 1)) < 0.1 ? 1 + below(mix(signupTime, 2), 999) : 0);
        boolean lateMasterData = isLateMasterData(index, signupDay);
        int firstLandingDay = firstLandingDay(index, signupDay);
        double satisfaction = satisfaction(index);
        int churnDay = churnDay(index, signupDay, satisfaction);

        long group = index / ACCOUNT_GROUP_SIZE;
        boolean business = isBusiness(index);
        long accountNumber = business ? accountNumber(group, index % ACCOUNT_GROUP_SIZE) : 0;
        // Colleagues of one account work in the same country.
        long countryHash = business ? hash(seed, TAG_COUNTRY, -accountNumber) : hash(seed, TAG_COUNTRY, index);
        Country country = Vocabulary.COUNTRIES[pickWeighted(countryHash, Vocabulary.COUNTRY_WEIGHTS)];
        ZoneRules zone = country.zones()[below(hash(seed, TAG_ZONE, index), country.zones().length)];

        long channelHash = hash(seed, TAG_CHANNEL, index);
        boolean referralCandidate = unit(channelHash) < REFERRAL_CANDIDATE_SHARE;
        String baseChannel = Vocabulary.ACQUISITION_CHANNELS[pickWeighted(mix(channelHash, 1), Vocabulary.ACQUISITION_WEIGHTS)];

        long consentHash = hash(seed, TAG_CONSENT, index);
        boolean consentTracking = unit(consentHash) < TRACKING_CONSENT_SHARE;
        boolean consentMarketing = unit(mix(consentHash, 1)) < MARKETING_CONSENT_SHARE;

        long rateHash = hash(seed, TAG_RATES, index);
        double orderValueEuros = (business ? 260.0 : 48.0) * (0.75 + 0.5 * satisfaction)
                * Math.exp(0.4 * gaussian(mix(rateHash, 3), mix(rateHash, 4)) - 0.08);
        double meanOrderCents = orderValueEuros * 100 * country.currencyPerEuro();

        long deviceHash = hash(seed, TAG_DEVICES, index);
        int anonymousIds = unit(deviceHash) < 0.4 ? 2 : 1;
        int preferredDevice = pickWeighted(mix(deviceHash, 1), Vocabulary.DEVICE_WEIGHTS);

        return new CustomerProfile(index, customerId(index), signupDay, signupMillis, firstLandingDay, lateMasterData,
                churnDay, satisfaction, business, accountNumber, country, zone, referralCandidate, baseChannel,
                consentTracking, consentMarketing, meanOrderCents, anonymousIds, preferredDevice, updateCount(index));
    }

    /**
     * How often a customer buys and visits.
     *
     * @param purchaseRate expected purchases per active day
     * @param onlineShare  share of purchases made in a web or app session rather than a store
     * @param visitRate    expected browsing sessions (without purchase) per active day
     */
    record CustomerRates(double purchaseRate, double onlineShare, double visitRate) {}

    /**
     * The rates the day loop needs to decide whether anything happens, without the strings of
     * a whole profile. Experience multiplies activity: a promoter buys roughly twice as often as
     * a detractor.
     */
    CustomerRates rates(int index, double satisfaction) {
        boolean business = isBusiness(index);
        long rateHash = hash(seed, TAG_RATES, index);
        double activity = 0.35 + 1.3 * satisfaction * satisfaction;
        double purchaseHeterogeneity = Math.exp(0.5 * roughGaussian(rateHash) - 0.125);
        double purchaseRate = BASE_PURCHASE_RATE * activity * purchaseHeterogeneity * (business ? 1.5 : 1.0);
        double onlineShare = business ? 0.15 + 0.2 * unit(mix(rateHash, 2)) : 0.2 + 0.25 * unit(mix(rateHash, 2));
        double visitHeterogeneity = Math.exp(0.6 * roughGaussian(mix(rateHash, 5)) - 0.18);
        double visitRate = BASE_VISIT_RATE * (0.5 + satisfaction) * visitHeterogeneity;
        return new CustomerRates(purchaseRate, onlineShare, visitRate);
    }

    boolean isBusiness(int index) {
        return unit(hash(seed, TAG_GROUP, index / ACCOUNT_GROUP_SIZE)) < BUSINESS_SHARE;
    }

    /** Accounts of a B2B group: consecutive runs of 1–5 colleagues, numbered by their first member. */
    private long accountNumber(long group, int position) {
        DeterministicRandom layout = new DeterministicRandom(hash(seed, TAG_GROUP_LAYOUT, group));
        int start = 0;
        while (true) {
            int size = 1 + layout.nextInt(ACCOUNT_GROUP_SIZE - start);
            if (position < start + size) {
                return group * ACCOUNT_GROUP_SIZE + start + 1;
            }
            start += size;
        }
    }

    /** Only customers rows need it, so it is not part of the profile built on every active day. */
    String email(CustomerProfile profile) {
        long nameHash = hash(seed, TAG_NAME, profile.index());
        boolean business = profile.business();
        long accountNumber = profile.accountNumber();
        String name = Vocabulary.FIRST_NAMES[below(nameHash, Vocabulary.FIRST_NAMES.length)] + '.'
                + Vocabulary.LAST_NAMES[below(mix(nameHash, 1), Vocabulary.LAST_NAMES.length)];
        if (business) {
            String company = Vocabulary.COMPANY_NAMES[(int) (accountNumber % Vocabulary.COMPANY_NAMES.length)];
            return name + '@' + company + '-' + accountNumber + ".example.com";
        }
        return name + below(mix(nameHash, 2), 100) + '@'
                + Vocabulary.EMAIL_DOMAINS[below(mix(nameHash, 3), Vocabulary.EMAIL_DOMAINS.length)];
    }

    /**
     * The customer who referred this one, or null: an earlier customer whose first row has
     * already landed and who is still active, more likely a happy one (promoters refer).
     */
    String referrerId(CustomerProfile profile) {
        if (!profile.referralCandidate() || customers < 2) {
            return null;
        }
        for (int attempt = 0; attempt < REFERRER_ATTEMPTS; attempt++) {
            long candidateHash = hash(seed, TAG_REFERRER, profile.index(), attempt);
            int candidate = below(candidateHash, customers);
            if (candidate == profile.index()) {
                continue;
            }
            int candidateSignup = signupDay(candidate);
            if (firstLandingDay(candidate, candidateSignup) >= profile.signupDay()) {
                continue;
            }
            double candidateSatisfaction = satisfaction(candidate);
            if (churnDay(candidate, candidateSignup, candidateSatisfaction) < profile.signupDay()) {
                continue;
            }
            double propensity = 0.15 + 0.85 * candidateSatisfaction * candidateSatisfaction * candidateSatisfaction;
            if (unit(mix(candidateHash, 1)) < propensity) {
                return customerId(candidate);
            }
        }
        return null;
    }

    /** The signup instant as written in every customers row of the customer. */
    String signupText(CustomerProfile profile) {
        long signupTime = hash(seed, TAG_SIGNUP_TIME, profile.index());
        return Timestamps.withOffset(profile.signupMillis(),
                offsetSeconds(profile.zone(), profile.signupMillis(), unit(mix(signupTime, 3))));
    }

    String acquisitionChannel(CustomerProfile profile, String referrerId) {
        return referrerId != null ? Vocabulary.REFERRAL_CHANNEL : profile.baseChannel();
    }

    String anonymousId(CustomerProfile profile, int device) {
        return anonymousIdText(hash(seed, TAG_ANONYMOUS_ID, profile.index(), device));
    }

    static String anonymousIdText(long hash) {
        String hex = Long.toHexString(hash);
        StringBuilder id = new StringBuilder(21).append("anon-");
        for (int padding = hex.length(); padding < 16; padding++) {
            id.append('0');
        }
        return id.append(hex).toString();
    }

    /** The offset a timestamp is written with: Z for a share of rows, else the zone's offset then. */
    static int offsetSeconds(ZoneRules zone, long epochMillis, double draw) {
        if (draw < UTC_TEXT_SHARE) {
            return 0;
        }
        return zoneOffsetSeconds(zone, epochMillis);
    }

    static int zoneOffsetSeconds(ZoneRules zone, long epochMillis) {
        return zone.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
    }

    // ---- change data: rows after the first

    int updateCount(int index) {
        double draw = unit(hash(seed, TAG_UPDATES, index));
        if (draw >= UPDATED_SHARE) {
            return 0;
        }
        double within = draw / UPDATED_SHARE;
        return within < 0.6 ? 1 : within < 0.88 ? 2 : 3;
    }

    /** Cheap test used every day, before the whole plan is worth building. */
    boolean isUpdateDay(int index, int updateCount, int firstLandingDay, int day) {
        if (day <= firstLandingDay) {
            return false;
        }
        for (int update = 0; update < updateCount; update++) {
            if (updateDay(index, update, firstLandingDay) == day) {
                return true;
            }
        }
        return false;
    }

    private int updateDay(int index, int update, int firstLandingDay) {
        int span = lastDay() - firstLandingDay;
        return firstLandingDay + 1 + below(hash(seed, TAG_UPDATE_DAY, index, update), span);
    }

    /** The customer's change rows after the first, on distinct days in landing order. */
    UpdatePlan updatePlan(CustomerProfile profile) {
        int firstLandingDay = profile.firstLandingDay();
        if (profile.updateCount() == 0 || firstLandingDay >= lastDay()) {
            return UpdatePlan.NONE;
        }
        int[] updateDays = new int[profile.updateCount()];
        for (int update = 0; update < updateDays.length; update++) {
            updateDays[update] = updateDay(profile.index(), update, firstLandingDay);
        }
        updateDays = Arrays.stream(updateDays).sorted().distinct().toArray();
        long[] updatedAt = new long[updateDays.length];
        UpdatePlan.Change[] changes = new UpdatePlan.Change[updateDays.length];
        boolean[] ties = new boolean[updateDays.length];
        long previousUpdatedAt = profile.signupMillis();
        for (int version = 0; version < updateDays.length; version++) {
            long detail = hash(seed, TAG_UPDATE_DETAIL, profile.index(), version);
            // No tie on a tie: a second change could undo the first and repeat an earlier row exactly.
            ties[version] = unit(detail) < UPDATED_AT_TIE_SHARE && (version == 0 || !ties[version - 1]);
            updatedAt[version] = ties[version] ? previousUpdatedAt
                    : dayStartMillis(updateDays[version]) + below(mix(detail, 1), Timestamps.SECONDS_PER_DAY) * Timestamps.MILLIS_PER_SECOND;
            changes[version] = UpdatePlan.Change.values()[pickWeighted(mix(detail, 2), UpdatePlan.CHANGE_WEIGHTS)];
            previousUpdatedAt = updatedAt[version];
        }
        return new UpdatePlan(updateDays, updatedAt, changes, ties);
    }

    /**
     * The customers row of a version: 0 is the signup row, version v applies the first v
     * changes of the plan in order.
     */
    String[] customerRow(CustomerProfile profile, UpdatePlan plan, int version, String referrerId) {
        boolean business = profile.business();
        long accountNumber = profile.accountNumber();
        Country country = profile.country();
        ZoneRules zone = profile.zone();
        String email = email(profile);
        String signupText = signupText(profile);
        boolean consentTracking = profile.consentTracking();
        boolean consentMarketing = profile.consentMarketing();
        String updatedAtText = signupText;
        for (int applied = 0; applied < version; applied++) {
            long detail = mix(hash(seed, TAG_UPDATE_DETAIL, profile.index(), applied), 3);
            switch (plan.changes()[applied]) {
                case CONSENT_TRACKING -> consentTracking = !consentTracking;
                case CONSENT_MARKETING -> consentMarketing = !consentMarketing;
                case COUNTRY -> {
                    int current = Arrays.asList(Vocabulary.COUNTRIES).indexOf(country);
                    int moved = (current + 1 + below(detail, Vocabulary.COUNTRIES.length - 1)) % Vocabulary.COUNTRIES.length;
                    country = Vocabulary.COUNTRIES[moved];
                    zone = country.zones()[0];
                }
                case EMAIL -> email = changedEmail(email, detail);
                case SEGMENT -> {
                    business = !business;
                    accountNumber = business ? singleAccountBase + profile.index() + 1 : 0;
                }
            }
            // A tie repeats the previous row's text too, so it is the same updated_at however compared.
            if (!plan.ties()[applied]) {
                long updatedAt = plan.updatedAt()[applied];
                updatedAtText = Timestamps.withOffset(updatedAt, offsetSeconds(zone, updatedAt, unit(mix(detail, 1))));
            }
        }
        return new String[] {
            profile.customerId(),
            accountNumber == 0 ? "" : accountId(accountNumber),
            business ? "B2B" : "B2C",
            country.code(),
            signupText,
            acquisitionChannel(profile, referrerId),
            referrerId == null ? "" : referrerId,
            email,
            Boolean.toString(consentTracking),
            Boolean.toString(consentMarketing),
            updatedAtText};
    }

    private static String changedEmail(String email, long detail) {
        int atSign = email.indexOf('@');
        String domain = email.substring(atSign + 1);
        int current = Arrays.asList(Vocabulary.EMAIL_DOMAINS).indexOf(domain);
        int next = (current + 1 + below(detail, Vocabulary.EMAIL_DOMAINS.length - 1)) % Vocabulary.EMAIL_DOMAINS.length;
        return email.substring(0, atSign) + '@' + Vocabulary.EMAIL_DOMAINS[next];
    }

    // ---- anonymous visitors that never log in

    /** The visitor's first day; the visits fall within {@link #VISITOR_SPAN_DAYS} of it. */
    int visitorFirstDay(int visitor) {
        return below(hash(seed, TAG_VISITOR, visitor), days);
    }

    int visitorSessionCount(int visitor) {
        return 1 + below(mix(hash(seed, TAG_VISITOR, visitor), 1), 3);
    }

    int visitorSessionDay(int visitor, int session, int firstDay) {
        return session == 0 ? firstDay : firstDay + below(hash(seed, TAG_VISITOR_SESSION, visitor, session), VISITOR_SPAN_DAYS);
    }

    String visitorAnonymousId(int visitor) {
        return anonymousIdText(hash(seed, TAG_VISITOR_ANONYMOUS_ID, visitor));
    }

    ZoneRules visitorZone(int visitor) {
        long zoneHash = mix(hash(seed, TAG_VISITOR, visitor), 3);
        Country country = Vocabulary.COUNTRIES[pickWeighted(zoneHash, Vocabulary.COUNTRY_WEIGHTS)];
        return country.zones()[below(mix(zoneHash, 1), country.zones().length)];
    }

    int visitorDevice(int visitor) {
        return pickWeighted(mix(hash(seed, TAG_VISITOR, visitor), 2), Vocabulary.DEVICE_WEIGHTS);
    }

    // ---- helpers

    /** A further independent hash from one already drawn. */
    static long mix(long hash, long salt) {
        return DeterministicRandom.mix(hash + salt * 0x632BE59BD9B4E019L);
    }

    static int pickWeighted(long hash, double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double target = unit(hash) * total;
        for (int index = 0; index < weights.length - 1; index++) {
            target -= weights[index];
            if (target < 0) {
                return index;
            }
        }
        return weights.length - 1;
    }
}
