package io.engagementlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engagementlake.io.LakeTable;
import io.engagementlake.pipeline.JobGraph;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ContractsTest {
    @Test
    void everyTableAJobWritesHasAContractWithDescribedColumns() {
        List<LakeTable> tables = JobGraph.standard().tables();

        assertThat(tables).extracting(LakeTable::qualifiedName).contains(
                "bronze.customers", "silver.customers", "silver.transactions", "silver.events", "silver.sessions",
                "silver.survey_responses", "engagement.transactions_quarantine");
        for (LakeTable table : tables) {
            assertThat(table.contract().columns()).as(table.qualifiedName()).isNotEmpty()
                    .allSatisfy(column -> assertThat(column.description()).isNotBlank());
        }
    }

    @Test
    void goldContractsLoadAndCarryNoEmail() {
        for (String table : List.of("customer_engagement", "cohort_retention", "experience_summary", "cx_impact",
                "detractor_recovery", "promoter_activation", "journey_funnel", "model_fits")) {
            TableContract contract = Contracts.load("gold", table);
            assertThat(contract.columnNames()).as(table).contains("as_of_date").doesNotContain("email");
            assertThat(contract.primaryKey()).as(table).isNotEmpty();
        }
    }

    @Test
    void sparkSchemasAreDerivedFromTheContractWithComments() {
        StructType schema = Contracts.load("silver", "transactions").schema();

        assertThat(schema.apply("amount_reporting").dataType()).isEqualTo(DataTypes.createDecimalType(18, 2));
        assertThat(schema.apply("transaction_id").nullable()).isFalse();
        assertThat(schema.apply("net_amount").getComment().get()).contains("refunds");
    }

    @Test
    void aMissingContractIsNamed() {
        assertThatThrownBy(() -> Contracts.load("gold", "no_such_table"))
                .isInstanceOf(EngagementException.class)
                .hasMessage("table contract not found: schemas/gold/no_such_table.yaml");
    }
}
