package io.engagementlake.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a shard's valid rows go, and where their delivery is decided: a small share lands a
 * day or two late, a few are re-sent as exact duplicates, and next to a few a bad row is
 * injected. Rows landing on the day being written go straight to its files; rows landing
 * later wait in a buffer keyed by landing day (late arrivals, duplicates, refunds, follow-up
 * surveys), which holds only a few days' worth of a shard's rows. Rows landing after the last
 * day are dropped and not counted: they never land.
 *
 * <p>Delivery decisions come from their own random stream per subject-day, so the behaviour of
 * customers does not depend on them.
 */
final class RowSink {
    static final double LATE_ARRIVAL_SHARE = 0.02;
    static final double DUPLICATE_SHARE = 0.004;
    /** Duplicates land the same day or up to 3 days after the original. */
    private static final double[] DUPLICATE_DELAY_WEIGHTS = {0.4, 0.3, 0.2, 0.1};
    private static final long TAG_DELIVERY = 201;
    private static final long SUBJECT_CUSTOMER = 1;
    private static final long SUBJECT_VISITOR = 2;
    /** For rows that cannot be late master data. */
    static final int NO_CUSTOMER = Integer.MIN_VALUE;

    private record PendingRow(LandingSource source, String text) {}

    private final CustomerPopulation population;
    private final LandingFiles files;
    private final ShardStatistics statistics;
    private final RowText rowText;
    private final BadRows badRows;
    private final DeterministicRandom delivery = new DeterministicRandom();
    private final Map<Integer, List<PendingRow>> pending = new HashMap<>();
    private final StringBuilder id = new StringBuilder(24);
    private int currentDay = -1;

    private boolean visitor;
    private long subjectNumber;
    private int transactionSequence;
    private int eventSequence;
    private int responseSequence;

    RowSink(CustomerPopulation population, LandingFiles files, RowText rowText, ShardStatistics statistics) {
        this.population = population;
        this.files = files;
        this.statistics = statistics;
        this.rowText = rowText;
        this.badRows = new BadRows(population, rowText);
    }

    /** Starts a landing day: its files receive first the rows generated earlier for it. */
    void beginDay(int day) throws IOException {
        currentDay = day;
        files.beginDay(LocalDate.ofEpochDay(population.startEpochDay() + day));
        List<PendingRow> rows = pending.remove(day);
        if (rows != null) {
            for (PendingRow row : rows) {
                files.write(row.source(), row.text());
            }
        }
    }

    void finish() throws IOException {
        files.closeDay();
        if (!pending.isEmpty()) {
            throw new IllegalStateException("rows left for days " + pending.keySet());
        }
    }

    void beginCustomer(int index, int day) {
        beginSubject(SUBJECT_CUSTOMER, index, day);
    }

    void beginVisitor(int visitorIndex, int day) {
        beginSubject(SUBJECT_VISITOR, visitorIndex, day);
    }

    private void beginSubject(long kind, int index, int day) {
        visitor = kind == SUBJECT_VISITOR;
        subjectNumber = index + 1L;
        transactionSequence = 0;
        eventSequence = 0;
        responseSequence = 0;
        delivery.reseed(DeterministicRandom.hash(population.seed(), TAG_DELIVERY, kind, index, day));
    }

    // ---- ids: subject number, generation day and a sequence, so unique without coordination

    /** {@code T} + customer number (8 digits) + day (4) + sequence (3). */
    String nextTransactionId() {
        return nextId("T", ++transactionSequence, 3);
    }

    /** {@code E} (customers) or {@code EV} (anonymous visitors) + number (8) + day (4) + sequence (4). */
    String nextEventId() {
        return nextId(visitor ? "EV" : "E", ++eventSequence, 4);
    }

    /** {@code R} + customer number (8 digits) + day (4) + sequence (3). */
    String nextResponseId() {
        return nextId("R", ++responseSequence, 3);
    }

    private String nextId(String prefix, int sequence, int sequenceDigits) {
        // A subject-day makes a handful of rows; running out of digits would mean a broken rate.
        if (Integer.toString(sequence).length() > sequenceDigits) {
            throw new IllegalStateException("too many " + prefix + " ids for one subject and day");
        }
        id.setLength(0);
        id.append(prefix);
        appendPadded(id, subjectNumber, 8);
        appendPadded(id, currentDay, 4);
        appendPadded(id, sequence, sequenceDigits);
        return id.toString();
    }

    private static void appendPadded(StringBuilder text, long value, int digits) {
        String number = Long.toString(value);
        for (int padding = number.length(); padding < digits; padding++) {
            text.append('0');
        }
        text.append(number);
    }

