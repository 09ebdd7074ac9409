package dev.taskmill.application.port.out;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 hash of a password, in the form
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}. The password itself is
 * never kept.
 */
public final class PasswordHash {

    /** The iterations of new hashes, OWASP's recommendation for PBKDF2-HMAC-SHA256. */
    public static final int ITERATIONS = 210_000;
    /** The most iterations a stored hash may ask for, so that one check stays bounded. */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh salt from {@code random}. */
    public static PasswordHash create(char[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /**
     * Reads the stored form.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a PBKDF2-HMAC-SHA256 hash of
     *         {@value #ITERATIONS} to {@value #MAX_ITERATIONS} iterations
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = Objects.requireNonNull(encoded, "encoded").split(":", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + ":<iterations>:<salt>:<hash> password hash");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed password hash: " + e.getMessage(), e);
        }
        if (iterations < ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("a password hash needs " + ITERATIONS + " to " + MAX_ITERATIONS
                    + " iterations, not " + iterations);
        }
        if (salt.length < SALT_BYTES || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a password hash needs a salt of at least " + SALT_BYTES
                    + " bytes and a hash of " + HASH_BYTES + " bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} is the hashed one, compared in constant time. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    public int iterations() {
        return iterations;
    }

    /** The stored form. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    /** Says what it is without the hash, so that a log line never holds one. */
    @Override
    public String toString() {
        return SCHEME + " hash (" + iterations + " iterations)";
    }
}
