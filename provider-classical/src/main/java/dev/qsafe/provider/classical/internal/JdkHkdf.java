package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.provider.toolkit.PerThread;
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

    /** One KDF object per thread ({@link PerThread}); dropped after any failure. */
    private static final PerThread<KDF> KDFS = new PerThread<>(() -> KDF.getInstance(KDF_SERVICE.algorithm(), KDF_SERVICE.provider()));

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return derive(HKDFParameterSpec.ofExtract().addSalt(salt).addIKM(ikm).extractOnly());
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return derive(HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "HKDF-PRK"), info, length));
    }

    private static byte[] derive(java.security.spec.AlgorithmParameterSpec spec) throws GeneralSecurityException {
        boolean ok = false;
        KDF kdf = null;
        try {
            kdf = KDFS.get();
            byte[] out = kdf.deriveData(spec);
            ok = true;
            return out;
        } finally {
            if (ok) {
                KDFS.release(kdf);
            } else {
                KDFS.discard();
            }
        }
    }
}
