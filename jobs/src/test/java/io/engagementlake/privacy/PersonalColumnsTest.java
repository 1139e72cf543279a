package io.engagementlake.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.config.ColumnContract;
import io.engagementlake.io.LakeTable;
import io.engagementlake.pipeline.JobGraph;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PersonalColumnsTest {
    /** Names that say a text column may hold a customer, an email, a device or raw landed text. */
    private static final Pattern PERSONAL_NAME = Pattern.compile("customer|email|visitor|anonymous|referred|raw|text|detail");
    /**
     * Text columns whose names match but that forget need not read: the contact email goes with
     * its row (by customer_id), and the audit's salted hash is what stands for an erased id.
     */
    private static final List<String> REMOVED_WITH_THEIR_ROW = List.of("email", "customer_id_hash");

    @Test
    void everyTextColumnThatMayHoldACustomerIsCoveredInEveryTableOfTheJobGraph() {
        Map<String, String> uncovered = new TreeMap<>();
        for (LakeTable table : JobGraph.standard().queryableTables()) {
            PersonalColumns columns = PersonalColumns.of(table.contract());
            for (ColumnContract column : table.contract().columns()) {
                if (column.type().toLowerCase(Locale.ROOT).equals("string") && PERSONAL_NAME.matcher(column.name()).find()
                        && !columns.covers(column.name()) && !REMOVED_WITH_THEIR_ROW.contains(column.name())) {
                    uncovered.put(table.qualifiedName() + "." + column.name(), column.description());
                }
            }
            if (table.contract().columns().stream().anyMatch(column -> column.name().equals("email"))) {
                assertThat(columns.keys()).as("%s holds emails: its rows must go by customer_id", table.qualifiedName()).contains("customer_id");
            }
        }
        assertThat(uncovered).as("columns that may hold a customer but that forget does not look at").isEmpty();
    }

    @Test
    void findsTheColumnsOfTheLayers() {
        PersonalColumns bronzeCustomers = PersonalColumns.of(LakeTable.bronze("customers").contract());
        assertThat(bronzeCustomers.keys()).containsExactly("customer_id");
        assertThat(bronzeCustomers.texts()).containsExactly("_malformed_text");
        assertThat(bronzeCustomers.references()).containsExactly("referred_by");

        PersonalColumns clickstream = PersonalColumns.of(LakeTable.bronze("clickstream").contract());
        assertThat(clickstream.anonymousIds()).containsExactly("anonymous_id");
        assertThat(clickstream.hasCustomerId()).isTrue();

        PersonalColumns sessions = PersonalColumns.of(LakeTable.silver("sessions").contract());
        assertThat(sessions.keys()).containsExactlyInAnyOrder("customer_key", "visitor_key");

        PersonalColumns quarantine = PersonalColumns.of(LakeTable.quarantine("surveys").contract());
        assertThat(quarantine.keys()).containsExactly("customer_id");
        assertThat(quarantine.texts()).containsExactlyInAnyOrder("raw_text", "reason_detail");

        assertThat(PersonalColumns.of(LakeTable.gold("cohort_retention").contract()).isEmpty()).isTrue();
        assertThat(PersonalColumns.of(LakeTable.pipelineRuns().contract()).isEmpty()).isTrue();
        assertThat(PersonalColumns.of(ErasureAudit.table().contract()).isEmpty()).as("the audit holds hashes only").isTrue();
    }
}
