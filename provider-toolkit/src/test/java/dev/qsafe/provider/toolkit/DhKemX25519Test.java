package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.KDF;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.HKDFParameterSpec;
import org.junit.jupiter.api.Test;

/** The recipient's own public key is derived once per key, not on every decapsulation. */
class DhKemX25519Test {
    /** SunEC's X25519, counting its calls. */
    private static final class CountingX25519 implements DhKemX25519.X25519Function {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
            calls.incrementAndGet();
            KeyFactory kf = KeyFactory.getInstance("X25519", "SunEC");
            KeyAgreement ka = KeyAgreement.getInstance("X25519", "SunEC");
            ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
            byte[] be = new byte[u.length];
            for (int i = 0; i < u.length; i++) {
                be[i] = u[u.length - 1 - i];
            }
            be[0] &= 0x7f;
            ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be))), true);
            return ka.generateSecret();
        }
    }

    /** The JDK's HKDF-SHA256 (javax.crypto.KDF). */
    private static final HkdfEngine HKDF = new HkdfEngine(new HkdfEngine.Backend() {
        @Override
        public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
            return KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).extractOnly());
        }

        @Override
        public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
            return KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.expandOnly(
                    new javax.crypto.spec.SecretKeySpec(prk, "HKDF-PRK"), info, length));
        }
    });

    @Test
    void decapsulate_derivesTheRecipientsPublicKeyOncePerKey_andAgreesWithEncapsulation() {
        CountingX25519 x25519 = new CountingX25519();
        DhKemX25519 kem = new DhKemX25519(x25519, HKDF);
        KeyPair recipient = kem.generateKeyPair();
        PrivateKey sk = PrivateKey.of(recipient.privateKey().algorithm(),
                recipient.privateKey().rawBytes(SecretAccess.INSECURE)); // a fresh key object: no kept state yet
        for (int round = 0; round < 3; round++) {
            Encapsulation e = kem.encapsulate(recipient.publicKey());
            int before = x25519.calls.get();
            byte[] decapsulated = kem.decapsulate(sk, e.ciphertext()).rawBytes(SecretAccess.INSECURE);
            assertArrayEquals(e.sharedSecret().rawBytes(SecretAccess.INSECURE), decapsulated, "round " + round);
            // the DH, plus X25519(sk, 9) for pkR on the first use of the key only
            assertEquals(round == 0 ? 2 : 1, x25519.calls.get() - before, "X25519 calls in decapsulation " + round);
        }
        sk.destroy();
        Encapsulation e = kem.encapsulate(recipient.publicKey());
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(sk, e.ciphertext()));
    }
}
