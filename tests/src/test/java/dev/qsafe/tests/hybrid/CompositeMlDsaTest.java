package dev.qsafe.tests.hybrid;

import static dev.qsafe.tests.hybrid.HybridEngines.base64;
import static dev.qsafe.tests.hybrid.HybridEngines.bytes;
import static dev.qsafe.tests.hybrid.HybridEngines.flipped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.SignatureSpi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jcajce.spec.ContextParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Composite ML-DSA-44/65 + Ed25519 on every discovered engine: modifications of the LAMPS draft's
 * vector signatures (the vectors themselves run in the conformance runner, see
 * {@code dev.qsafe.tests.conformance.VectorsFolderTest}), behaviour and negative cases, and interop with Bouncy Castle's JCA composite signatures (its
 * provider object is passed explicitly and never installed).
 */
class CompositeMlDsaTest {
    private static final byte[] M = base64(HybridEngines.compositeVectors(), "m");
    private static final byte[] CTX = base64(HybridEngines.compositeVectors(), "ctx");
    private static final byte[] EMPTY = new byte[0];
    private static final Provider BC = new BouncyCastleProvider();

    /** Composite engines that sign ML-DSA hedged only (Conscrypt 2.9.0 takes no rnd; docs/PROVIDERS.md). */
    private static final java.util.Set<String> HEDGED_ONLY = java.util.Set.of("conscrypt", "accp");

    static Stream<Arguments> engines() {
        return HybridEngines.engines(Algorithm.MLDSA44_ED25519, Algorithm.MLDSA65_ED25519);
    }

