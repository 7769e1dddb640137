package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.JcaAeadBackend;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES-GCM or ChaCha20-Poly1305 from a native engine's {@link Cipher}, obtained from its provider
 * object (never from the global provider list), through the shared {@link JcaAeadBackend} (one reused
 * {@code Cipher} per thread, output written in place). Both engines buffer the ciphertext when
 * decrypting and release plaintext only after the tag has verified.
 */
final class JcaAead {
    private JcaAead() {
    }

    /** The provider's AES/GCM/NoPadding with a 128-bit tag (any AES key size). */
    static AeadEngine.Backend aesGcm(Provider provider) {
        return new JcaAeadBackend(() -> Cipher.getInstance("AES/GCM/NoPadding", provider), "AES",
                nonce -> new GCMParameterSpec(AeadEngine.TAG_LENGTH * 8, nonce));
    }

    /** The provider's ChaCha20-Poly1305 (RFC 8439) under the given transformation name. */
    static AeadEngine.Backend chaCha20Poly1305(Provider provider, String transformation) {
        return new JcaAeadBackend(() -> Cipher.getInstance(transformation, provider), "ChaCha20", IvParameterSpec::new);
    }
}
