package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-GCM and ChaCha20-Poly1305 from Bouncy Castle's lightweight {@link AEADCipher}s, writing straight
 * into the caller's output. Bouncy Castle writes plaintext before it has checked the tag;
 * {@link AeadEngine} zeroes the output range when the check fails, before the failure is reported.
 */
final class BcAead implements AeadEngine.Backend {
    /** Bouncy Castle's AES-GCM. */
    static final BcAead AES_GCM = new BcAead(() -> GCMBlockCipher.newInstance(AESEngine.newInstance()));
    /** Bouncy Castle's ChaCha20-Poly1305 (RFC 8439). */
    static final BcAead CHACHA20_POLY1305 = new BcAead(ChaCha20Poly1305::new);

    private final Supplier<AEADCipher> ciphers;

    private BcAead(Supplier<AEADCipher> ciphers) {
        this.ciphers = ciphers;
    }

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        AEADCipher c = cipher(true, key, nonce, associatedData);
        try {
            int n = c.processBytes(in, inOffset, inLength, out, outOffset);
            return n + c.doFinal(out, outOffset + n);
        } catch (InvalidCipherTextException e) {
            throw new GeneralSecurityException("Bouncy Castle refused to encrypt", e);
        }
    }

    /**
     * Decrypts into {@code out}: Bouncy Castle writes plaintext there before it has checked the tag;
     * {@link AeadEngine} wipes it when this throws.
     */
    @Override
    public int open(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        AEADCipher c = cipher(false, key, nonce, associatedData);
        try {
            int n = c.processBytes(in, inOffset, inLength, out, outOffset);
            return n + c.doFinal(out, outOffset + n);
        } catch (InvalidCipherTextException e) {
            throw new AEADBadTagException("tag mismatch");
        }
    }

    /** Cipher objects are stateful (and GCM refuses a repeated key and nonce): one per call. */
    private AEADCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] associatedData) {
        AEADCipher c = ciphers.get();
        c.init(encrypt, new AEADParameters(new KeyParameter(key), AeadEngine.TAG_LENGTH * 8, nonce));
        c.processAADBytes(associatedData, 0, associatedData.length);
        return c;
    }
}
