/**
 * A deterministic synthetic landing zone for Engagement Lake: customers, transactions,
 * clickstream and surveys as PIPELINE.md §5 defines them, with the late, duplicate and bad rows
 * the pipeline must handle, counted in a manifest.
 *
 * <p>Entry point: {@link io.engagementlake.generate.LandingZoneGenerator#generate}. Everything
 * is derived from (seed, customer or visitor index, day) by stateless hashing, which keeps the
 * output reproducible, independent of the thread count and cheap in memory.
 */
package io.engagementlake.generate;
