package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.provider.toolkit.PerThread;
import com.amazon.corretto.crypto.provider.HkdfSpec;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 from ACCP's {@code SecretKeyFactory} "HkdfWithHmacSHA256" (AWS-LC), in its extract-only
 * and expand-only modes. ACCP 2.5.0 refuses the largest output RFC 5869 allows (255 blocks, 8160
 * bytes; it accepts 8159); for that one length the last block is computed as RFC 5869 defines it,
 * {@code T(255) = HMAC-SHA256(PRK, T(254) || info || 0xFF)}, with ACCP's native HMAC.
 */
final class AccpHkdf implements HkdfEngine.Backend {
    private static final String SERVICE = "HkdfWithHmacSHA256";
    private static final int HASH_LENGTH = 32;
    private final Provider provider;
    /** One factory per thread ({@link PerThread}): getInstance costs more than a derivation. */
    private final PerThread<SecretKeyFactory> factories;

    AccpHkdf(Provider provider) {
        this.provider = provider;
        this.factories = new PerThread<>(() -> SecretKeyFactory.getInstance(SERVICE, provider));
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return derive(HkdfSpec.hkdfExtractSpec(ikm, salt, "HKDF-PRK"));
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        if (length < HkdfEngine.MAX_OUTPUT) {
            return accpExpand(prk, info, length);
        }
        byte[] first = accpExpand(prk, info, length - HASH_LENGTH);
        Mac hmac = Mac.getInstance("HmacSHA256", provider);
        hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
        hmac.update(first, first.length - HASH_LENGTH, HASH_LENGTH);
        hmac.update(info);
        hmac.update((byte) (HkdfEngine.MAX_OUTPUT / HASH_LENGTH));
        byte[] last = hmac.doFinal();
        byte[] out = Arrays.copyOf(first, length);
        System.arraycopy(last, 0, out, first.length, HASH_LENGTH);
        Checks.wipe(first, last);
        return out;
    }

    private byte[] accpExpand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return derive(HkdfSpec.hkdfExpandSpec(prk, info, length, "HKDF-OKM"));
    }

    private byte[] derive(HkdfSpec spec) throws GeneralSecurityException {
        return factories.with(factory -> factory.generateSecret(spec).getEncoded());
    }
}
