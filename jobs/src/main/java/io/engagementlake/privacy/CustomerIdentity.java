package io.engagementlake.privacy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What identifies one customer in the lake: the id, every email any of its change rows carried
 * (the customers feed is change data, so an old address lives on in bronze), and the anonymous
 * ids (devices) stitched to it, whose events before login are the customer's too (spec §6).
 */
public record CustomerIdentity(String customerId, List<String> emails, List<String> anonymousIds) {
    /** Characters that continue an id: a match must not be part of a longer id (C0000001 in C00000012). */
    private static final String ID_CHARACTER = "[A-Za-z0-9_]";
    private static final int MAX_ID_LENGTH = 256;

    public CustomerIdentity {
        requireValidId(customerId);
        emails = List.copyOf(emails);
        anonymousIds = List.copyOf(anonymousIds);
    }

    /**
     * Fails with a message (for {@code BAD_ARGUMENT}) unless {@code customerId} could be an id:
     * not blank, no surrounding spaces or control characters, at most 256 characters.
     */
    public static void requireValidId(String customerId) {
        requireNonNull(customerId, "customerId is null");
        if (customerId.isBlank()) {
            throw new IllegalArgumentException("--customer-id must not be empty");
        }
        if (!customerId.equals(customerId.strip())) {
            throw new IllegalArgumentException("--customer-id must not start or end with spaces");
        }
        if (customerId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("--customer-id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (customerId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("--customer-id must not contain control characters");
        }
    }

    /**
     * A Java regular expression (as Spark's RLIKE reads it) that finds, in free text (raw lines
     * of landing files, quarantined raw text), the id or one of the stitched anonymous ids as a
     * whole word, or one of the emails in any letter case.
     */
    public String textPattern() {
        StringBuilder pattern = new StringBuilder(word(customerId));
        for (String anonymousId : anonymousIds) {
            pattern.append('|').append(word(anonymousId));
        }
        for (String email : emails) {
            pattern.append("|(?i:").append(Pattern.quote(email)).append(')');
        }
        return pattern.toString();
    }

    private static String word(String text) {
        return "(?<!" + ID_CHARACTER + ")" + Pattern.quote(text) + "(?!" + ID_CHARACTER + ")";
    }
}
