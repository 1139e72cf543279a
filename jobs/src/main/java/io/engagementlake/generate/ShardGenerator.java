package io.engagementlake.generate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * One worker: the customers and visitors whose index is {@code shard} modulo {@code shards},
 * generated day by day. For each landing day it asks every customer of the shard what happens
 * that day, which is why memory stays flat in the number of customers: nothing per customer is
 * remembered from one day to the next, only the few rows already made for later days.
 */
final class ShardGenerator implements Callable<ShardStatistics> {
    private final CustomerPopulation population;
    private final int shard;
    private final int shards;
    private final Path out;

    ShardGenerator(CustomerPopulation population, int shard, int shards, Path out) {
        this.population = population;
        this.shard = shard;
        this.shards = shards;
        this.out = out;
    }

    @Override
    public ShardStatistics call() throws IOException {
        ShardStatistics statistics = new ShardStatistics();
        RowText rowText = new RowText();
        try (LandingFiles files = new LandingFiles(out, shard, rowText, statistics)) {
            RowSink sink = new RowSink(population, files, rowText, statistics);
            CustomerActivity activity = new CustomerActivity(population, sink);
            for (int day = 0; day < population.days(); day++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("generation of shard " + shard + " was interrupted");
                }
                sink.beginDay(day);
                double dayFactor = dayFactor(population.startEpochDay() + day);
                for (int index = shard; index < population.customers(); index += shards) {
                    customerDay(index, day, dayFactor, sink, activity);
                }
                for (int visitor = shard; visitor < population.visitors(); visitor += shards) {
                    visitorDay(visitor, day, sink, activity);
                }
            }
            sink.finish();
        }
        return statistics;
    }

    /**
     * Most customer-days have nothing to do: decide that from the few attributes it takes
     * before deriving the whole profile.
     */
    private void customerDay(int index, int day, double dayFactor, RowSink sink, CustomerActivity activity)
            throws IOException {
        int signupDay = population.signupDay(index);
        if (day < signupDay) {
            return;
        }
        int firstLandingDay = population.firstLandingDay(index, signupDay);
        int updateCount = population.updateCount(index);
        boolean rowsToday = day == firstLandingDay
                || updateCount > 0 && population.isUpdateDay(index, updateCount, firstLandingDay, day);
        boolean lateMasterDataPurchase = day == signupDay && firstLandingDay != signupDay;
        activity.beginCustomer(index, day);
        int decisions = 0;
        if (day >= firstLandingDay) {
            double satisfaction = population.satisfaction(index);
            if (day <= population.churnDay(index, signupDay, satisfaction)) {
                decisions = activity.decideDay(population.rates(index, satisfaction), dayFactor);
            }
        }
        if (!rowsToday && !lateMasterDataPurchase && decisions == 0) {
            return;
        }
        CustomerProfile profile = population.profile(index);
        sink.beginCustomer(index, day);
        if (rowsToday) {
            customerRows(profile, day, sink);
        }
        if (lateMasterDataPurchase) {
            activity.lateMasterDataPurchase(profile);
        }
        if (decisions != 0) {
            activity.actOnDay(profile, day, decisions);
        }
    }

    /**
     * The customers rows landing today: the first row, and change rows. Rows that tie on
     * updated_at are never delayed or duplicated, so the tie row always lands strictly later
     * than the row it ties with and wins as PIPELINE.md §5 says it should.
     */
    private void customerRows(CustomerProfile profile, int day, RowSink sink) throws IOException {
        UpdatePlan plan = population.updatePlan(profile);
        String referrerId = population.referrerId(profile);
        if (day == profile.firstLandingDay()) {
            sink.customerRow(population.customerRow(profile, plan, 0, referrerId), profile.signupMillis(), day,
                    false, !plan.isTiedToLaterRow(0), false, profile.lateMasterData());
        }
        int version = plan.versionOn(day);
        if (version > 0) {
            boolean tie = plan.isTie(version);
            boolean tiedTo = plan.isTiedToLaterRow(version);
            sink.customerRow(population.customerRow(profile, plan, version, referrerId),
                    plan.updatedAt()[version - 1], day, !tie && !tiedTo, !tiedTo, tie, false);
        }
    }

    private void visitorDay(int visitor, int day, RowSink sink, CustomerActivity activity) throws IOException {
        int firstDay = population.visitorFirstDay(visitor);
        if (day < firstDay || day >= firstDay + CustomerPopulation.VISITOR_SPAN_DAYS) {
            return;
        }
        boolean begun = false;
        int sessions = population.visitorSessionCount(visitor);
        for (int session = 0; session < sessions; session++) {
            if (population.visitorSessionDay(visitor, session, firstDay) != day) {
                continue;
            }
            if (!begun) {
                sink.beginVisitor(visitor, day);
                activity.beginVisitor(visitor, day);
                begun = true;
            }
            activity.visitorSession(visitor, day);
        }
    }

    /** Weekends and the year-end season are busier; the factors average about 1 over a year. */
    static double dayFactor(long epochDay) {
        int dayOfWeek = (int) Math.floorMod(epochDay + 3, 7);
        double weekly = dayOfWeek >= 5 ? 1.2 : 0.92;
        double seasonal = switch (LocalDate.ofEpochDay(epochDay).getMonthValue()) {
            case 11 -> 1.15;
            case 12 -> 1.3;
            case 1, 2 -> 0.9;
            default -> 0.97;
        };
        return weekly * seasonal;
    }
}
