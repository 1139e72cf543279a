package io.engagementlake.generate;

import java.time.ZoneId;
import java.time.zone.ZoneRules;

/** The fixed values rows are made of: countries, names, categories, pages, survey comments. */
final class Vocabulary {
    private Vocabulary() {}

    /**
     * A customer country with its share of customers, its currency, the currency's size
     * relative to the euro (so amounts look like prices in that currency) and the time zones
     * its customers' clocks show.
     */
    record Country(String code, double weight, String currency, double currencyPerEuro, ZoneRules[] zones) {
        static Country of(String code, double weight, String currency, double currencyPerEuro, String... zoneIds) {
            ZoneRules[] zones = new ZoneRules[zoneIds.length];
            for (int index = 0; index < zoneIds.length; index++) {
                zones[index] = ZoneId.of(zoneIds[index]).getRules();
            }
            return new Country(code, weight, currency, currencyPerEuro, zones);
        }
    }

    static final Country[] COUNTRIES = {
        Country.of("DE", 0.21, "EUR", 1.0, "Europe/Berlin"),
        Country.of("US", 0.19, "USD", 1.1, "America/New_York", "America/Chicago", "America/Denver",
                "America/Los_Angeles"),
        Country.of("GB", 0.14, "GBP", 0.85, "Europe/London"),
        Country.of("FR", 0.12, "EUR", 1.0, "Europe/Paris"),
        Country.of("IT", 0.08, "EUR", 1.0, "Europe/Rome"),
        Country.of("NL", 0.08, "EUR", 1.0, "Europe/Amsterdam"),
        Country.of("ES", 0.08, "EUR", 1.0, "Europe/Madrid"),
        Country.of("SE", 0.06, "SEK", 11.0, "Europe/Stockholm"),
        Country.of("AT", 0.02, "EUR", 1.0, "Europe/Vienna"),
        Country.of("IE", 0.02, "EUR", 1.0, "Europe/Dublin"),
    };
    static final double[] COUNTRY_WEIGHTS = weights(COUNTRIES);

    static final String[] ACQUISITION_CHANNELS = {
        "organic_search", "paid_search", "social", "email", "affiliate", "direct", "store"};
    static final double[] ACQUISITION_WEIGHTS = {0.30, 0.20, 0.14, 0.08, 0.06, 0.12, 0.10};
    static final String REFERRAL_CHANNEL = "referral";

    static final String[] FIRST_NAMES = {
        "anna", "ben", "clara", "david", "emma", "felix", "greta", "hugo", "ines", "jonas", "karin", "lukas",
        "maria", "noah", "olivia", "paul", "quinn", "rosa", "samuel", "tara", "ulla", "victor", "wendy",
        "xavier", "yara", "zoe", "liam", "sofia", "elias", "mia", "oscar", "ella", "leon", "chloe", "mateo",
        "alice", "james", "nora", "erik", "lucia"};
    static final String[] LAST_NAMES = {
        "schmidt", "mueller", "martin", "bernard", "smith", "jones", "rossi", "bianchi", "garcia", "lopez",
        "jansen", "devries", "andersson", "johansson", "brown", "taylor", "dubois", "moreau", "fischer",
        "weber", "wagner", "becker", "ricci", "romano", "fernandez", "visser", "nilsson", "wilson", "clark",
        "lewis", "murphy", "kelly", "novak", "horvat", "keller", "meyer", "baker", "hall", "young", "king"};
    static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net", "mail.example.com"};
    static final String[] COMPANY_NAMES = {
        "nordwind", "alpenglow", "bluefjord", "citrine", "dunmore", "everbright", "fairhaven", "goldcrest",
        "harbourline", "ironbark", "juniper", "kestrel", "lakeside", "meridian", "northgate", "oakridge"};

    static final String[] PRODUCT_CATEGORIES = {
        "electronics", "fashion", "home_garden", "beauty", "sports", "books", "toys", "grocery"};
    static final double[] CONSUMER_CATEGORY_WEIGHTS = {0.16, 0.22, 0.14, 0.12, 0.10, 0.10, 0.06, 0.10};
    static final double[] BUSINESS_CATEGORY_WEIGHTS = {0.40, 0.05, 0.30, 0.02, 0.05, 0.13, 0.00, 0.05};

    static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    static final double[] DEVICE_WEIGHTS = {0.45, 0.45, 0.10};

    static final String WEB_ORIGIN = "https://shop.example.com";
    static final String APP_ORIGIN = "app://shop.example.com";
    static final String[] LANDING_PATHS = {"/", "/", "/deals", "/new-in", "/search?q=gift", "/blog/spring-guide"};
    static final String[] EXTERNAL_REFERRERS = {
        "https://www.google.com/", "https://www.google.de/", "https://www.bing.com/", "https://duckduckgo.com/",
        "https://www.facebook.com/", "https://www.instagram.com/", "https://t.co/x7Hq2",
        "https://newsletter.example.com/2025/issue-12", "https://partner.example.net/top-10"};

    /** Unusable event types that look like real ones, for {@link BadRowKind#UNKNOWN_EVENT_TYPE}. */
    static final String[] UNKNOWN_EVENT_TYPES = {"page_vew", "hover", "scroll_depth", "add-to-cart", "wishlist"};
    static final String[] UNKNOWN_SURVEY_TYPES = {"nps_v2", "relationship-nps", "csat_5", "effort"};
    static final String[] UNKNOWN_CURRENCIES = {"XXX", "BTC", "DEM", "EURO"};
    static final String[] BAD_AMOUNTS = {"0", "0.00", "abc", "1,234.50", "NaN", "12.5.0", "19,99"};

    /** Lines that are not JSON at all, as a broken proxy or logger would leave behind. */
    static final String[] GARBAGE_LINES = {
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        "undefined",
        "[object Object]",
        "event_id=E17&ts=2025-01-01T00:00:00Z&event_type=page_view",
        "\\x1f\\x8b garbled payload"};

    static final String[] NEGATIVE_COMMENTS = {
        "Delivery was late, again.",
        "The \"express\" shipping took 5 days.",
        "Support never called back.\nI had to ask three times.",
        "Checkout kept failing, so I gave up.",
        "Item arrived damaged, box was soaked",
        "Too expensive for what you get",
        "App crashes at login, every single time",
        "Refund took weeks. \"Processing\" they said.",
        "Lieferung kam zu spät, sehr ärgerlich.",
        "Service client injoignable, déçu."};
    static final String[] NEUTRAL_COMMENTS = {
        "OK overall",
        "Fine, but the website is slow",
        "Prices are okay, selection could be bigger.",
        "Decent. Nothing special",
        "Good product, packaging \"meh\"",
        "Delivery fine.\nReturns process confusing."};
    static final String[] POSITIVE_COMMENTS = {
        "Great service, fast delivery!",
        "Love the app. Checkout is super quick",
        "Staff in the store were really helpful, thanks",
        "Best shop around, I recommend it to all my friends.",
        "\"Next day\" really meant next day. Impressed!",
        "Easy returns,\nfriendly support.",
        "Super Auswahl und schnelle Lieferung!",
        "Très bon service, merci."};

    private static double[] weights(Country[] countries) {
        double[] weights = new double[countries.length];
        for (int index = 0; index < countries.length; index++) {
            weights[index] = countries[index].weight();
        }
        return weights;
    }
}
