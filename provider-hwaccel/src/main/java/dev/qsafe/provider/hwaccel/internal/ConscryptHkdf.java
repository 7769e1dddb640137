package dev.qsafe.provider.hwaccel.internal;

import java.security.GeneralSecurityException;
import org.conscrypt.Hkdf;

/**
 * HKDF-SHA256 from Conscrypt's {@link Hkdf} over its native HMAC-SHA256 (BoringSSL). Conscrypt 2.9.0
 * also lists a {@code KDF} service "HKDF-SHA256", but its class is missing from the uber jar.
 */
final class ConscryptHkdf implements HkdfEngine.Backend {
    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return new Hkdf("HmacSHA256").extract(salt, ikm);
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return new Hkdf("HmacSHA256").expand(prk, info, length);
    }
}
