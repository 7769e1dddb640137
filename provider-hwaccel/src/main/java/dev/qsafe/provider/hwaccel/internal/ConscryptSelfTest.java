package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.DhKemX25519;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The load-time known-answer tests of the {@code conscrypt} provider's ML-DSA and composite engines,
 * run once through the very engines the registry gets; any failure leaves the algorithm out (fail
 * closed). This module cannot reach Bouncy Castle, so the independent references are published values
 * and the JDK's own ML-DSA and Ed25519 (SUN, SunEC), with ACCP for the context paths where it is loaded:
 *
 * <ul>
 *   <li>ML-DSA: the public key derived from a published seed has the published value's SHA-256; a
 *       Conscrypt signature made with the key imported from that seed verifies under the JDK's ML-DSA
 *       and that public key, and a JDK signature verifies under Conscrypt.</li>
 *   <li>Composite: the public key of {@code ACVP seed || RFC 8032 seed} is the two published public
 *       keys; in a Conscrypt composite signature, the Ed25519 half verifies under SunEC over the
 *       representative {@code M'} built here (so Conscrypt's prefix, label and pre-hash are the draft's)
 *       and, where ACCP is loaded, the ML-DSA half verifies there under the context {@code Label}; and a
 *       signature assembled from the components verifies under Conscrypt's composite.</li>
 *   <li>X25519 (DHKEM-X25519, and X-Wing's X25519 half over it): RFC 7748 section 6.1's key pairs and
 *       shared secret through the imported and the prepared key object; a key pair of Conscrypt's
 *       generator has the public key X25519(scalar, 9) of the scalar read back from it, and its kept key
 *       object agrees as the scalar does.</li>
 * </ul>
 */
final class ConscryptSelfTest {
    /**
     * Per ML-DSA parameter set, the first test of its group in NIST's ACVP-Server sample
     * {@code ML-DSA-keyGen-FIPS204/internalProjection.json} (vsId 42): the seed, and the SHA-256 of that
     * test's {@code pk} (computed from the published hex; the key itself is 1312 to 2592 bytes).
     * ML-DSA-44: tgId 1, tcId 1; ML-DSA-65: tgId 2, tcId 26; ML-DSA-87: tgId 3, tcId 51.
     */
    private static final Map<Algorithm, String[]> ACVP_KEYGEN = Map.of(
            Algorithm.ML_DSA_44, new String[] {"93EF2E6EF1FB08999D142ABE0295482370D3F43BDB254A78E2B0D5168ECA065F",
                    "6995b20ecd5cde41719035028a712ccf35b1adf53b913030423d9d6fa188d673"},
            Algorithm.ML_DSA_65, new String[] {"70CEFB9AED5B68E018B079DA8284B9D5CAD5499ED9C265FF73588005D85C225C",
                    "646b26b8d09dbc9e865b6a006c693a3127b065e62fab5fbe8b159c416462feb6"},
            Algorithm.ML_DSA_87, new String[] {"38359FBCD79582CFFE609E137EE2EFE8A8DBCBAD18BA92BB433AB4F09B49299D",
                    "ea374a09356e5f89be784f28f4ef938e8976cb5c4db00fbacb257663491748d4"});

    /** RFC 8032 section 7.1, TEST 1: the Ed25519 secret key (seed) and its public key. */
    private static final String RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    /** RFC 7748 section 6.1: Alice's private and public key, Bob's public key, their shared secret. */
    private static final String[] RFC7748 = {
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"};

    private static final byte[] MESSAGE = "qsafe conscrypt self-test".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_CONTEXT = new byte[0];
    private static final HexFormat HEX = HexFormat.of();

    private ConscryptSelfTest() {
    }

    /** The ML-DSA known-answer test described on the class. @throws IllegalStateException if it fails */
    static void mlDsa(Algorithm algorithm, SignatureSpi engine) {
        String[] published = ACVP_KEYGEN.get(algorithm);
        KeyPair pair = engine.deriveKeyPair(HEX.parseHex(published[0]));
        try {
            check(algorithm, HEX.formatHex(sha256(pair.publicKey().encoded())).equals(published[1]),
                    "the public key of the ACVP seed is not the published one");
            byte[] signature = engine.sign(pair.privateKey(), MESSAGE, NO_CONTEXT);
            check(algorithm, jdkVerifies(algorithm, pair.publicKey(), signature),
                    "the JDK's ML-DSA rejects a Conscrypt signature made with the key imported from the ACVP seed");
            java.security.KeyPair jdk = MlDsaSeeds.jdkKeyPair(algorithm, HEX.parseHex(published[0]));
            Signature s = Signature.getInstance("ML-DSA", "SUN");
            s.initSign(jdk.getPrivate());
            s.update(MESSAGE);
            byte[] jdkSignature = s.sign();
            try {
                engine.verify(pair.publicKey(), MESSAGE, jdkSignature, NO_CONTEXT);
            } catch (InvalidSignatureException e) {
                throw new IllegalStateException(algorithm.name() + " self-test failed: Conscrypt rejects a JDK signature", e);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.name() + " self-test could not run the JDK's ML-DSA", e);
        } finally {
            pair.privateKey().destroy();
        }
    }

    /**
     * The composite known-answer test described on the class.
     *
     * @param withAccp whether the ML-DSA engine can take a context (ACCP loaded), so the half-by-half checks run
     * @throws IllegalStateException if it fails
     */
    static void composite(ConscryptCompositeMlDsa engine, Algorithm mlDsaAlgorithm, SignatureSpi mlDsa, SignatureSpi ed25519,
                          boolean withAccp) {
        Algorithm algorithm = engine.algorithm();
        String[] published = ACVP_KEYGEN.get(mlDsaAlgorithm);
        byte[] seed = HEX.parseHex(published[0] + RFC8032_SEED);
        KeyPair pair = engine.deriveKeyPair(seed);
        byte[] label = ("COMPSIG-" + algorithm.name()).getBytes(StandardCharsets.US_ASCII);
        PrivateKey mlDsaKey = PrivateKey.of(mlDsaAlgorithm, Arrays.copyOf(seed, 32));
        PrivateKey edKey = PrivateKey.of(Algorithm.ED25519, Arrays.copyOfRange(seed, 32, 64));
        try {
            byte[] pk = pair.publicKey().encoded();
            int split = mlDsaAlgorithm.publicKeySize();
            check(algorithm, HEX.formatHex(sha256(Arrays.copyOf(pk, split))).equals(published[1])
                    && HEX.formatHex(pk, split, pk.length).equals(RFC8032_PUBLIC),
                    "the public key of ACVP seed || RFC 8032 seed is not the published pair");
            byte[] signature = engine.sign(pair.privateKey(), MESSAGE, NO_CONTEXT);
            byte[] representative = engine.representative(MESSAGE, NO_CONTEXT);
            int sigSplit = mlDsaAlgorithm.signatureSize();
            Signature sunEc = Signature.getInstance("Ed25519", "SunEC");
            sunEc.initVerify(KeyFactory.getInstance("Ed25519", "SunEC")
                    .generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(Der.ED25519, HEX.parseHex(RFC8032_PUBLIC)))));
            sunEc.update(representative);
            check(algorithm, sunEc.verify(Arrays.copyOfRange(signature, sigSplit, signature.length)),
                    "SunEC rejects the Ed25519 half of a Conscrypt composite signature over the draft's M'");
            if (withAccp) {
                PublicKey mlDsaPublic = PublicKey.of(mlDsaAlgorithm, Arrays.copyOf(pk, split));
                byte[] assembled = Checks.concat(mlDsa.sign(mlDsaKey, representative, label),
                        ed25519.sign(edKey, representative, NO_CONTEXT));
                try {
                    mlDsa.verify(mlDsaPublic, representative, Arrays.copyOf(signature, sigSplit), label);
                    engine.verify(pair.publicKey(), MESSAGE, assembled, NO_CONTEXT);
                } catch (InvalidSignatureException e) {
                    throw new IllegalStateException(algorithm.name() + " self-test failed: the ML-DSA half does not verify"
                            + " across Conscrypt's composite and ACCP under the context Label", e);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.name() + " self-test could not run SunEC's Ed25519", e);
        } finally {
            pair.privateKey().destroy();
            mlDsaKey.destroy();
            edKey.destroy();
        }
    }

    private static boolean jdkVerifies(Algorithm algorithm, PublicKey publicKey, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("ML-DSA", "SUN");
        s.initVerify(KeyFactory.getInstance("ML-DSA", "SUN")
                .generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(MlDsaSeeds.oid(algorithm), publicKey.encoded()))));
        s.update(MESSAGE);
        return s.verify(signature);
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static void check(Algorithm algorithm, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(algorithm.name() + " self-test failed: " + what);
        }
    }

    /** The X25519 known answers above; throws if any differs. */
    static void x25519(DhKemX25519.X25519Function x25519) {
        byte[] alice = HEX.parseHex(RFC7748[0]);
        byte[] bob = HEX.parseHex(RFC7748[2]);
        byte[] shared = HEX.parseHex(RFC7748[3]);
        DhKemX25519.Prepared prepared = null;
        DhKemX25519.Generated generated = null;
        try {
            check(Algorithm.DHKEM_X25519, MessageDigest.isEqual(HEX.parseHex(RFC7748[1]), x25519.publicKey(alice)), "X25519 public key of RFC 7748's Alice");
            check(Algorithm.DHKEM_X25519, MessageDigest.isEqual(shared, x25519.apply(alice, bob.clone())), "X25519 shared secret of RFC 7748");
            prepared = x25519.prepare(alice);
            check(Algorithm.DHKEM_X25519, MessageDigest.isEqual(shared, prepared.agree(bob.clone())), "X25519 shared secret of RFC 7748 through the kept key object");
            generated = x25519.generate(null);
            check(Algorithm.DHKEM_X25519, MessageDigest.isEqual(generated.publicKey(), x25519.publicKey(generated.scalar())),
                    "a generated X25519 key pair's public key is X25519(scalar, 9)");
            check(Algorithm.DHKEM_X25519, MessageDigest.isEqual(generated.prepared().agree(bob.clone()), x25519.apply(generated.scalar(), bob.clone())),
                    "a generated X25519 key object agrees as its scalar does");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 self-test failed: " + e.getMessage(), e);
        } finally {
            destroy(prepared);
            if (generated != null) {
                Checks.wipe(generated.scalar());
                destroy(generated.prepared());
            }
        }
    }

    private static void destroy(DhKemX25519.Prepared prepared) {
        if (prepared != null) {
            try {
                prepared.destroy();
            } catch (javax.security.auth.DestroyFailedException | RuntimeException e) {
                // Best effort.
            }
        }
    }
}
