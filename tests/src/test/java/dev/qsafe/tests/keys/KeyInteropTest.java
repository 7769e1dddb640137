package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.keys.KeyEncodings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.KEM;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import org.bouncycastle.jcajce.interfaces.MLDSAPrivateKey;
import org.bouncycastle.jcajce.interfaces.MLKEMPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys cross the boundary both ways with the JDK's own providers and with Bouncy Castle's JCA provider
 * (an explicit {@link BouncyCastleProvider} object, never installed with {@code Security.addProvider}):
 * what qsafe encodes, they load and use; what they generate, qsafe loads, derives the same public key
 * from, and uses with its own engines against theirs.
 *
 * <p>The JDK 25 writes and reads ML-KEM and ML-DSA private keys in the expandedKey form only: qsafe's
 * seed-form keys are handed to it expanded (qsafe writes an expanded key in the expandedKey form).
 * Bouncy Castle writes the {@code both} form and Ed25519/X25519 keys as {@code OneAsymmetricKey} v2 with the public key, so the
 * second direction also covers those forms.
 */
class KeyInteropTest {
    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] MESSAGE = "interop across providers".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_CONTEXT = new byte[0];

    /** A JCA implementation to check against: the JDK's default providers, or Bouncy Castle's object. */
    enum Jca {
        JDK(null), BOUNCY_CASTLE(BC);

        private final Provider provider;

        Jca(Provider provider) {
            this.provider = provider;
        }

        KeyFactory keyFactory(String alg) throws GeneralSecurityException {
            return provider == null ? KeyFactory.getInstance(alg) : KeyFactory.getInstance(alg, provider);
        }

        KeyPairGenerator generator(String alg) throws GeneralSecurityException {
            return provider == null ? KeyPairGenerator.getInstance(alg) : KeyPairGenerator.getInstance(alg, provider);
        }

        Signature signature(String alg) throws GeneralSecurityException {
            return provider == null ? Signature.getInstance(alg) : Signature.getInstance(alg, provider);
        }

        KEM kem(String alg) throws GeneralSecurityException {
            return provider == null ? KEM.getInstance(alg) : KEM.getInstance(alg, provider);
        }

        KeyAgreement keyAgreement(String alg) throws GeneralSecurityException {
            return provider == null ? KeyAgreement.getInstance(alg) : KeyAgreement.getInstance(alg, provider);
        }
    }

    /** (qsafe algorithm, JCA implementation, JCA key algorithm name). */
    static Stream<Arguments> cases() {
        Stream<Arguments> both = Stream.of(
                Arguments.of(Algorithm.ED25519, "Ed25519"), Arguments.of(Algorithm.DHKEM_X25519, "X25519"),
                Arguments.of(Algorithm.ML_KEM_512, "ML-KEM-512"), Arguments.of(Algorithm.ML_KEM_768, "ML-KEM-768"),
                Arguments.of(Algorithm.ML_KEM_1024, "ML-KEM-1024"), Arguments.of(Algorithm.ML_DSA_44, "ML-DSA-44"),
                Arguments.of(Algorithm.ML_DSA_65, "ML-DSA-65"), Arguments.of(Algorithm.ML_DSA_87, "ML-DSA-87"))
                .flatMap(a -> Stream.of(Jca.JDK, Jca.BOUNCY_CASTLE).map(j -> Arguments.of(a.get()[0], j, a.get()[1])));
        // The JDK 25 has no SLH-DSA.
        Stream<Arguments> bcOnly = Stream.of(
                Arguments.of(Algorithm.SLH_DSA_SHA2_128S, Jca.BOUNCY_CASTLE, "SLH-DSA-SHA2-128S"),
                Arguments.of(Algorithm.SLH_DSA_SHA2_128F, Jca.BOUNCY_CASTLE, "SLH-DSA-SHA2-128F"));
        return Stream.concat(both, bcOnly);
    }

    @ParameterizedTest(name = "{0}: qsafe encodes, {1} loads and uses")
    @MethodSource("cases")
    void qsafeEncodedKeys_loadAndWorkInTheJca(Algorithm algorithm, Jca jca, String jcaName) throws Exception {
        KeyPair pair = KeyAlgorithms.generate(algorithm);
        KeyFactory kf = jca.keyFactory(jcaName);
        java.security.PublicKey jcaPublic = kf.generatePublic(new X509EncodedKeySpec(KeyEncodings.encodeSpki(pair.publicKey())));
        java.security.PrivateKey jcaPrivate;
        try {
            jcaPrivate = kf.generatePrivate(new PKCS8EncodedKeySpec(KeyEncodings.encodePkcs8(pair.privateKey())));
        } catch (InvalidKeySpecException e) {
            // The JDK 25 reads ML-KEM and ML-DSA private keys only in the expandedKey form, not in the
            // seed form qsafe writes (RFC 9935 / RFC 9881 recommend the seed). Check instead that the
            // same key, held expanded (Bouncy Castle expands the seed), is written in a form it reads.
            assertTrue(jca == Jca.JDK && EXPANDABLE.contains(algorithm), () -> jca + " rejects qsafe's " + algorithm + ": " + e);
            PrivateKey expanded = expandWithBouncyCastle(pair.privateKey(), jcaName);
            jcaPrivate = kf.generatePrivate(new PKCS8EncodedKeySpec(KeyEncodings.encodePkcs8(expanded)));
            assertEquals(pair.publicKey(), KeyAlgorithms.derivePublic(expanded), "the expanded key is the same key");
        }
        // The JCA's own encoding of the public key is the same SubjectPublicKeyInfo.
        assertArrayEquals(KeyEncodings.encodeSpki(pair.publicKey()), jcaPublic.getEncoded());
        // The JCA reads the same private key: its encoding, whatever form it writes, decodes to our key's public key.
        assertEquals(pair.publicKey(), KeyAlgorithms.derivePublic(KeyEncodings.decodePkcs8(jcaPrivate.getEncoded())));
        use(algorithm, jca, jcaName, pair.publicKey(), pair.privateKey(), jcaPublic, jcaPrivate);
    }

    @ParameterizedTest(name = "{0}: {1} generates, qsafe loads and uses")
    @MethodSource("cases")
    void jcaGeneratedKeys_loadAndWorkInQsafe(Algorithm algorithm, Jca jca, String jcaName) throws Exception {
        KeyAlgorithms.assumeEngine(algorithm);
        java.security.KeyPair jcaPair = jca.generator(jcaName).generateKeyPair();
        byte[] spki = jcaPair.getPublic().getEncoded();
        byte[] pkcs8 = jcaPair.getPrivate().getEncoded();
        PublicKey pub = KeyEncodings.decodeSpki(spki, algorithm);
        PrivateKey priv = KeyEncodings.decodePkcs8(pkcs8, algorithm);
        assertEquals(pub, KeyAlgorithms.derivePublic(priv), "qsafe derives the JCA's public key from its private key");
        assertArrayEquals(spki, KeyEncodings.encodeSpki(pub), "the SubjectPublicKeyInfo re-encodes identically");
        use(algorithm, jca, jcaName, pub, priv, jcaPair.getPublic(), jcaPair.getPrivate());
    }

    /** The ML-KEM and ML-DSA algorithms, whose private keys have an expanded form. */
    private static final Set<Algorithm> EXPANDABLE = Set.of(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024,
            Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87);

    /** The expanded (FIPS 203 / FIPS 204) form of a seed private key, computed by Bouncy Castle. */
    private static PrivateKey expandWithBouncyCastle(PrivateKey seed, String jcaName) throws GeneralSecurityException {
        java.security.PrivateKey bc = Jca.BOUNCY_CASTLE.keyFactory(jcaName)
                .generatePrivate(new PKCS8EncodedKeySpec(KeyEncodings.encodePkcs8(seed)));
        byte[] expanded = bc instanceof MLKEMPrivateKey k ? k.getPrivateData() : ((MLDSAPrivateKey) bc).getPrivateData();
        return PrivateKey.of(seed.algorithm(), expanded);
    }

    /** One operation each way between qsafe's engine (with {@code pub/priv}) and the JCA (with {@code jcaPub/jcaPriv}), which hold the same keys. */
    private static void use(Algorithm algorithm, Jca jca, String jcaName, PublicKey pub, PrivateKey priv,
                            java.security.PublicKey jcaPub, java.security.PrivateKey jcaPriv) throws Exception {
        switch (algorithm.name()) {
            case "DHKEM-X25519-HKDF-SHA256" -> {
                // qsafe has X25519 only inside DHKEM: check the JCA computes the same public key from the
                // private scalar (X25519(k, 9)), and that qsafe's DHKEM works with the key pair.
                KeyAgreement ka = jca.keyAgreement("X25519");
                ka.init(jcaPriv);
                ka.doPhase(KeyFactory.getInstance("X25519").generatePublic(
                        new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
                assertArrayEquals(pub.encoded(), ka.generateSecret(), "X25519(private, 9) is the public key");
                Encapsulation e = KeyAlgorithms.REGISTRY.kem(algorithm).encapsulate(pub);
                assertTrue(KeyAlgorithms.REGISTRY.kem(algorithm).decapsulate(priv, e.ciphertext()).equalsConstantTime(e.sharedSecret()));
            }
            case "ML-KEM-512", "ML-KEM-768", "ML-KEM-1024" -> {
                KEM kem = jca.kem("ML-KEM");
                KEM.Encapsulated theirs = kem.newEncapsulator(jcaPub).encapsulate();
                byte[] ours = KeyAlgorithms.REGISTRY.kem(algorithm).decapsulate(priv, theirs.encapsulation()).rawBytes(SecretAccess.INSECURE);
                assertArrayEquals(theirs.key().getEncoded(), ours, "qsafe decapsulates what " + jca + " encapsulated");
                Encapsulation e = KeyAlgorithms.REGISTRY.kem(algorithm).encapsulate(pub);
                SecretKey k = kem.newDecapsulator(jcaPriv).decapsulate(e.ciphertext());
                assertArrayEquals(e.sharedSecret().rawBytes(SecretAccess.INSECURE), k.getEncoded(), jca + " decapsulates what qsafe encapsulated");
            }
            default -> { // signatures
                String sigName = algorithm.name().startsWith("ML-DSA") ? "ML-DSA"
                        : algorithm.name().startsWith("SLH-DSA") ? "SLH-DSA" : "Ed25519";
                boolean slowSigner = algorithm.equals(Algorithm.SLH_DSA_SHA2_128S);
                Signature verifier = jca.signature(sigName);
                if (!slowSigner) { // SLH-DSA-SHA2-128s signs in seconds: its keys were compared above, 128f signs here
                    byte[] sig = KeyAlgorithms.REGISTRY.signature(algorithm).sign(priv, MESSAGE, NO_CONTEXT);
                    verifier.initVerify(jcaPub);
                    verifier.update(MESSAGE);
                    assertTrue(verifier.verify(sig), jca + " verifies what qsafe signed");
                    Signature signer = jca.signature(sigName);
                    signer.initSign(jcaPriv);
                    signer.update(MESSAGE);
                    KeyAlgorithms.REGISTRY.signature(algorithm).verify(pub, MESSAGE, signer.sign(), NO_CONTEXT);
                }
            }
        }
    }
}
