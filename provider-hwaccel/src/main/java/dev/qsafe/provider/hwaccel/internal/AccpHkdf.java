package dev.qsafe.provider.hwaccel.internal;

import com.amazon.corretto.crypto.provider.HkdfSpec;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.SecretKeyFactory;

/** HKDF-SHA256 from ACCP's {@code SecretKeyFactory} "HkdfWithHmacSHA256" (AWS-LC), in its extract-only and expand-only modes. */
final class AccpHkdf implements HkdfEngine.Backend {
    private static final String SERVICE = "HkdfWithHmacSHA256";
    private final Provider provider;

    AccpHkdf(Provider provider) {
        this.provider = provider;
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return SecretKeyFactory.getInstance(SERVICE, provider)
                .generateSecret(HkdfSpec.hkdfExtractSpec(ikm, salt, "HKDF-PRK")).getEncoded();
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return SecretKeyFactory.getInstance(SERVICE, provider)
                .generateSecret(HkdfSpec.hkdfExpandSpec(prk, info, length, "HKDF-OKM")).getEncoded();
    }
}
