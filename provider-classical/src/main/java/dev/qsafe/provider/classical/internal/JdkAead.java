package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.JcaAeadBackend;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES-GCM and ChaCha20-Poly1305 from SunJCE's {@link Cipher}s (intrinsified on x86-64 and AArch64),
 * through the shared {@link JcaAeadBackend} (one reused {@code Cipher} per thread, output written in
 * place). Both buffer the ciphertext when decrypting and release plaintext only after the tag has verified.
 */
final class JdkAead implements AeadEngine.Backend {
    /** SunJCE's AES-GCM with a 128-bit tag. */
    static final JdkAead AES_GCM = new JdkAead(new JcaService(JcaService.SUN_JCE, "Cipher", "AES/GCM/NoPadding"),
            "AES", nonce -> new GCMParameterSpec(AeadEngine.TAG_LENGTH * 8, nonce));
    /** SunJCE's ChaCha20-Poly1305 (RFC 8439). */
    static final JdkAead CHACHA20_POLY1305 = new JdkAead(new JcaService(JcaService.SUN_JCE, "Cipher", "ChaCha20-Poly1305"),
            "ChaCha20", IvParameterSpec::new);

    private final JcaService service;
    private final JcaAeadBackend backend;

    private JdkAead(JcaService service, String keyAlgorithm, Function<byte[], AlgorithmParameterSpec> nonceSpec) {
        this.service = service;
        this.backend = new JcaAeadBackend(() -> Cipher.getInstance(service.algorithm(), service.provider()),
                keyAlgorithm, nonceSpec);
    }

    /** The JDK service this backend needs. */
    JcaService service() {
        return service;
    }

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        return backend.seal(key, nonce, associatedData, in, inOffset, inLength, out, outOffset);
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int inLength,
                    byte[] out, int outOffset) throws GeneralSecurityException {
        return backend.open(key, nonce, associatedData, in, inOffset, inLength, out, outOffset);
    }
}
