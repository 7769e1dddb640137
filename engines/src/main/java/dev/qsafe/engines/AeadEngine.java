package dev.qsafe.engines;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * AES-GCM and ChaCha20-Poly1305 over a provider's {@link Backend}. This class owns the argument checks
 * and the error mapping, so that every provider accepts the same inputs and fails the same way.
 *
 * <p>Nonces: ChaCha20-Poly1305 takes exactly 12 bytes (RFC 8439). AES-GCM takes 12 bytes, the
 * standard and what HPKE uses; where the native library allows it (AWS-LC, not BoringSSL's EVP_AEAD),
 * any non-empty nonce, which GCM hashes into the initial counter (NIST SP 800-38D). Tags are always
 * 16 bytes.
 *
 * <p>One class for the pure-Java and the native providers, so that every engine accepts exactly the
 * same inputs and fails the same way.
 */
public final class AeadEngine implements AeadSpi {
    /** Tag length in bytes, for all of qsafe's AEADs. */
    public static final int TAG_LENGTH = 16;

    /** The AEAD computations of one library, called with arguments already checked. */
    public interface Backend {
        /** Returns {@code ciphertext || tag}. */
        byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

        /**
         * Returns the plaintext only if the tag verifies; otherwise throws and has released (and
         * wiped) no plaintext. {@code ciphertextAndTag} has at least {@value #TAG_LENGTH} bytes.
         */
        byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) throws GeneralSecurityException;
    }

    private final Algorithm algorithm;
    private final Backend backend;
    private final boolean anyNonceLength;

    private AeadEngine(Algorithm algorithm, Backend backend, boolean anyNonceLength) {
        this.algorithm = algorithm;
        this.backend = backend;
        this.anyNonceLength = anyNonceLength;
    }

    /**
     * The engine for one of qsafe's AEAD algorithms.
     *
     * @param anyGcmNonce whether the backend's AES-GCM takes nonces of any non-empty length (AWS-LC
     *                    does); otherwise only the standard 12 bytes are accepted (BoringSSL's EVP_AEAD
     *                    AES-GCM refuses others), and other lengths fail with an
     *                    {@link InvalidInputException} before the library is called
     */
    public static AeadEngine of(Algorithm algorithm, Backend backend, boolean anyGcmNonce) {
        boolean gcm = algorithm.equals(Algorithm.AES_128_GCM) || algorithm.equals(Algorithm.AES_256_GCM);
        if (!gcm && !algorithm.equals(Algorithm.CHACHA20_POLY1305)) {
            throw new IllegalArgumentException("not an AEAD of the hardware-accelerated providers: " + algorithm);
        }
        return new AeadEngine(algorithm, backend, gcm && anyGcmNonce);
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        checkNonce(nonce);
        byte[] k = Checks.secretKey(key, algorithm);
        try {
            return backend.seal(k, nonce, plaintext, associatedData);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure(algorithm + " seal", e);
        } finally {
            Checks.wipe(k);
        }
    }

    @Override
    public byte[] open(SecretBytes key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) {
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        Objects.requireNonNull(associatedData, "associatedData");
        checkNonce(nonce);
        byte[] k = Checks.secretKey(key, algorithm);
        try {
            if (ciphertextAndTag.length >= TAG_LENGTH) {
                return backend.open(k, nonce, ciphertextAndTag, associatedData);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // Whatever the library reported becomes the one uniform failure below; the cause is not
            // attached, so that callers cannot tell one kind of forgery from another.
        } finally {
            Checks.wipe(k);
        }
        throw new DecryptionFailedException();
    }

    private void checkNonce(byte[] nonce) {
        Objects.requireNonNull(nonce, "nonce");
        if (anyNonceLength ? nonce.length == 0 : nonce.length != algorithm.nonceSize()) {
            throw new InvalidInputException(algorithm + " nonce must be "
                    + (anyNonceLength ? "non-empty (12 bytes is standard)" : algorithm.nonceSize() + " bytes with this engine")
                    + ", got " + nonce.length);
        }
    }
}
