package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.KeyEncodings;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips raw / SubjectPublicKeyInfo / PKCS#8 / PEM for every key algorithm that has an engine,
 * and the fixed parts of each encoding (OID, tags, private key form) checked byte by byte.
 */
class KeyEncodingsTest {
    static List<Algorithm> algorithms() {
        return KeyAlgorithms.withOid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void everyAlgorithmWithAnOid_hasAnEncoding(Algorithm algorithm) {
        assertTrue(KeyEncodings.supports(algorithm), algorithm.toString());
        assertEquals(algorithm, KeyEncodings.algorithmForOid(algorithm.oid()).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void roundTrip_rawSpkiPkcs8Pem_givesTheSameKeysThatStillWork(Algorithm algorithm) {
        KeyPair pair = KeyAlgorithms.generate(algorithm);
        PublicKey pub = pair.publicKey();
        PrivateKey priv = pair.privateKey();

        assertEquals(pub, PublicKey.of(algorithm, pub.encoded()), "raw public");
        assertEquals(priv, PrivateKey.of(algorithm, priv.rawBytes(SecretAccess.INSECURE)), "raw private");

        byte[] spki = KeyEncodings.encodeSpki(pub);
        assertEquals(pub, KeyEncodings.decodeSpki(spki));
        assertEquals(pub, KeyEncodings.decodeSpki(spki, algorithm));
        assertArrayEquals(spki, KeyEncodings.encodeSpki(KeyEncodings.decodeSpki(spki)), "SPKI re-encodes identically");

        byte[] pkcs8 = KeyEncodings.encodePkcs8(priv);
        PrivateKey decoded = KeyEncodings.decodePkcs8(pkcs8);
        assertEquals(priv, decoded);
        assertEquals(priv, KeyEncodings.decodePkcs8(pkcs8, algorithm));
        assertArrayEquals(pkcs8, KeyEncodings.encodePkcs8(decoded), "PKCS#8 re-encodes identically");

        String publicPem = KeyEncodings.encodePem(pub);
        String privatePem = KeyEncodings.encodePem(priv);
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n") && publicPem.endsWith("-----END PUBLIC KEY-----\n"));
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n") && privatePem.endsWith("-----END PRIVATE KEY-----\n"));
        assertTrue(publicPem.lines().allMatch(l -> l.length() <= 64), "PEM lines are at most 64 characters");
        assertEquals(pub, KeyEncodings.decodePublicPem(publicPem));
        assertEquals(priv, KeyEncodings.decodePrivatePem(privatePem));
        assertEquals(pub, KeyEncodings.decodePublicPem(publicPem.replace("\n", "\r\n")), "CRLF line ends");

        // The decoded keys work: same public key, and a full operation with the decoded halves.
        assertEquals(pub, KeyAlgorithms.derivePublic(decoded));
        exercise(KeyEncodings.decodeSpki(spki), KeyEncodings.decodePrivatePem(privatePem));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void spki_hasTheStandardLayout(Algorithm algorithm) {
        // Any bytes of the right length encode: the layout does not depend on the key being valid.
        byte[] raw = new byte[algorithm.publicKeySize()];
        byte[] spki = KeyEncodings.encodeSpki(PublicKey.of(algorithm, raw));
        byte[] oid = oidTlv(algorithm);
        // SEQUENCE { SEQUENCE { OID } BIT STRING { 00 raw } }
        byte[] algId = concat(new byte[] {0x30, (byte) oid.length}, oid);
        byte[] expected = tlv(0x30, concat(algId, tlv(0x03, concat(new byte[] {0}, raw))));
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(spki));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void pkcs8_hasTheStandardLayout(Algorithm algorithm) {
        byte[] raw = new byte[algorithm.privateKeySize()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        byte[] pkcs8 = KeyEncodings.encodePkcs8(PrivateKey.of(algorithm, raw));
        String name = algorithm.name();
        byte[] inner = name.startsWith("ML-KEM") || name.startsWith("ML-DSA") ? tlv(0x80, raw) // seed [0]
                : algorithm.equals(Algorithm.ED25519) || algorithm.equals(Algorithm.DHKEM_X25519) ? tlv(0x04, raw) // CurvePrivateKey
                : raw; // SLH-DSA, X-Wing, composites
        byte[] oid = oidTlv(algorithm);
        byte[] expected = tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, new byte[] {0x30, (byte) oid.length}, oid, tlv(0x04, inner)));
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(pkcs8));
    }

    @Test
    void ed25519_rfc8410Example_decodesAndReencodesIdentically() {
        // RFC 8410 section 10.3 (private key) and the public key of section 10.1.
        String privatePem = """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
                -----END PRIVATE KEY-----
                """;
        String publicPem = """
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
                -----END PUBLIC KEY-----
                """;
        PrivateKey priv = KeyEncodings.decodePrivatePem(privatePem);
        PublicKey pub = KeyEncodings.decodePublicPem(publicPem);
        assertEquals("d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842",
                HexFormat.of().formatHex(priv.rawBytes(SecretAccess.INSECURE)));
        assertEquals(privatePem, KeyEncodings.encodePem(priv));
        assertEquals(publicPem, KeyEncodings.encodePem(pub));
        assertEquals(pub, KeyAlgorithms.REGISTRY.signature(Algorithm.ED25519).derivePublicKey(priv));
    }

    @Test
    void encode_algorithmWithoutKeysOrWithoutOid_failsWithUnsupportedAlgorithm() {
        assertThrows(UnsupportedAlgorithmException.class,
                () -> KeyEncodings.encodeSpki(PublicKey.of(Algorithm.AES_256_GCM, new byte[32])));
        assertThrows(UnsupportedAlgorithmException.class,
                () -> KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.HKDF_SHA256, new byte[32])));
        assertTrue(KeyEncodings.algorithmForOid("1.2.840.113549.1.1.1").isEmpty(), "RSA is not a qsafe algorithm");
    }

