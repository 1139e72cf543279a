package io.engagementlake.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CustomerIdentityTest {
    private final Pattern pattern = Pattern.compile(
            new CustomerIdentity("C00000012", List.of("ada.lovelace@example.org", "a+b@x.io"), List.of("V0000007")).textPattern());

    @Test
    void findsTheIdAsAWholeWordInRawLines() {
        assertThat(pattern.matcher("T1,C00000012,2025-01-01T00:00:00Z,purchase").find()).isTrue();
        assertThat(pattern.matcher("{\"customer_id\":\"C00000012\"}").find()).isTrue();
        assertThat(pattern.matcher("C00000012").find()).isTrue();
        assertThat(pattern.matcher("customer_id='C00000012'").find()).isTrue();
    }

    @Test
    void doesNotFindItInsideALongerId() {
        assertThat(pattern.matcher("T1,C000000123,2025").find()).isFalse();
        assertThat(pattern.matcher("T1,XC00000012,2025").find()).isFalse();
        assertThat(pattern.matcher("T1,C00000012_2,2025").find()).isFalse();
    }

    @Test
    void findsEveryEmailInAnyCaseWithItsCharactersTakenLiterally() {
        assertThat(pattern.matcher("C9,ADA.Lovelace@Example.org,true").find()).isTrue();
        assertThat(pattern.matcher("C9,a+b@x.io,true").find()).isTrue();
        assertThat(pattern.matcher("C9,adaXlovelace@example.org,true").find()).as("the dot is not a wildcard").isFalse();
        assertThat(pattern.matcher("C9,aab@x.io,true").find()).as("the plus is not a quantifier").isFalse();
    }

    @Test
    void findsTheStitchedAnonymousIdsAsWholeWords() {
        assertThat(pattern.matcher("{\"event_id\":\"E1\",\"anonymous_id\":\"V0000007\"}").find()).isTrue();
        assertThat(pattern.matcher("{\"event_id\":\"E1\",\"anonymous_id\":\"V00000071\"}").find()).isFalse();
    }

    @Test
    void refusesIdsThatCannotBeIds() {
        assertThatThrownBy(() -> CustomerIdentity.requireValidId("  ")).hasMessage("--customer-id must not be empty");
        assertThatThrownBy(() -> CustomerIdentity.requireValidId(" C1")).hasMessage("--customer-id must not start or end with spaces");
        assertThatThrownBy(() -> CustomerIdentity.requireValidId("C1\n")).hasMessage("--customer-id must not start or end with spaces");
        assertThatThrownBy(() -> CustomerIdentity.requireValidId("C\u00011")).hasMessage("--customer-id must not contain control characters");
        assertThatThrownBy(() -> CustomerIdentity.requireValidId("C".repeat(257))).hasMessage("--customer-id is longer than 256 characters");
        CustomerIdentity.requireValidId("C00000012");
    }
}
