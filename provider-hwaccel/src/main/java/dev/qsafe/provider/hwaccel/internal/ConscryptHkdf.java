package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.HkdfEngine;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.conscrypt.Hkdf;

/**
 * HKDF-SHA256 from Conscrypt's {@link Hkdf} over its native HMAC-SHA256 (BoringSSL). Conscrypt 2.9.0
 * also lists a {@code KDF} service "HKDF-SHA256", but its class is missing from the uber jar.
 * {@link Hkdf#extract} refuses empty input keying material, which RFC 5869 allows; then Extract is
 * computed as its definition says, {@code HMAC-SHA256(salt, ikm)}, with Conscrypt's native HMAC.
 */
final class ConscryptHkdf implements HkdfEngine.Backend {
    private final Provider provider;

    ConscryptHkdf(Provider provider) {
        this.provider = provider;
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        if (ikm.length == 0) {
            Mac hmac = Mac.getInstance("HmacSHA256", provider);
            hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return hmac.doFinal(ikm);
        }
        return new Hkdf("HmacSHA256").extract(salt, ikm);
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return new Hkdf("HmacSHA256").expand(prk, info, length);
    }
}
