package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
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

    /** A library that prepares key objects: counts preparations, and which prepared keys were destroyed. */
    private static final class PreparingX25519 implements DhKemX25519.X25519Function {
        final CountingX25519 inner = new CountingX25519();
        final AtomicInteger prepares = new AtomicInteger();
        final AtomicInteger generated = new AtomicInteger();
        final java.util.List<DhKemX25519.Prepared> made = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
            return inner.apply(scalar, u);
        }

        @Override
        public boolean prepares() {
            return true;
        }

        @Override
        public DhKemX25519.Prepared prepare(byte[] scalar) {
            prepares.incrementAndGet();
            return prepared(scalar.clone());
        }

        @Override
        public DhKemX25519.Generated generate(java.security.SecureRandom random) throws GeneralSecurityException {
            generated.incrementAndGet();
            byte[] scalar = new byte[32];
            random.nextBytes(scalar);
            return new DhKemX25519.Generated(scalar, publicKey(scalar), prepared(scalar.clone()));
        }

        private DhKemX25519.Prepared prepared(byte[] scalar) {
            DhKemX25519.Prepared p = new DhKemX25519.Prepared() {
                private volatile boolean destroyed;

                @Override
                public byte[] agree(byte[] u) throws GeneralSecurityException {
                    if (destroyed) {
                        throw new IllegalStateException("used after destroy");
                    }
                    return inner.apply(scalar, u);
                }

                @Override
                public void destroy() {
                    java.util.Arrays.fill(scalar, (byte) 0);
                    destroyed = true;
                }

                @Override
                public boolean isDestroyed() {
                    return destroyed;
                }
            };
            made.add(p);
            return p;
        }
    }

    @Test
    void aLibraryThatPreparesKeys_generatedKeysAreNeverReimported_andPreparedKeysDieWithTheirKey() {
        PreparingX25519 x25519 = new PreparingX25519();
        DhKemX25519 kem = new DhKemX25519(x25519, HKDF);
        KeyPair recipient = kem.generateKeyPair();
        assertEquals(1, x25519.generated.get(), "key pairs come from the library's generator");
        for (int round = 0; round < 3; round++) {
            Encapsulation e = kem.encapsulate(recipient.publicKey());
            int before = x25519.inner.calls.get();
            assertArrayEquals(e.sharedSecret().rawBytes(SecretAccess.INSECURE),
                    kem.decapsulate(recipient.privateKey(), e.ciphertext()).rawBytes(SecretAccess.INSECURE));
            assertEquals(1, x25519.inner.calls.get() - before, "one X25519 per decapsulation: no pkR derivation, round " + round);
        }
        assertEquals(0, x25519.prepares.get(), "the generated key's object is kept, never imported again");
        assertEquals(4, x25519.generated.get(), "each encapsulation's ephemeral key is generated");
        // every ephemeral key object is destroyed after its encapsulation; the recipient's lives with the key
        assertEquals(3, x25519.made.stream().filter(DhKemX25519.Prepared::isDestroyed).count());
        assertTrue(!x25519.made.getFirst().isDestroyed());
        recipient.privateKey().destroy();
        assertTrue(x25519.made.getFirst().isDestroyed(), "destroying the key destroys its prepared object");

        // a key that did not come from the generator is prepared once, on first use
        PrivateKey imported = PrivateKey.of(Algorithm.DHKEM_X25519, new byte[32]);
        byte[] peer = kem.generateKeyPair().publicKey().encoded();
        byte[] first = kem.engineAgree(imported, peer);
        assertArrayEquals(first, kem.engineAgree(imported, peer));
        assertEquals(1, x25519.prepares.get());
    }
}