    private static SignatureSpi engine(Algorithm alg, String provider) {
        return HybridEngines.signature(alg, provider);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void vectorSignatures_anyChange_invalidSignature(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        JsonNode t = HybridEngines.compositeVector(alg);
        PublicKey pk = PublicKey.of(alg, base64(t, "pk"));
        byte[] s = base64(t, "s");
        byte[] sWithContext = base64(t, "sWithContext");
        int split = alg.signatureSize() - 64;
        for (int position : new int[] {0, split / 2, split - 1, split, split + 32, s.length - 1}) {
            assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, flipped(s, position), EMPTY), "s, bit at " + position);
            assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, flipped(sWithContext, position), CTX),
                    "sWithContext, bit at " + position);
        }
        assertThrows(InvalidSignatureException.class, () -> e.verify(pk, flipped(M, 0), s, EMPTY), "other message");
        assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, s, CTX), "s under the file's ctx");
        assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, sWithContext, EMPTY), "sWithContext without ctx");
        assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, sWithContext, flipped(CTX, 0)), "other ctx");
        assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, Arrays.copyOf(s, s.length - 1), EMPTY), "truncated");
        assertThrows(InvalidSignatureException.class, () -> e.verify(pk, M, Arrays.copyOf(s, s.length + 1), EMPTY), "extended");
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void sign_thenVerify_roundTripsWithDraftSizes(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        KeyPair pair = e.generateKeyPair();
        assertEquals(alg.publicKeySize(), pair.publicKey().length());
        assertEquals(64, pair.privateKey().length());
        assertEquals(pair.publicKey(), e.derivePublicKey(pair.privateKey()));
        for (byte[] context : new byte[][] {EMPTY, CTX, bytes(255, 1)}) {
            byte[] signature = e.sign(pair.privateKey(), M, context);
            assertEquals(alg.signatureSize(), signature.length);
            assertDoesNotThrow(() -> e.verify(pair.publicKey(), M, signature, context));
            assertThrows(InvalidSignatureException.class, () -> e.verify(pair.publicKey(), flipped(M, 3), signature, context));
        }
        assertEquals(3373, Algorithm.MLDSA65_ED25519.signatureSize(), "the demo's HYBRID signature size");
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void ourSignatures_verifyWithBouncyCastle(Algorithm alg, String provider) throws GeneralSecurityException {
        SignatureSpi e = engine(alg, provider);
        KeyPair pair = e.generateKeyPair();
        for (byte[] context : new byte[][] {EMPTY, CTX}) {
            byte[] signature = e.sign(pair.privateKey(), M, context);
            assertTrue(bcVerify(alg, pair.publicKey().encoded(), M, signature, context), "context of " + context.length);
            assertFalse(bcVerify(alg, pair.publicKey().encoded(), M, flipped(signature, 0), context));
        }
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void bouncyCastleSignatures_verifyWithOurs(Algorithm alg, String provider) throws GeneralSecurityException {
        SignatureSpi e = engine(alg, provider);
        KeyPair pair = e.generateKeyPair();
        for (byte[] context : new byte[][] {EMPTY, CTX}) {
            byte[] signature = bcSign(alg, pair.privateKey().rawBytes(SecretAccess.INSECURE), M, context);
            assertDoesNotThrow(() -> e.verify(pair.publicKey(), M, signature, context), "context of " + context.length);
            assertThrows(InvalidSignatureException.class, () -> e.verify(pair.publicKey(), M, signature, bytes(1, 1)), "other context");
        }
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void componentSignatures_doNotVerifyOnTheirOwn(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        KeyPair pair = e.generateKeyPair();
        byte[] signature = e.sign(pair.privateKey(), M, EMPTY);
        Algorithm mlDsa = alg.equals(Algorithm.MLDSA44_ED25519) ? Algorithm.ML_DSA_44 : Algorithm.ML_DSA_65;
        int split = mlDsa.publicKeySize();
        byte[] pk = pair.publicKey().encoded();
        SignatureScheme plainMlDsa = HybridEngines.registry().signature(mlDsa);
        SignatureScheme plainEd25519 = HybridEngines.registry().signature(Algorithm.ED25519);
        // The components sign M' (prefix, label, ctx, SHA-512(M)), ML-DSA under the label: neither is a
        // signature of M that a stand-alone verifier would accept.
        assertThrows(InvalidSignatureException.class, () -> plainMlDsa.verify(PublicKey.of(mlDsa, Arrays.copyOf(pk, split)),
                M, Arrays.copyOf(signature, mlDsa.signatureSize()), EMPTY));
        assertThrows(InvalidSignatureException.class, () -> plainEd25519.verify(
                PublicKey.of(Algorithm.ED25519, Arrays.copyOfRange(pk, split, pk.length)), M,
                Arrays.copyOfRange(signature, mlDsa.signatureSize(), signature.length), EMPTY));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void signDerandomized_passesRndToMlDsa(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        PrivateKey sk = e.generateKeyPair().privateKey();
        if (HEDGED_ONLY.contains(provider)) {
            // Conscrypt 2.9.0 takes no ML-DSA rnd (docs/PROVIDERS.md): arguments are checked, then it refuses.
            assertThrows(InvalidInputException.class, () -> e.engineSignDerandomized(sk, M, CTX, new byte[31]));
            assertThrows(UnsupportedAlgorithmException.class, () -> e.engineSignDerandomized(sk, M, CTX, null));
            return;
        }
        String component = HybridEngines.registry().selection(alg.equals(Algorithm.MLDSA44_ED25519) ? Algorithm.ML_DSA_44
                : Algorithm.ML_DSA_65).selected().orElseThrow();
        Assumptions.assumeFalse(HEDGED_ONLY.contains(component), () -> provider + " signs its ML-DSA half with the selected "
                + "ML-DSA engine, " + component + ", which signs hedged only; with -Dqsafe.hwaccel.native=false this runs on jdk-pqc");
        byte[] deterministic = e.engineSignDerandomized(sk, M, CTX, null);
        assertArrayEquals(deterministic, e.engineSignDerandomized(sk, M, CTX, null), "null rnd: deterministic ML-DSA");
        byte[] withRnd = e.engineSignDerandomized(sk, M, CTX, bytes(32, 5));
        assertArrayEquals(withRnd, e.engineSignDerandomized(sk, M, CTX, bytes(32, 5)), "same rnd, same signature");
        assertFalse(Arrays.equals(deterministic, withRnd), "rnd reaches the ML-DSA component");
        int edStart = alg.signatureSize() - 64;
        assertArrayEquals(Arrays.copyOfRange(deterministic, edStart, deterministic.length),
                Arrays.copyOfRange(withRnd, edStart, withRnd.length), "Ed25519 is deterministic");
        assertThrows(InvalidInputException.class, () -> e.engineSignDerandomized(sk, M, CTX, new byte[31]));
        assertThrows(InvalidInputException.class, () -> e.engineSignDerandomized(sk, M, CTX, new byte[33]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void contextTooLong_signInvalidInput_verifyInvalidSignature(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        KeyPair pair = e.generateKeyPair();
        byte[] signature = e.sign(pair.privateKey(), M, EMPTY);
        assertThrows(InvalidInputException.class, () -> e.sign(pair.privateKey(), M, new byte[256]));
        assertThrows(InvalidSignatureException.class, () -> e.verify(pair.publicKey(), M, signature, new byte[256]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void malformedOrForeignKeys_invalidKey(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        for (int length : new int[] {0, 32, 63, 65}) {
            assertThrows(InvalidKeyException.class, () -> e.deriveKeyPair(new byte[length]), "seed of " + length);
        }
        for (int length : new int[] {1, 32, 63, 65}) {
            assertThrows(InvalidKeyException.class, () -> e.sign(PrivateKey.of(alg, new byte[length]), M, EMPTY),
                    "private key of " + length);
        }
        Algorithm other = alg.equals(Algorithm.MLDSA44_ED25519) ? Algorithm.MLDSA65_ED25519 : Algorithm.MLDSA44_ED25519;
        KeyPair foreign = HybridEngines.registry().signature(other).generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> e.sign(foreign.privateKey(), M, EMPTY));
        assertThrows(InvalidKeyException.class, () -> e.verify(foreign.publicKey(), M, new byte[alg.signatureSize()], EMPTY));
        KeyPair pair = e.generateKeyPair();
        byte[] notAPoint = pair.publicKey().encoded();
        // y = 2 is not the y-coordinate of a point of edwards25519 (RFC 8032 section 5.1.3 rejects it).
        Arrays.fill(notAPoint, notAPoint.length - 32, notAPoint.length, (byte) 0);
        notAPoint[notAPoint.length - 32] = 2;
        byte[] signature = e.sign(pair.privateKey(), M, EMPTY);
        assertThrows(InvalidKeyException.class, () -> e.verify(PublicKey.of(alg, notAPoint), M, signature, EMPTY));
        pair.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> e.sign(pair.privateKey(), M, EMPTY));
        assertThrows(InvalidKeyException.class, () -> e.derivePublicKey(pair.privateKey()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void deriveKeyPair_isTheComponentKeyPairs(Algorithm alg, String provider) {
        SignatureSpi e = engine(alg, provider);
        byte[] seed = HybridEngines.random(64);
        KeyPair pair = e.deriveKeyPair(seed);
        Algorithm mlDsa = alg.equals(Algorithm.MLDSA44_ED25519) ? Algorithm.ML_DSA_44 : Algorithm.ML_DSA_65;
        byte[] expected = concat(HybridEngines.registry().signature(mlDsa).deriveKeyPair(Arrays.copyOf(seed, 32)).publicKey().encoded(),
                HybridEngines.registry().signature(Algorithm.ED25519).deriveKeyPair(Arrays.copyOfRange(seed, 32, 64)).publicKey().encoded());
        assertArrayEquals(expected, pair.publicKey().encoded());
        assertArrayEquals(seed, pair.privateKey().rawBytes(SecretAccess.INSECURE));
    }

    private static boolean bcVerify(Algorithm alg, byte[] pk, byte[] message, byte[] signature, byte[] context)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(alg.name(), BC);
        verifier.initVerify(KeyFactory.getInstance(alg.name(), BC).generatePublic(new X509EncodedKeySpec(spki(alg, pk))));
        if (context.length > 0) {
            verifier.setParameter(new ContextParameterSpec(context));
        }
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static byte[] bcSign(Algorithm alg, byte[] sk, byte[] message, byte[] context) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(alg.name(), BC);
        signer.initSign(KeyFactory.getInstance(alg.name(), BC).generatePrivate(new PKCS8EncodedKeySpec(pkcs8(alg, sk))));
        if (context.length > 0) {
            signer.setParameter(new ContextParameterSpec(context));
        }
        signer.update(message);
        return signer.sign();
    }

    /** SubjectPublicKeyInfo with the composite OID, no parameters, and the raw key. */
    private static byte[] spki(Algorithm alg, byte[] pk) {
        return der(new SubjectPublicKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier(alg.oid())), pk));
    }

    /** PKCS#8 OneAsymmetricKey v1 with the composite OID and the raw 64-byte key in the OCTET STRING. */
    private static byte[] pkcs8(Algorithm alg, byte[] sk) {
        return der(new DERSequence(new ASN1Encodable[] {new ASN1Integer(0),
                new AlgorithmIdentifier(new ASN1ObjectIdentifier(alg.oid())), new DEROctetString(sk)}));
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
