package dev.qsafe.runtime.keys;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.security.SecureRandom;

/**
 * How an identity file protects its private keys with a passphrase: a key from Argon2id (the default) or
 * PBKDF2-HMAC-SHA512 ({@link PassphraseKdf}; 16-byte salt, bounded cost) and AES-256-GCM with a fresh
 * 12-byte nonce per key, the associated data binding the header and the key's slot. {@link IdentityFiles}
 * reads and writes the JSON around it.
 */
final class PassphraseProtection {
    /**
     * Most Argon2id memory a file may ask for (256 MiB, four times the default), so that a hostile file
     * cannot exhaust the heap. Until qsafe 0.1 it was 1 GiB.
     */
    static final int MAX_MEMORY_KIB = 256 * 1024;
    /** Most Argon2id passes a file may ask for. */
    static final int MAX_ITERATIONS = 16;
    /**
     * Most Argon2id work (memory in KiB times passes) a file may ask for: 1 GiB-pass, about 5 times the
     * default (64 MiB x 3), some 2 s on a laptop. Checked with the other bounds before any derivation,
     * so that a hostile file is refused at once instead of costing a minute and a gigabyte before
     * "wrong passphrase".
     */
    static final long MAX_WORK = 1024L * 1024;
    /**
     * The floor for writing: OWASP's minimum for Argon2id (19 MiB, 2 passes). A cost below it is
     * written (tests and fuzzing need cheap files) but logged as a warning, once per cost.
     */
    static final PasswordKdfParameters MIN_COST = new PasswordKdfParameters(19 * 1024, 2, 1);
    private static final System.Logger LOG = System.getLogger(IdentityFiles.class.getName());
    private static final java.util.Set<PasswordKdfParameters> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Set<Integer> WARNED_PBKDF2 = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final Algorithm KDF = Algorithm.ARGON2ID;
    static final Algorithm AEAD = Algorithm.AES_256_GCM;
    static final int SALT_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int KEY_BYTES = 32;

    /**
     * PBKDF2-HMAC-SHA512 iterations by default: OWASP's Password Storage Cheat Sheet figure for HMAC-SHA-512
     * (210 000; 600 000 for HMAC-SHA-256). SP 800-132 asks for "as large as is feasible", at least 1 000.
     */
    static final int PBKDF2_ITERATIONS = 210_000;
    /** The fewest PBKDF2 iterations a file may name: SP 800-132 section 5.2's minimum. Below the default a warning is logged. */
    static final int PBKDF2_MIN_ITERATIONS = 1_000;
    /**
     * The most PBKDF2 iterations a file may name: ten times the default (a few seconds), checked before any
     * derivation, so that a hostile file cannot make reading it take minutes before "wrong passphrase".
     */
    static final int PBKDF2_MAX_ITERATIONS = 10 * PBKDF2_ITERATIONS;
    /** The JDK's name of PBKDF2 with HMAC-SHA-512 (the first JCA provider that has it computes it). */
    private static final String PBKDF2_JCA = "PBKDF2WithHmacSHA512";

    private static final SecureRandom RANDOM = new SecureRandom();

    private PassphraseProtection() {
    }

    /** A sealed private key: the AES-256-GCM nonce and ciphertext with tag. */
    record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    /**
     * Refuses a cost for writing that reading would refuse.
     *
     * @throws InvalidInputException if the cost asks for more memory or passes than a file may
     */
    static void checkWritable(PasswordKdfParameters cost) {
        if (cost.memoryKiB() > MAX_MEMORY_KIB || cost.iterations() > MAX_ITERATIONS || work(cost) > MAX_WORK) {
            throw new InvalidInputException("identity files allow at most " + MAX_MEMORY_KIB + " KiB, " + MAX_ITERATIONS
                    + " Argon2id passes and " + MAX_WORK + " KiB x passes (so that reading a file cannot be made to take"
                    + " unbounded memory or time), got " + cost);
        }
        if (belowFloor(cost) && WARNED.add(cost)) {
            LOG.log(System.Logger.Level.WARNING, "writing an identity file with Argon2id cost " + cost + ", below the floor "
                    + MIN_COST + ": its passphrase is cheap to guess offline; use it for tests only");
        }
    }

    /** Whether {@code cost} is below {@link #MIN_COST} in memory or in work. */
    static boolean belowFloor(PasswordKdfParameters cost) {
        return cost.memoryKiB() < MIN_COST.memoryKiB() || work(cost) < work(MIN_COST);
    }

