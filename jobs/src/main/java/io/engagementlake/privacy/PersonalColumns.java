package io.engagementlake.privacy;

import io.engagementlake.config.ColumnContract;
import io.engagementlake.config.TableContract;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a table tie a row to a customer, found by column name in the table's
 * contract, so a table added to the job graph later is covered without a list to keep:
 * <ul>
 * <li>{@code keys}: the row is the customer's when the column holds the id
 *     ({@code customer_id}, the stitched {@code customer_key}, the session owner {@code visitor_key});</li>
 * <li>{@code anonymousIds}: the row is the customer's when it is a clickstream row without a
 *     customer_id on a device (anonymous_id) stitched to the customer;</li>
 * <li>{@code texts}: free text that may quote the id or an email of the customer (the raw
 *     text of quarantined or malformed rows, a quarantine reason's detail): the row goes when
 *     the text does;</li>
 * <li>{@code references}: another customer's row naming the customer ({@code referred_by}):
 *     the row stays, the reference is cleared.</li>
 * </ul>
 * {@code PersonalColumnsTest} fails when a table gains a text column whose name says it holds
 * customers, emails or raw text and that is in none of these lists.
 */
public record PersonalColumns(List<String> keys, List<String> anonymousIds, List<String> texts, List<String> references,
        boolean hasCustomerId) {
    static final Set<String> KEY_NAMES = Set.of("customer_id", "customer_key", "visitor_key");
    static final Set<String> ANONYMOUS_NAMES = Set.of("anonymous_id");
    static final Set<String> TEXT_NAMES = Set.of("raw_text", "_malformed_text", "reason_detail");
    static final Set<String> REFERENCE_NAMES = Set.of("referred_by");

    public PersonalColumns {
        keys = List.copyOf(keys);
        anonymousIds = List.copyOf(anonymousIds);
        texts = List.copyOf(texts);
        references = List.copyOf(references);
    }

    public static PersonalColumns of(TableContract contract) {
        List<String> names = contract.columns().stream().map(ColumnContract::name).toList();
        return new PersonalColumns(
                names.stream().filter(KEY_NAMES::contains).toList(),
                names.stream().filter(ANONYMOUS_NAMES::contains).toList(),
                names.stream().filter(TEXT_NAMES::contains).toList(),
                names.stream().filter(REFERENCE_NAMES::contains).toList(),
                names.contains("customer_id"));
    }

    /** True when no column ties a row to a customer: aggregates and run records, left alone. */
    public boolean isEmpty() {
        return keys.isEmpty() && anonymousIds.isEmpty() && texts.isEmpty() && references.isEmpty();
    }

    /** True when some rows may be deleted (not only references cleared). */
    public boolean deletesRows() {
        return !keys.isEmpty() || !anonymousIds.isEmpty() || !texts.isEmpty();
    }

    /** Every column named here, for messages and tests. */
    public boolean covers(String column) {
        return keys.contains(column) || anonymousIds.contains(column) || texts.contains(column) || references.contains(column);
    }
}