    @Test
    void encode_privateKeyOfANonStandardLength_failsWithInvalidKey() {
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.ED25519, new byte[31])));
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.ML_KEM_768, new byte[65])));
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.X_WING, new byte[64])));
        PrivateKey destroyed = PrivateKey.of(Algorithm.ED25519, new byte[32]);
        destroyed.destroy();
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.encodePkcs8(destroyed));
    }

    @Test
    void expandedMlKemAndMlDsaKeys_areWrittenInTheExpandedForm_andReadBack() {
        for (Algorithm a : List.of(Algorithm.ML_KEM_768, Algorithm.ML_DSA_65)) {
            int expandedSize = a.equals(Algorithm.ML_KEM_768) ? 2400 : 4032;
            PrivateKey expanded = PrivateKey.of(a, new byte[expandedSize]);
            byte[] der = KeyEncodings.encodePkcs8(expanded);
            // ... OCTET STRING { OCTET STRING (expanded) }: 04 82 LL LL 04 82 LL LL
            int inner = der.length - expandedSize - 4;
            assertEquals(0x04, der[inner] & 0xFF, a + ": expandedKey is a plain OCTET STRING");
            assertEquals(expanded, KeyEncodings.decodePkcs8(der));
        }
    }

    private static void exercise(PublicKey pub, PrivateKey priv) {
        Algorithm a = pub.algorithm();
        if (a.kind() == AlgorithmKind.KEM) {
            Encapsulation e = KeyAlgorithms.REGISTRY.kem(a).encapsulate(pub);
            SecretBytes secret = KeyAlgorithms.REGISTRY.kem(a).decapsulate(priv, e.ciphertext());
            assertTrue(secret.equalsConstantTime(e.sharedSecret()), a + ": decapsulation with the decoded key");
        } else if (!a.equals(Algorithm.SLH_DSA_SHA2_128S)) { // 128s signs slowly; its keys are checked above
            byte[] message = "encoded keys still sign".getBytes(StandardCharsets.UTF_8);
            byte[] sig = KeyAlgorithms.REGISTRY.signature(a).sign(priv, message, new byte[0]);
            KeyAlgorithms.REGISTRY.signature(a).verify(pub, message, sig, new byte[0]);
        }
    }

    static byte[] oidTlv(Algorithm algorithm) {
        String[] arcs = algorithm.oid().split("\\.");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        long[] values = new long[arcs.length - 1];
        values[0] = Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            values[i - 1] = Long.parseLong(arcs[i]);
        }
        for (long v : values) {
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                body.write((int) ((v >>> (7 * g)) & 0x7F) | (g == 0 ? 0 : 0x80));
            }
        }
        return tlv(0x06, body.toByteArray());
    }

    static byte[] tlv(int tag, byte[] contents) {
        int n = contents.length;
        byte[] header = n < 0x80 ? new byte[] {(byte) tag, (byte) n}
                : n < 0x100 ? new byte[] {(byte) tag, (byte) 0x81, (byte) n}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(header, contents);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
