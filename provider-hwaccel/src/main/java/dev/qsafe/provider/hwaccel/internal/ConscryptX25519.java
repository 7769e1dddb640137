package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.DhKemX25519;
import dev.qsafe.provider.toolkit.PerThread;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 from Conscrypt's XDH {@link KeyAgreement} (BoringSSL's X25519, which clamps the scalar and
 * masks the top bit of u as RFC 7748 says). BoringSSL refuses an all-zero result itself, which
 * {@link DhKemX25519} reports as an invalid key. The public key of a scalar is X25519(scalar, 9).
 * Each thread reuses one {@code KeyAgreement} and one {@code KeyFactory} ({@link PerThread}),
 * initialised for every call and dropped after any failure.
 */
final class ConscryptX25519 implements DhKemX25519.X25519Function {
    private final PerThread<KeyFactory> keyFactories;
    private final PerThread<KeyAgreement> agreements;

    ConscryptX25519(Provider provider) {
        this.keyFactories = new PerThread<>(() -> KeyFactory.getInstance("XDH", provider));
        this.agreements = new PerThread<>(() -> KeyAgreement.getInstance("XDH", provider));
    }

    @Override
    public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory kf = keyFactories.get();
        KeyAgreement ka = agreements.get();
        byte[] pkcs8 = Der.privateKeyInfo(Der.X25519, scalar);
        boolean ok = false;
        try {
            ka.init(kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            ka.doPhase(kf.generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(Der.X25519, u))), true);
            byte[] secret = ka.generateSecret();
            ok = true;
            return secret;
        } finally {
            Checks.wipe(pkcs8);
            if (ok) {
                keyFactories.release(kf);
                agreements.release(ka);
            } else {
                keyFactories.discard();
                agreements.discard();
            }
        }
    }
}
