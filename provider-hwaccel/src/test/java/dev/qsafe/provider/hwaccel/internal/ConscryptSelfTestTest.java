package dev.qsafe.provider.hwaccel.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Der;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ML-DSA known-answer test of the conscrypt provider, run here (without native access) over an
 * engine built on the JDK's ML-DSA: a correct engine passes, which also checks the published constants
 * against an implementation other than the one they guard, and each kind of wrong engine fails closed.
 */
class ConscryptSelfTestTest {
    /** An ML-DSA engine over the JDK (SUN), with one fault switched on or none. */
    private record JdkEngine(Algorithm algorithm, String fault) implements SignatureSpi {
        @Override
        public KeyPair generateKeyPair() {
            throw new UnsupportedAlgorithmException("not needed");
        }

        @Override
        public KeyPair deriveKeyPair(byte[] seed) {
            byte[] pk = MlDsaSeeds.publicKey(algorithm, seed);
            if (fault.equals("public key")) {
                pk[7] ^= 1;
            }
            return new KeyPair(PublicKey.of(algorithm, pk), PrivateKey.of(algorithm, seed));
        }

        @Override
        public PublicKey derivePublicKey(PrivateKey privateKey) {
            throw new UnsupportedAlgorithmException("not needed");
        }

        @Override
        public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
            try {
                Signature s = Signature.getInstance("ML-DSA", "SUN");
                s.initSign(MlDsaSeeds.jdkKeyPair(algorithm, privateKey.rawBytes(SecretAccess.INSECURE)).getPrivate());
                s.update(message);
                byte[] signature = s.sign();
                if (fault.equals("signature")) {
                    signature[0] ^= 1;
                }
                return signature;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
            try {
                Signature s = Signature.getInstance("ML-DSA", "SUN");
                s.initVerify(KeyFactory.getInstance("ML-DSA", "SUN")
                        .generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(MlDsaSeeds.oid(algorithm), publicKey.encoded()))));
                s.update(message);
                if (fault.equals("verify") || !s.verify(signature)) {
                    throw new InvalidSignatureException("rejected");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
            throw new UnsupportedAlgorithmException("not needed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void mlDsa_correctEngine_passes_thePublishedKeyDigestMatches(String name) {
        assertDoesNotThrow(() -> ConscryptSelfTest.mlDsa(Algorithm.forName(name), new JdkEngine(Algorithm.forName(name), "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"public key", "signature", "verify"})
    void mlDsa_faultyEngine_failsClosed(String fault) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConscryptSelfTest.mlDsa(Algorithm.ML_DSA_65, new JdkEngine(Algorithm.ML_DSA_65, fault)));
        assertTrue(e.getMessage().contains("ML-DSA-65 self-test failed"), e.getMessage());
    }
}