    /** Memory in KiB times passes. */
    static long work(PasswordKdfParameters cost) {
        return (long) cost.memoryKiB() * cost.iterations();
    }

    static byte[] newSalt() {
        return random(SALT_BYTES);
    }

    /** The AES-256-GCM engine the registry selects. */
    static Aead aead(CryptoRegistry registry) {
        return registry.aead(AEAD);
    }

    /** The Argon2id key of {@code passphrase}; the caller destroys it. */
    static SecretBytes deriveKey(CryptoRegistry registry, char[] passphrase, byte[] salt, PasswordKdfParameters cost) {
        return SecretBytes.wrap(registry.passwordKdf(KDF).derive(passphrase, salt, cost, KEY_BYTES));
    }

    /**
     * Refuses a PBKDF2 iteration count for writing that reading would refuse; logs a warning below the default.
     *
     * @throws InvalidInputException if it is outside {@link #PBKDF2_MIN_ITERATIONS} .. {@link #PBKDF2_MAX_ITERATIONS}
     */
    static void checkWritablePbkdf2(int iterations) {
        if (iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
            throw new InvalidInputException("identity files allow " + PBKDF2_MIN_ITERATIONS + " to " + PBKDF2_MAX_ITERATIONS
                    + " PBKDF2 iterations (SP 800-132's minimum; a bound so that reading a file cannot be made to take"
                    + " unbounded time), got " + iterations);
        }
        if (iterations < PBKDF2_ITERATIONS && WARNED_PBKDF2.add(iterations)) {
            LOG.log(System.Logger.Level.WARNING, "writing an identity file with " + iterations + " PBKDF2 iterations, below "
                    + PBKDF2_ITERATIONS + ": its passphrase is cheap to guess offline; use it for tests only");
        }
    }

    /**
     * The PBKDF2-HMAC-SHA512 key of {@code passphrase} (UTF-8, as the JDK encodes a {@code PBEKeySpec}'s
     * characters), from the JDK; the caller destroys it and has checked the iteration count and the policy.
     *
     * @throws InvalidInputException if the JDK's PBKDF2 refuses the passphrase (an empty one, on some JDKs)
     * @throws dev.qsafe.api.UnsupportedAlgorithmException if no JCA provider has PBKDF2WithHmacSHA512
     */
    static SecretBytes deriveKeyPbkdf2(char[] passphrase, byte[] salt, int iterations) {
        javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(passphrase, salt, iterations, KEY_BYTES * 8);
        try {
            javax.crypto.SecretKey key = javax.crypto.SecretKeyFactory.getInstance(PBKDF2_JCA).generateSecret(spec);
            byte[] raw = key.getEncoded();
            try {
                key.destroy();
            } catch (javax.security.auth.DestroyFailedException e) {
                // the JDK's key does not wipe itself on request; it holds no more than the bytes wrapped below
            }
            if (raw == null || raw.length != KEY_BYTES) {
                throw new IllegalStateException("the JDK's " + PBKDF2_JCA + " returned " + (raw == null ? "no key" : raw.length
                        + " bytes") + " for a " + KEY_BYTES + "-byte key");
            }
            return SecretBytes.wrap(raw);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new dev.qsafe.api.UnsupportedAlgorithmException("no JCA provider of this JDK offers " + PBKDF2_JCA
                    + ", which PBKDF2-HMAC-SHA512 identity files need");
        } catch (java.security.spec.InvalidKeySpecException e) {
            throw new InvalidInputException("PBKDF2 cannot derive a key from this passphrase (" + e.getMessage()
                    + "); choose a non-empty passphrase");
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code pkcs8} sealed under {@code key} with a fresh nonce, bound to {@code associatedData}. */
    static Sealed seal(Aead aead, SecretBytes key, byte[] pkcs8, byte[] associatedData) {
        byte[] nonce = random(NONCE_BYTES);
        return new Sealed(nonce, aead.seal(key, nonce, pkcs8, associatedData));
    }

    /**
     * The PKCS#8 bytes of {@code sealed}; the caller zeroes them.
     *
     * @throws WrongPassphraseException if the passphrase is wrong or the sealed key or what it is bound to was modified
     */
    static byte[] open(Aead aead, SecretBytes key, Sealed sealed, byte[] associatedData) {
        try {
            return aead.open(key, sealed.nonce(), sealed.ciphertext(), associatedData);
        } catch (DecryptionFailedException e) {
            throw new WrongPassphraseException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
