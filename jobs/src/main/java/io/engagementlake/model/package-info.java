/**
 * Buy-till-you-die customer-base models in plain Java, with no Spark dependency, so the
 * same code runs on the driver (fitting) and inside executors (scoring).
 *
 * <ul>
 *   <li>{@link io.engagementlake.model.BetaGeometricNbdModel}: the BG/NBD model of Fader,
 *       Hardie &amp; Lee (2005) for repeat purchases of a non-contractual customer base,
 *       fitted by maximum likelihood on compressed
 *       {@link io.engagementlake.model.RepeatPurchasePattern}s.</li>
 *   <li>{@link io.engagementlake.model.GammaGammaModel}: the Gamma-Gamma model of spend per
 *       transaction (Fader &amp; Hardie 2013), fitted on
 *       {@link io.engagementlake.model.SpendPattern}s of repeat customers.</li>
 *   <li>{@link io.engagementlake.model.CustomerLifetimeValue}: expected purchases times
 *       expected average value, optionally discounted.</li>
 *   <li>{@link io.engagementlake.model.TransactionHistory}: reads transaction files (CDNOW
 *       format or CSV) and summarises each customer to (x, t_x, T, m̄) plus holdout counts,
 *       for the validation command line.</li>
 *   <li>{@link io.engagementlake.model.HoldoutCheck}: predicted against actual repeat
 *       purchases in a holdout period, in total and by calibration frequency.</li>
 * </ul>
 *
 * <p>Every model and parameter type is immutable, {@link java.io.Serializable} and safe to
 * share between threads; no class keeps static mutable state.
 */
package io.engagementlake.model;
