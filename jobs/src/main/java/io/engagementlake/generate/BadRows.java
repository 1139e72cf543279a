package io.engagementlake.generate;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Derives an injected bad row from a valid one by breaking exactly one thing, so the reason
 * the pipeline should quarantine it for is unambiguous. The derived row gets a fresh id (unless
 * the id is what is missing), so it never collides with the valid row or counts as a duplicate.
 */
final class BadRows {
    /** Probability, per valid row, of injecting one bad row of each kind next to it. */
    static final Map<BadRowKind, Double> RATES = new EnumMap<>(Map.of(
            BadRowKind.MALFORMED, 0.0025,
            BadRowKind.MISSING_FIELD, 0.0035,
            BadRowKind.BAD_TIMESTAMP, 0.0030,
            BadRowKind.TIMESTAMP_IN_FUTURE, 0.0025,
            BadRowKind.BAD_AMOUNT, 0.0030,
            BadRowKind.UNKNOWN_CURRENCY, 0.0025,
            BadRowKind.UNKNOWN_EVENT_TYPE, 0.0030,
            BadRowKind.UNKNOWN_SURVEY_TYPE, 0.0030,
            BadRowKind.SCORE_OUT_OF_RANGE, 0.0035,
            BadRowKind.UNKNOWN_CUSTOMER, 0.0030));

    /** Required columns (PIPELINE.md §5) whose emptiness makes a {@link BadRowKind#MISSING_FIELD} row. */
    private static final Map<LandingSource, List<String>> REQUIRED_COLUMNS = Map.of(
            LandingSource.CUSTOMERS, List.of("customer_id", "segment", "country", "signup_ts", "consent_tracking",
                    "consent_marketing", "updated_at"),
            LandingSource.TRANSACTIONS, List.of("transaction_id", "customer_id", "ts", "type", "amount", "currency"),
            LandingSource.CLICKSTREAM, List.of("event_id", "anonymous_id", "ts", "event_type"),
            LandingSource.SURVEYS, List.of("response_id", "customer_id", "ts", "survey_type", "score"));

    private final CustomerPopulation population;
    private final RowText rowText;

    BadRows(CustomerPopulation population, RowText rowText) {
        this.population = population;
        this.rowText = rowText;
    }

    /**
     * The text of a bad row of {@code kind} derived from a valid row.
     *
     * @param valid         the valid row's values (not modified)
     * @param absentFields  clickstream: fields left out of the valid row
     * @param instantMillis the valid row's instant, which the bad timestamps are built around
     * @param landingDay    the day the bad row lands (for timestamps in the future)
     * @param freshId       a new unique id for the bad row (null for customers, whose rows have none)
     */
    String derive(LandingSource source, BadRowKind kind, String[] valid, int absentFields, long instantMillis,
            int landingDay, String freshId, DeterministicRandom random) {
        String[] values = valid.clone();
        int absent = absentFields;
        if (source != LandingSource.CUSTOMERS) {
            // The id is always the first column of the sources that have one.
            values[0] = freshId;
        }
        String timestampColumn = source != LandingSource.CUSTOMERS ? "ts"
                : random.chance(0.7) ? "updated_at" : "signup_ts";
        switch (kind) {
            case MALFORMED -> {
                return source.isCsv() ? malformedCsv(values, random) : malformedJson(source, values, absent, random);
            }
            case MISSING_FIELD -> {
                List<String> required = REQUIRED_COLUMNS.get(source);
                int field = column(source, required.get(random.nextInt(required.size())));
                if (source.isCsv()) {
                    values[field] = "";
                }
                else {
                    switch (random.nextInt(3)) {
                        case 0 -> values[field] = "";
                        case 1 -> values[field] = null;
                        default -> absent |= 1 << field;
                    }
                }
            }
            case BAD_TIMESTAMP -> values[column(source, timestampColumn)] = badTimestamp(instantMillis, random);
            case TIMESTAMP_IN_FUTURE -> {
                int futureDay = landingDay + 3 + random.nextInt(28);
                long future = population.dayStartMillis(futureDay)
                        + random.nextInt(Timestamps.SECONDS_PER_DAY) * Timestamps.MILLIS_PER_SECOND;
                // For customers the change's updated_at, as a CRM clock running ahead would write it.
                String futureColumn = source == LandingSource.CUSTOMERS ? "updated_at" : "ts";
                values[column(source, futureColumn)] = Timestamps.withOffset(future, random.chance(0.5) ? 0 : 3600 * random.nextInt(-8, 9));
            }
            case BAD_AMOUNT -> {
                int amount = column(source, "amount");
                values[amount] = random.chance(0.25) ? "-" + values[amount] : random.pick(Vocabulary.BAD_AMOUNTS);
            }
            case UNKNOWN_CURRENCY -> values[column(source, "currency")] = random.pick(Vocabulary.UNKNOWN_CURRENCIES);
            case UNKNOWN_EVENT_TYPE -> values[column(source, "event_type")] = random.pick(Vocabulary.UNKNOWN_EVENT_TYPES);
            case UNKNOWN_SURVEY_TYPE -> values[column(source, "survey_type")] = random.pick(Vocabulary.UNKNOWN_SURVEY_TYPES);
            case SCORE_OUT_OF_RANGE -> scoreOutOfRange(source, values, random);
            case UNKNOWN_CUSTOMER -> values[column(source, "customer_id")] = unknownCustomerId(random);
        }
        return source.isCsv() ? rowText.csv(values) : rowText.json(source.columns(), values, absent);
    }

