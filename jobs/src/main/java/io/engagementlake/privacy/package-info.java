/**
 * Right to erasure (spec §5.2): {@code bin/engagement forget --customer-id ID} finds what the
 * lake holds of one customer ({@link io.engagementlake.privacy.CustomerIdentity}), removes it
 * from every table of the job graph ({@link io.engagementlake.privacy.CustomerErasure}), makes
 * the removal physical (deletion vectors purged, old files vacuumed, old log versions dropped:
 * {@link io.engagementlake.privacy.DeltaHistoryPurge}) and records it in
 * {@code engagement.customer_erasures} under a salted hash ({@link io.engagementlake.privacy.ErasureAudit}).
 */
package io.engagementlake.privacy;
