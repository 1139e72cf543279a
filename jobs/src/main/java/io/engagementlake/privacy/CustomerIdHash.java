package io.engagementlake.privacy;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The salted hash that stands for a customer id in the erasure audit: hex SHA-256 of the salt,
 * a NUL byte and the id (UTF-8). Whoever holds the salt can check whether an id was erased
 * (hash it again and look it up); without the salt, the hash of a short, guessable id such as
 * {@code C00000042} cannot be reversed by hashing every candidate.
 */
public final class CustomerIdHash {
    private CustomerIdHash() {}

    public static String of(String salt, String customerId) {
        requireNonNull(salt, "salt is null");
        requireNonNull(customerId, "customerId is null");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(customerId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
