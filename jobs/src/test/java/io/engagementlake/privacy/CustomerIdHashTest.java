package io.engagementlake.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomerIdHashTest {
    @Test
    void isTheHexSha256OfSaltNulAndId() {
        // printf 'pepper\0C00000042' | sha256sum
        assertThat(CustomerIdHash.of("pepper", "C00000042")).isEqualTo("63df7e59fa1243683c2ab4a4c088e6dbefe67a90092ca09be829b6a70e1701bc");
        // printf 'pepper\0C00000043' | sha256sum
        assertThat(CustomerIdHash.of("pepper", "C00000043")).isEqualTo("d5a850d956fe4e1af9b9a03f3d4995cd1495ab66438719d195771c6e5c024e0b");
    }

    @Test
    void theSaltChangesTheHashAndTheHashNeverContainsTheId() {
        String hash = CustomerIdHash.of("another salt", "C00000042");
        assertThat(hash).hasSize(64).doesNotContain("C00000042")
                .isNotEqualTo(CustomerIdHash.of("pepper", "C00000042"));
    }
}
