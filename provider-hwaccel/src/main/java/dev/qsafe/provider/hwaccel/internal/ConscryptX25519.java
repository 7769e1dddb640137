package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.engines.Checks;
import dev.qsafe.engines.DhKemX25519;
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
 */
final class ConscryptX25519 implements DhKemX25519.X25519Function {
    private final Provider provider;

    ConscryptX25519(Provider provider) {
        this.provider = provider;
    }

    @Override
    public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("XDH", provider);
        KeyAgreement ka = KeyAgreement.getInstance("XDH", provider);
        byte[] pkcs8 = Der.curvePrivateKey(Der.X25519, scalar);
        try {
            ka.init(kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } finally {
            Checks.wipe(pkcs8);
        }
        ka.doPhase(kf.generatePublic(new X509EncodedKeySpec(Der.publicKey(Der.X25519, u))), true);
        return ka.generateSecret();
    }
}
