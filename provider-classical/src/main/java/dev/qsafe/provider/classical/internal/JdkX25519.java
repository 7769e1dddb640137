package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.DhKemX25519;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * X25519 from SunEC's {@link KeyAgreement}. SunEC refuses an all-zero result itself ("point has small
 * order"), which {@link DhKemX25519} reports as an invalid key.
 */
final class JdkX25519 implements DhKemX25519.X25519Function {
    private static final JcaService KEY_FACTORY = new JcaService(JcaService.SUN_EC, "KeyFactory", "X25519");
    private static final JcaService KEY_AGREEMENT = new JcaService(JcaService.SUN_EC, "KeyAgreement", "X25519");
    /** The JDK services this backend needs. */
    static final List<JcaService> SERVICES = List.of(KEY_FACTORY, KEY_AGREEMENT);

    @Override
    public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance(KEY_FACTORY.algorithm(), KEY_FACTORY.provider());
        KeyAgreement ka = KeyAgreement.getInstance(KEY_AGREEMENT.algorithm(), KEY_AGREEMENT.provider());
        ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
        ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(u))), true);
        return ka.generateSecret();
    }

    /** RFC 7748 decodeUCoordinate: little-endian, top bit masked (reduction mod p is SunEC's). */
    private static BigInteger decodeU(byte[] u) {
        byte[] be = new byte[u.length];
        for (int i = 0; i < u.length; i++) {
            be[i] = u[u.length - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }
}