    /** One field too few or one too many: nothing else about the record is wrong. */
    private String malformedCsv(String[] values, DeterministicRandom random) {
        String[] changed;
        if (random.chance(0.5)) {
            changed = new String[values.length - 1];
            System.arraycopy(values, 0, changed, 0, changed.length);
        }
        else {
            changed = new String[values.length + 1];
            System.arraycopy(values, 0, changed, 0, values.length);
            changed[values.length] = random.chance(0.5) ? "" : "unexpected";
        }
        return rowText.csv(changed);
    }

    private String malformedJson(LandingSource source, String[] values, int absentFields, DeterministicRandom random) {
        if (random.chance(0.4)) {
            return random.pick(Vocabulary.GARBAGE_LINES) + "\n";
        }
        String complete = rowText.json(source.columns(), values, absentFields);
        // Any prefix that misses the closing brace is invalid JSON: a line cut off mid-write.
        int cut = complete.length() / 3 + random.nextInt(complete.length() / 2);
        return complete.substring(0, Math.min(cut, complete.length() - 3)) + "\n";
    }

    private static String badTimestamp(long instantMillis, DeterministicRandom random) {
        int year = Timestamps.utcYear(instantMillis);
        StringBuilder text = new StringBuilder(32);
        switch (random.nextInt(5)) {
            case 0 -> text.append(year).append("/13/").append(random.nextInt(32, 45)).append(' ')
                    .append(random.nextInt(10, 23)).append(":00");
            case 1 -> text.append(random.chance(0.5) ? "yesterday" : "tomorrow 10am");
            case 2 -> text.append(year).append("-02-30T10:").append(random.nextInt(10, 59)).append(":00Z");
            case 3 -> Timestamps.appendLocal(text, instantMillis, 0);
            default -> text.append(year).append("-04-31T").append(random.nextInt(10, 23)).append(":15:00+02:00");
        }
        return text.toString();
    }

    /** Too high, too low, not a whole number, or an expectation off the scale. */
    private static void scoreOutOfRange(LandingSource source, String[] values, DeterministicRandom random) {
        String type = values[column(source, "survey_type")];
        int score = column(source, "score");
        int minimum = minimumScore(type);
        int maximum = maximumScore(type);
        switch (random.nextInt(4)) {
            case 0 -> values[score] = Integer.toString(maximum + 1 + random.nextInt(2));
            case 1 -> values[score] = Integer.toString(minimum - 1);
            case 2 -> values[score] = random.nextInt(minimum, maximum - 1) + ".5";
            default -> values[column(source, "expectation_score")] = Integer.toString(maximum + 1 + random.nextInt(3));
        }
    }

    private static int column(LandingSource source, String name) {
        int index = source.columns().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(source.folderName() + " has no column " + name);
        }
        return index;
    }

    static int minimumScore(String surveyType) {
        return "relationship_nps".equals(surveyType) || "transactional_nps".equals(surveyType) ? 0 : 1;
    }

    static int maximumScore(String surveyType) {
        return switch (surveyType) {
            case "relationship_nps", "transactional_nps" -> 10;
            case "csat" -> 5;
            case "ces" -> 7;
            default -> throw new IllegalArgumentException("unknown survey type " + surveyType);
        };
    }

    /** Customer numbers from 90,000,000 are never given out ({@link GeneratorOptions#MAX_CUSTOMERS}). */
    private static String unknownCustomerId(DeterministicRandom random) {
        return "C9" + String.format("%07d", random.nextInt(10_000_000));
    }
}
