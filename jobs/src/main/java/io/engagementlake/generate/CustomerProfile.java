package io.engagementlake.generate;

import io.engagementlake.generate.Vocabulary.Country;
import java.time.zone.ZoneRules;

/**
 * Everything fixed about one customer, derived only from (seed, customer index) by
 * {@link CustomerPopulation#profile(int)}. Days are offsets from the first landing date.
 *
 * @param satisfaction      latent experience in [0, 1]: drives survey scores and, through the
 *                          rates, order values and the churn day, how much the customer buys and
 *                          how long they stay, so that experience visibly turns into revenue
 * @param firstLandingDay   when the customer's first customers row lands: the signup day, or
 *                          2–5 days later for late master data
 * @param churnDay          last day with activity (may lie after the last landing date)
 * @param accountNumber     B2B account, 0 for B2C customers
 * @param meanOrderCents    typical order value in cents of the customer's currency (how often
 *                          the customer buys and visits: {@link CustomerPopulation#rates})
 * @param anonymousIds      devices the customer browses from (1 or 2), each an anonymous id
 * @param updateCount       customers change rows after the first, before dropping duplicate days
 */
record CustomerProfile(
        int index,
        String customerId,
        int signupDay,
        long signupMillis,
        int firstLandingDay,
        boolean lateMasterData,
        int churnDay,
        double satisfaction,
        boolean business,
        long accountNumber,
        Country country,
        ZoneRules zone,
        boolean referralCandidate,
        String baseChannel,
        boolean consentTracking,
        boolean consentMarketing,
        double meanOrderCents,
        int anonymousIds,
        int preferredDevice,
        int updateCount) {

    String currency() {
        return country.currency();
    }
}
