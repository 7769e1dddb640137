package dev.qsafe.provider.toolkit;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@link AeadEngine.Backend} over a JCA {@link Cipher} (AES/GCM/NoPadding or ChaCha20-Poly1305 of
 * SunJCE, Conscrypt or ACCP), writing straight into the caller's output with
 * {@link Cipher#doFinal(byte[], int, int, byte[], int)}.
 *
 * <p>Each thread reuses one {@code Cipher} object of this backend (creating one, {@code getInstance},
 * costs more than the work on a small message and allocates about 1 KiB), initialised afresh for every
 * call with the call's key and nonce, so no state passes from one call to the next. A {@code Cipher}
 * that failed in any way is dropped and the next call on that thread gets a new one, so a forged
 * message cannot poison a later open. SunJCE refuses to re-initialise an encrypting GCM or
 * ChaCha20-Poly1305 cipher with the key and nonce it last used; a caller that repeats them (only known-
 * answer tests should) then gets a fresh {@code Cipher}, exactly as before reuse. Only 12-byte nonces
 * use the reused object; any other length (AES-GCM allows them) gets a fresh {@code Cipher} per call.
 *
 * <p>The reused object keeps the last key schedule of its thread until the thread's next call (a
 * per-call {@code Cipher} kept it until it was garbage-collected; neither can be wiped through the JCA).
 */
public final class JcaAeadBackend implements AeadEngine.Backend {
    /** Makes a new {@link Cipher} of the backend's transformation and provider. */
    @FunctionalInterface
    public interface CipherFactory {
        /** A new, uninitialised cipher. */
        Cipher create() throws GeneralSecurityException;
    }

    /** The nonce length of every reused cipher: 12 bytes, the standard (and HPKE's) for both AEADs. */
    private static final int STANDARD_NONCE = 12;

    private final CipherFactory factory;
    private final String keyAlgorithm;
    private final Function<byte[], AlgorithmParameterSpec> nonceSpec;
    private final ThreadLocal<Cipher> perThread = new ThreadLocal<>();

    /**
     * @param factory      new ciphers, e.g. {@code () -> Cipher.getInstance("AES/GCM/NoPadding", provider)}
     * @param keyAlgorithm the JCA key algorithm ("AES", "ChaCha20")
     * @param nonceSpec    the parameters of a nonce ({@code GCMParameterSpec} with a 128-bit tag, {@code IvParameterSpec})
     */
    public JcaAeadBackend(CipherFactory factory, String keyAlgorithm, Function<byte[], AlgorithmParameterSpec> nonceSpec) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        this.nonceSpec = Objects.requireNonNull(nonceSpec, "nonceSpec");
    }

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        return run(Cipher.ENCRYPT_MODE, key, nonce, associatedData, in, inOffset, inLength, out, outOffset);
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        return run(Cipher.DECRYPT_MODE, key, nonce, associatedData, in, inOffset, inLength, out, outOffset);
    }

    private int run(int mode, byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        if (nonce.length != STANDARD_NONCE) {
            // Not reused: ACCP 2.5.0's AES-GCM, re-initialised with a nonce of another length than
            // before, derives the counter block as if the length had not changed (wrong ciphertext,
            // refused tags; ClassicalInteropTest's non-standard nonce lengths catch it). The reused
            // object only ever sees 12-byte nonces, what HPKE and the envelope use.
            Cipher fresh = factory.create();
            fresh.init(mode, new SecretKeySpec(key, keyAlgorithm), nonceSpec.apply(nonce));
            fresh.updateAAD(associatedData);
            return fresh.doFinal(in, inOffset, inLength, out, outOffset);
        }
        Cipher c = perThread.get();
        SecretKeySpec k = new SecretKeySpec(key, keyAlgorithm);
        AlgorithmParameterSpec params = nonceSpec.apply(nonce);
        boolean done = false;
        try {
            if (c != null) {
                try {
                    c.init(mode, k, params);
                } catch (GeneralSecurityException | RuntimeException e) {
                    // e.g. SunJCE's refusal of the key and nonce this object last encrypted with
                    c = null;
                }
            }
            if (c == null) {
                c = factory.create();
                c.init(mode, k, params);
                perThread.set(c);
            }
            c.updateAAD(associatedData);
            int n = c.doFinal(in, inOffset, inLength, out, outOffset);
            done = true;
            return n;
        } finally {
            if (!done) {
                // A cipher that failed in any way is not used again: the thread's next call makes a new one.
                perThread.remove();
            }
        }
    }
}
