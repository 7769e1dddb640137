package dev.qsafe.provider.hwaccel.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.provider.toolkit.DhKemX25519;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The X25519 known-answer test of the conscrypt provider (which guards DHKEM-X25519 and, through it,
 * X-Wing's X25519 half), run here over an X25519 function built on the JDK's SunEC that prepares and
 * generates keys as Conscrypt's does: a correct one passes, which also checks the RFC 7748 constants
 * against an implementation other than the one they guard, and each kind of wrong one fails closed.
 */
class ConscryptX25519SelfTestTest {
    /** SunEC's X25519 with prepared and generated keys, with one fault switched on or none. */
    private record SunEcX25519(String fault) implements DhKemX25519.X25519Function {
        @Override
        public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
            KeyFactory kf = KeyFactory.getInstance("X25519", "SunEC");
            KeyAgreement ka = KeyAgreement.getInstance("X25519", "SunEC");
            ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
            byte[] be = new byte[u.length];
            for (int i = 0; i < u.length; i++) {
                be[i] = u[u.length - 1 - i];
            }
            be[0] &= 0x7f;
            ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be))), true);
            byte[] z = ka.generateSecret();
            if (fault.equals("agreement")) {
                z[0] ^= 1;
            }
            return z;
        }

        @Override
        public boolean prepares() {
            return true;
        }

        @Override
        public DhKemX25519.Prepared prepare(byte[] scalar) {
            byte[] kept = scalar.clone();
            return new DhKemX25519.Prepared() {
                @Override
                public byte[] agree(byte[] u) throws GeneralSecurityException {
                    byte[] z = apply(kept, u);
                    if (fault.equals("prepared")) {
                        z[31] ^= 1;
                    }
                    return z;
                }

                @Override
                public void destroy() {
                    java.util.Arrays.fill(kept, (byte) 0);
                }

                @Override
                public boolean isDestroyed() {
                    return false;
                }
            };
        }

        @Override
        public DhKemX25519.Generated generate(SecureRandom random) throws GeneralSecurityException {
            byte[] scalar = new byte[32];
            new SecureRandom().nextBytes(scalar);
            byte[] pk = publicKey(scalar);
            if (fault.equals("generated public key")) {
                pk[3] ^= 1;
            }
            byte[] other = scalar.clone();
            if (fault.equals("generated key object")) {
                other[5] ^= 1;
            }
            return new DhKemX25519.Generated(scalar, pk, prepare(other));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"agreement", "prepared", "generated public key", "generated key object"})
    void aWrongX25519_failsClosed(String fault) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConscryptSelfTest.x25519(new SunEcX25519(fault)));
        assertTrue(e.getMessage().contains("DHKEM"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none"})
    void aCorrectX25519_passes(String fault) {
        assertDoesNotThrow(() -> ConscryptSelfTest.x25519(new SunEcX25519(fault)));
    }
}
