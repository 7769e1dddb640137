package dev.qsafe.provider.toolkit;

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

    /**
     * The AEAD computations of one library, called with arguments already checked: every range lies
     * inside its array, the output has room for the result, input and output do not overlap.
     */
    public interface Backend {
        /**
         * Writes {@code ciphertext || tag} of {@code in[inOffset, +inLength)} to {@code out} from
         * {@code outOffset}; returns the bytes written ({@code inLength + 16}).
         */
        int seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                 byte[] out, int outOffset) throws GeneralSecurityException;

        /**
         * Checks the tag of {@code in[inOffset, +inLength)} ({@code ciphertext || tag}, at least
         * {@value #TAG_LENGTH} bytes) and writes the plaintext to {@code out} from {@code outOffset};
         * returns its length. Throws if the tag does not verify; the library may have written plaintext
         * before checking, which {@link AeadEngine} then wipes.
         */
        int open(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                 byte[] out, int outOffset) throws GeneralSecurityException;
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
     * @throws IllegalArgumentException if {@code algorithm} is not AES-128-GCM, AES-256-GCM or
     *                                  ChaCha20-Poly1305 (a provider's programming error)
     */
    public static AeadEngine of(Algorithm algorithm, Backend backend, boolean anyGcmNonce) {
        boolean gcm = algorithm.equals(Algorithm.AES_128_GCM) || algorithm.equals(Algorithm.AES_256_GCM);
        if (!gcm && !algorithm.equals(Algorithm.CHACHA20_POLY1305)) {
            throw new IllegalArgumentException("AeadEngine implements AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305, not "
                    + algorithm);
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
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        sealChecked(key, nonce, associatedData, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    @Override
    public int sealInto(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] plaintext, int plaintextOffset,
                        int plaintextLength, byte[] output, int outputOffset) {
        checkRange("plaintext", plaintext, plaintextOffset, plaintextLength);
        checkOutput(output, outputOffset, plaintextLength + TAG_LENGTH);
        return sealChecked(key, nonce, associatedData, plaintext, plaintextOffset, plaintextLength, output, outputOffset);
    }

    private int sealChecked(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                            byte[] out, int outOffset) {
        Objects.requireNonNull(associatedData, "associatedData");
        checkNonce(nonce);
        byte[] k = Checks.secretKey(key, algorithm);
        try {
            int n = backend.seal(k, nonce, associatedData, in, inOffset, inLength, out, outOffset);
            if (n != inLength + TAG_LENGTH) {
                throw new GeneralSecurityException("the library wrote " + n + " bytes, expected " + (inLength + TAG_LENGTH));
            }
            return n;
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
        if (ciphertextAndTag.length < TAG_LENGTH) {
            Checks.secretKey(key, algorithm); // a wrong key still reports as such
            throw new DecryptionFailedException();
        }
        byte[] out = new byte[ciphertextAndTag.length - TAG_LENGTH];
        openChecked(key, nonce, associatedData, ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
        return out;
    }

    @Override
    public int openInto(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] ciphertext, int ciphertextOffset,
                        int ciphertextLength, byte[] output, int outputOffset) {
        checkRange("ciphertext", ciphertext, ciphertextOffset, ciphertextLength);
        Objects.requireNonNull(associatedData, "associatedData");
        checkNonce(nonce);
        if (ciphertextLength < TAG_LENGTH) {
            Checks.secretKey(key, algorithm);
            throw new DecryptionFailedException();
        }
        checkOutput(output, outputOffset, ciphertextLength - TAG_LENGTH);
        return openChecked(key, nonce, associatedData, ciphertext, ciphertextOffset, ciphertextLength, output, outputOffset);
    }

    /** Opens into {@code out}; on any failure the plaintext range of {@code out} is zeroed and the one uniform error thrown. */
    private int openChecked(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                            byte[] out, int outOffset) {
        int plaintextLength = inLength - TAG_LENGTH;
        byte[] k = Checks.secretKey(key, algorithm);
        boolean ok = false;
        try {
            int n = backend.open(k, nonce, associatedData, in, inOffset, inLength, out, outOffset);
            ok = n == plaintextLength;
        } catch (GeneralSecurityException | RuntimeException e) {
            // Whatever the library reported becomes the one uniform failure below; the cause is not
            // attached, so that callers cannot tell one kind of forgery from another.
        } finally {
            Checks.wipe(k);
            if (!ok) {
                java.util.Arrays.fill(out, outOffset, outOffset + plaintextLength, (byte) 0);
            }
        }
        if (!ok) {
            throw new DecryptionFailedException();
        }
        return plaintextLength;
    }

    private static void checkRange(String what, byte[] array, int offset, int length) {
        Objects.requireNonNull(array, what);
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new InvalidInputException(what + " range [" + offset + ", +" + length + ") lies outside its "
                    + array.length + "-byte array");
        }
    }

    private static void checkOutput(byte[] output, int offset, int needed) {
        Objects.requireNonNull(output, "output");
        if (offset < 0 || offset > output.length) {
            throw new InvalidInputException("output offset " + offset + " lies outside the " + output.length + "-byte array");
        }
        if (output.length - offset < needed) {
            throw new InvalidInputException("output has " + (output.length - offset) + " bytes from offset " + offset
                    + ", the result needs " + needed);
        }
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
