package io.engagementlake.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeltaHistoryPurgeTest {
    @Test
    void deletesEveryKindOfLogFileOfOlderVersionsOnly() {
        long checkpoint = 12;
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000011.json", checkpoint)).isTrue();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000000.json", checkpoint)).isTrue();
        assertThat(DeltaHistoryPurge.isBefore(".00000000000000000011.json.crc", checkpoint)).isTrue();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000011.crc", checkpoint)).isTrue();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000010.checkpoint.parquet", checkpoint)).isTrue();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000010.checkpoint.0000000001.0000000002.parquet", checkpoint)).isTrue();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000003.00000000000000000011.compacted.json", checkpoint)).isTrue();

        assertThat(DeltaHistoryPurge.isBefore("00000000000000000012.json", checkpoint)).isFalse();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000012.checkpoint.parquet", checkpoint)).isFalse();
        assertThat(DeltaHistoryPurge.isBefore(".00000000000000000012.checkpoint.parquet.crc", checkpoint)).isFalse();
        assertThat(DeltaHistoryPurge.isBefore("00000000000000000003.00000000000000000012.compacted.json", checkpoint))
                .as("a compaction reaching the checkpoint's version").isFalse();
        assertThat(DeltaHistoryPurge.isBefore("_last_checkpoint", checkpoint)).isFalse();
        assertThat(DeltaHistoryPurge.isBefore("._last_checkpoint.crc", checkpoint)).isFalse();
        assertThat(DeltaHistoryPurge.isBefore("0011.json", checkpoint)).as("not a Delta log name").isFalse();
    }
}
