package io.engagementlake.privacy;

import io.engagementlake.config.Contracts;
import io.engagementlake.io.Lake;
import io.engagementlake.io.LakeTable;
import io.engagementlake.io.WriteTag;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** {@code engagement.customer_erasures}: the audit of erasures, one row each, never the id (only its salted hash). */
public final class ErasureAudit {
    public static final String JOB = "forget";

    private ErasureAudit() {}

    public static LakeTable table() {
        return new LakeTable(LakeTable.GOLD_DATABASE, "customer_erasures", Contracts.load("ops", "customer_erasures"));
    }

    /** One erasure as the audit records it. */
    public record Entry(String erasureId, String customerIdHash, String saltSource, Instant erasedAt, String requestedBy,
            List<CustomerErasure.TableOutcome> tables, long filesRemoved, long landingFilesListed) {
        public boolean customerFound() {
            return tables.stream().anyMatch(table -> table.rowsRemoved() > 0 || table.referencesCleared() > 0) || filesRemoved > 0;
        }

        Row toRow() {
            Map<String, Long> removed = new LinkedHashMap<>();
            Map<String, Long> cleared = new LinkedHashMap<>();
            for (CustomerErasure.TableOutcome table : tables) {
                removed.put(table.table(), table.rowsRemoved());
                if (table.referencesCleared() > 0) {
                    cleared.put(table.table(), table.referencesCleared());
                }
            }
            return RowFactory.create(erasureId, customerIdHash, saltSource, Timestamp.from(erasedAt), requestedBy, customerFound(),
                    removed, cleared,
                    (long) tables.size(), filesRemoved, landingFilesListed);
        }
    }

    public static void append(Lake lake, Entry entry) {
        LakeTable table = table();
        var data = lake.spark().createDataFrame(List.of(entry.toRow()), table.contract().schema());
        lake.append(table, data, new WriteTag(LocalDate.ofInstant(entry.erasedAt(), ZoneOffset.UTC), entry.erasureId(), JOB));
    }
}
