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
 * How an identity file protects its private keys with a passphrase: an Argon2id key (16-byte salt,
 * bounded cost) and AES-256-GCM with a fresh 12-byte nonce per key, the associated data binding the
 * header and the key's slot. {@link IdentityFiles} reads and writes the JSON around it.
 */
final class PassphraseProtection {
    /** Most Argon2id memory a file may ask for (1 GiB), so that a hostile file cannot exhaust the heap. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    /** Most Argon2id passes a file may ask for. */
    static final int MAX_ITERATIONS = 16;
    static final Algorithm KDF = Algorithm.ARGON2ID;
    static final Algorithm AEAD = Algorithm.AES_256_GCM;
    static final int SALT_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int KEY_BYTES = 32;

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
        if (cost.memoryKiB() > MAX_MEMORY_KIB || cost.iterations() > MAX_ITERATIONS) {
            throw new InvalidInputException("identity files allow at most " + MAX_MEMORY_KIB + " KiB and " + MAX_ITERATIONS
                    + " Argon2id passes (so that reading a file cannot be made to take unbounded memory or time), got "
                    + cost);
        }
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
