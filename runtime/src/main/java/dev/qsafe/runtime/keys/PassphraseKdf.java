package dev.qsafe.runtime.keys;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.InvalidInputException;
import java.util.Arrays;

/**
 * How a protected identity file derives the key of its private keys from the passphrase: chosen when the
 * file is written ({@link IdentityFiles#write(Identity, char[], PassphraseKdf, dev.qsafe.runtime.registry.CryptoRegistry)},
 * {@code qsafe keygen --kdf}, {@code qsafe key protect --kdf}), named in the file ({@code protection.kdf})
 * and read back by that name; never chosen by the reader, never a fallback. docs/KEYS.md, "Passphrase
 * protection", gives both file layouts.
 *
 * @since 0.4.0
 */
public enum PassphraseKdf {
    /**
     * Argon2id (RFC 9106), memory-hard, from the registry's password-KDF engine: the default. Not
     * NIST-approved, so the {@code fips} policy profile refuses it (rule {@code fips.password-kdf}).
     */
    ARGON2ID("argon2id", Algorithm.ARGON2ID),
    /**
     * PBKDF2 (NIST SP 800-132, RFC 8018 section 5.2) with HMAC-SHA-512, from the JDK's
     * {@code SecretKeyFactory} "PBKDF2WithHmacSHA512"; {@value IdentityFiles#PBKDF2_ITERATIONS} iterations by
     * default (OWASP's figure for HMAC-SHA-512), a 16-byte salt from {@code SecureRandom}, a 32-byte key
     * (one HMAC-SHA-512 block). The one the {@code fips} profile admits; not memory-hard, so a
     * passphrase guessed offline costs an attacker with GPUs less than under Argon2id: choose it where the
     * profile requires it.
     */
    PBKDF2_HMAC_SHA512("pbkdf2", Algorithm.builder("PBKDF2-HMAC-SHA512", AlgorithmKind.PASSWORD_KDF).keySize(32).build());

    private final String id;
    private final Algorithm algorithm;

    PassphraseKdf(String id, Algorithm algorithm) {
        this.id = id;
        this.algorithm = algorithm;
    }

    /** The short name the command line uses: {@code argon2id}, {@code pbkdf2}. */
    public String id() {
        return id;
    }

    /**
     * The algorithm, as policy profiles judge it and as the file names it ({@code protection.kdf}):
     * {@code Argon2id}, {@code PBKDF2-HMAC-SHA512} (of kind {@link AlgorithmKind#PASSWORD_KDF}; PBKDF2 is
     * not a registry algorithm: the JDK computes it, see docs/KEYS.md).
     */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The KDF of this short name or algorithm name (case-insensitive).
     *
     * @throws InvalidInputException naming the choices if it is neither
     */
    public static PassphraseKdf parse(String name) {
        String n = name == null ? "" : name.trim();
        for (PassphraseKdf k : values()) {
            if (k.id.equalsIgnoreCase(n) || k.algorithm.name().equalsIgnoreCase(n)) {
                return k;
            }
        }
        throw new InvalidInputException("unknown passphrase KDF '" + name + "': use one of "
                + Arrays.stream(values()).map(k -> k.id).toList() + " (" + ARGON2ID.id + " is the default; " + PBKDF2_HMAC_SHA512.id
                + " is the one the fips policy profile admits)");
    }

    @Override
    public String toString() {
        return algorithm.name();
    }
}
