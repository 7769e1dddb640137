package dev.qsafe.provider.classical.internal;

import dev.qsafe.engines.HkdfEngine;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 from the JDK's {@link KDF} API (JEP 510), SunJCE's "HKDF-SHA256". */
final class JdkHkdf implements HkdfEngine.Backend {
    private static final JcaService KDF_SERVICE = new JcaService(JcaService.SUN_JCE, "KDF", "HKDF-SHA256");
    /** The JDK services this backend needs. */
    static final List<JcaService> SERVICES = List.of(KDF_SERVICE);

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return kdf().deriveData(HKDFParameterSpec.ofExtract().addSalt(salt).addIKM(ikm).extractOnly());
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return kdf().deriveData(HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "HKDF-PRK"), info, length));
    }

    /** KDF objects are not thread-safe: one per call. */
    private static KDF kdf() throws GeneralSecurityException {
        return KDF.getInstance(KDF_SERVICE.algorithm(), KDF_SERVICE.provider());
    }
}
