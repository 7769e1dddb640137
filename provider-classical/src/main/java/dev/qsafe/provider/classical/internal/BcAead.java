package dev.qsafe.provider.classical.internal;

import dev.qsafe.engines.AeadEngine;
import dev.qsafe.engines.Checks;
import java.security.GeneralSecurityException;
import java.util.Arrays;
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
 * AES-GCM and ChaCha20-Poly1305 from Bouncy Castle's lightweight {@link AEADCipher}s. Bouncy Castle
 * writes plaintext before it has checked the tag, so decryption goes to a private buffer that is
 * returned only after the check and wiped otherwise.
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
    public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        AEADCipher c = cipher(true, key, nonce, associatedData);
        byte[] out = new byte[c.getOutputSize(plaintext.length)];
        try {
            int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
            n += c.doFinal(out, n);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (InvalidCipherTextException e) {
            throw new GeneralSecurityException("Bouncy Castle refused to encrypt", e);
        }
    }

    @Override
    public byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) throws GeneralSecurityException {
        AEADCipher c = cipher(false, key, nonce, associatedData);
        byte[] out = new byte[c.getOutputSize(ciphertextAndTag.length)];
        boolean verified = false;
        try {
            int n = c.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
            n += c.doFinal(out, n);
            verified = true;
            if (n == out.length) {
                return out;
            }
            byte[] exact = Arrays.copyOf(out, n);
            Checks.wipe(out);
            return exact;
        } catch (InvalidCipherTextException e) {
            throw new AEADBadTagException("tag mismatch");
        } finally {
            if (!verified) {
                Checks.wipe(out);
            }
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