    // ---- valid rows

    /**
     * A customers row landing on {@code naturalLanding}. {@code mayArriveLate} and
     * {@code mayBeDuplicated} are false where a late or repeated copy would change which row
     * wins a tie of updated_at.
     */
    void customerRow(String[] values, long updatedAtMillis, int naturalLanding, boolean mayArriveLate,
            boolean mayBeDuplicated, boolean updatedAtTie, boolean lateMasterDataFirstRow) throws IOException {
        Emitted emitted = emitValid(LandingSource.CUSTOMERS, values, 0, updatedAtMillis, naturalLanding,
                mayArriveLate, mayBeDuplicated, NO_CUSTOMER);
        if (emitted != Emitted.DROPPED) {
            int sourceIndex = LandingSource.CUSTOMERS.ordinal();
            statistics.updatedAtTies[sourceIndex] += updatedAtTie ? 1 : 0;
            statistics.lateMasterData[sourceIndex] += lateMasterDataFirstRow ? 1 : 0;
        }
    }

    void transaction(String[] values, long instantMillis, int customerFirstLandingDay) throws IOException {
        emitValid(LandingSource.TRANSACTIONS, values, 0, instantMillis, population.dayOf(instantMillis), true, true,
                customerFirstLandingDay);
    }

    void event(String[] values, int absentFields, long instantMillis) throws IOException {
        emitValid(LandingSource.CLICKSTREAM, values, absentFields, instantMillis, population.dayOf(instantMillis), true, true,
                NO_CUSTOMER);
    }

    void survey(String[] values, long instantMillis, int customerFirstLandingDay) throws IOException {
        emitValid(LandingSource.SURVEYS, values, 0, instantMillis, population.dayOf(instantMillis), true, true,
                customerFirstLandingDay);
    }

    private enum Emitted { DROPPED, WRITTEN }

    private Emitted emitValid(LandingSource source, String[] values, int absentFields, long instantMillis,
            int naturalLanding, boolean mayArriveLate, boolean mayBeDuplicated, int customerFirstLandingDay)
            throws IOException {
        int sourceIndex = source.ordinal();
        int landing = naturalLanding;
        boolean late = mayArriveLate && delivery.chance(LATE_ARRIVAL_SHARE);
        if (late) {
            landing += delivery.nextInt(1, 2);
        }
        if (landing > population.lastDay()) {
            return Emitted.DROPPED;
        }
        String text = source.isCsv() ? rowText.csv(values) : rowText.json(source.columns(), values, absentFields);
        put(source, landing, text);
        statistics.rows[sourceIndex]++;
        statistics.validRows[sourceIndex]++;
        statistics.lateArrivals[sourceIndex] += late ? 1 : 0;
        if (landing < customerFirstLandingDay) {
            // Valid once its customer lands; a bad variant or a duplicate would blur which reason applies.
            statistics.lateMasterData[sourceIndex]++;
            return Emitted.WRITTEN;
        }
        double draw = delivery.nextDouble();
        for (BadRowKind kind : source.badRowKinds()) {
            draw -= BadRows.RATES.get(kind);
            if (draw < 0) {
                String freshId = switch (source) {
                    case TRANSACTIONS -> nextTransactionId();
                    case CLICKSTREAM -> nextEventId();
                    case SURVEYS -> nextResponseId();
                    case CUSTOMERS -> null;
                };
                put(source, landing, badRows.derive(source, kind, values, absentFields, instantMillis, landing, freshId, delivery));
                statistics.rows[sourceIndex]++;
                statistics.badRows[sourceIndex][kind.ordinal()]++;
                break;
            }
        }
        if (mayBeDuplicated && delivery.chance(DUPLICATE_SHARE)) {
            int duplicateLanding = landing + delivery.pickWeighted(DUPLICATE_DELAY_WEIGHTS);
            if (duplicateLanding <= population.lastDay()) {
                put(source, duplicateLanding, text);
                statistics.rows[sourceIndex]++;
                statistics.duplicates[sourceIndex]++;
            }
        }
        return Emitted.WRITTEN;
    }

    private void put(LandingSource source, int landing, String text) throws IOException {
        if (landing == currentDay) {
            files.write(source, text);
        }
        else if (landing > currentDay) {
            pending.computeIfAbsent(landing, day -> new ArrayList<>()).add(new PendingRow(source, text));
        }
        else {
            throw new IllegalStateException("row for day " + landing + " generated on day " + currentDay);
        }
    }
}
