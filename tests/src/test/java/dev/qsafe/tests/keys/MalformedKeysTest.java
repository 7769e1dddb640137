package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.KeyEncodings;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Malformed SubjectPublicKeyInfo, PKCS#8 and PEM input fails with {@link InvalidKeyException} (or
 * {@link UnsupportedAlgorithmException} for a well-formed key of an unknown algorithm), never with
 * another exception and never after allocating what a hostile length asks for.
 */
class MalformedKeysTest {
    private static final HexFormat HEX = HexFormat.of();
    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING { 00 || 32 bytes } } */
    private static final byte[] ED25519_SPKI = KeyEncodings.encodeSpki(PublicKey.of(Algorithm.ED25519, filled(32)));
    private static final byte[] ED25519_PKCS8 = KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.ED25519, filled(32)));
    private static final byte[] MLKEM_PKCS8 = KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.ML_KEM_768, filled(64)));
    private static final byte[] MLDSA_PKCS8 = KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.ML_DSA_65, filled(32)));
    private static final byte[] COMPOSITE_PKCS8 = KeyEncodings.encodePkcs8(PrivateKey.of(Algorithm.MLDSA65_ED25519, filled(64)));
    private static final byte[] MLKEM_SPKI = KeyEncodings.encodeSpki(PublicKey.of(Algorithm.ML_KEM_768, filled(1184)));

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static void invalidSpki(byte[] der, String why) {
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodeSpki(der), why);
    }

    private static void invalidPkcs8(byte[] der, String why) {
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodePkcs8(der), why);
    }

    @Test
    void validInputs_decode() {
        assertEquals(Algorithm.ED25519, KeyEncodings.decodeSpki(ED25519_SPKI).algorithm());
        assertEquals("302a300506032b6570032100", HEX.formatHex(ED25519_SPKI, 0, 12));
        for (byte[] der : List.of(ED25519_PKCS8, MLKEM_PKCS8, MLDSA_PKCS8, COMPOSITE_PKCS8)) {
            KeyEncodings.decodePkcs8(der);
        }
    }

    @Test
    void truncatedAtEveryLength_failsWithInvalidKey() {
        for (byte[] der : List.of(ED25519_SPKI, MLKEM_SPKI)) {
            for (int n = 0; n < der.length; n++) {
                invalidSpki(Arrays.copyOf(der, n), "SPKI truncated to " + n);
            }
        }
        for (byte[] der : List.of(ED25519_PKCS8, MLKEM_PKCS8, MLDSA_PKCS8, COMPOSITE_PKCS8)) {
            for (int n = 0; n < der.length; n++) {
                invalidPkcs8(Arrays.copyOf(der, n), "PKCS#8 truncated to " + n);
            }
        }
    }

    @Test
    void trailingBytes_failWithInvalidKey() {
        invalidSpki(Arrays.copyOf(ED25519_SPKI, ED25519_SPKI.length + 1), "one zero byte after the SPKI");
        invalidPkcs8(Arrays.copyOf(MLKEM_PKCS8, MLKEM_PKCS8.length + 1), "one zero byte after the PKCS#8");
        // A byte appended inside the outer SEQUENCE (length adjusted): an extra element.
        invalidSpki(hex("302c 300506032b6570 032100" + HEX.formatHex(filled(32)) + "0500"), "NULL after the BIT STRING");
        // Bytes after the CurvePrivateKey inside the privateKey OCTET STRING.
        invalidPkcs8(hex("3030 020100 300506032b6570 0424 0420" + HEX.formatHex(filled(32)) + "0500"), "bytes after CurvePrivateKey");
    }

    @Test
    void wrongTags_failWithInvalidKey() {
        byte[] set = ED25519_SPKI.clone();
        set[0] = 0x31;
        invalidSpki(set, "SET instead of SEQUENCE");
        invalidSpki(hex("302a 300506032b6570 042100" + HEX.formatHex(filled(32))), "OCTET STRING instead of BIT STRING");
        invalidSpki(hex("302a 310506032b6570 032100" + HEX.formatHex(filled(32))), "SET as AlgorithmIdentifier");
        invalidSpki(hex("302a 300504032b6570 032100" + HEX.formatHex(filled(32))), "OCTET STRING as OID");
        invalidPkcs8(hex("302e 020100 300506032b6570 0322 0320" + HEX.formatHex(filled(32))), "BIT STRING as privateKey");
        invalidPkcs8(hex("302e 0a0100 300506032b6570 0422 0420" + HEX.formatHex(filled(32))), "ENUMERATED as version");
        invalidSpki(hex("3f2a 300506032b6570 032100" + HEX.formatHex(filled(32))), "high tag number form");
        // ML-KEM privateKey with a tag that is none of seed [0], expandedKey, both
        invalidPkcs8(hex("3054 020100 300b0609608648016503040402 0442 8140" + HEX.formatHex(filled(64))), "[1] instead of seed [0]");
        invalidPkcs8(hex("3054 020100 300b0609608648016503040402 0442 a040" + HEX.formatHex(filled(64))), "constructed [0]");
    }

    @Test
    void hostileLengths_failWithInvalidKey_beforeAllocating() {
        invalidSpki(hex("3084ffffffff"), "length 2^32-1 in 4 octets");
        invalidSpki(hex("3084ffffffff 300506032b6570"), "length 2^32-1, some bytes");
        invalidSpki(hex("30847fffffff 300506032b6570"), "length 2^31-1");
        invalidSpki(hex("3085ffffffffff"), "length in 5 octets");
        invalidSpki(hex("3088ffffffffffffffff"), "length in 8 octets");
        invalidSpki(hex("30ff"), "127 length octets");
        invalidSpki(hex("3080 300506032b6570 032100" + HEX.formatHex(filled(32)) + "0000"), "indefinite length (BER)");
        invalidSpki(hex("30812a 300506032b6570 032100" + HEX.formatHex(filled(32))), "long form for a short length");
        invalidSpki(hex("3082002a 300506032b6570 032100" + HEX.formatHex(filled(32))), "leading zero length octet");
        invalidSpki(hex("302a 300506032b6570 0384ffffffff00"), "BIT STRING of 2^32-1 bytes");
        invalidPkcs8(hex("3010 020100 300506032b6570 0484ffffff7f"), "privateKey OCTET STRING of 2 GiB");
        invalidSpki(new byte[KeyEncodings.MAX_DER_BYTES + 1], "larger than accepted");
    }

    @Test
    void wrongOrMalformedAlgorithmIdentifier_failsTyped() {
        // RSA: well formed, not a qsafe algorithm
        byte[] rsa = hex("3022 300d06092a864886f70d0101010500 0311 00" + HEX.formatHex(filled(16)));
        assertThrows(UnsupportedAlgorithmException.class, () -> KeyEncodings.decodeSpki(rsa));
        invalidSpki(hex("302c 300706032b65700500 032100" + HEX.formatHex(filled(32))), "NULL parameters present");
        invalidSpki(hex("302b 30060604 2b80 6570 032100" + HEX.formatHex(filled(32))), "arc with leading 0x80");
        invalidSpki(hex("302a 300506032b65f0 032100" + HEX.formatHex(filled(32))), "OID ends inside an arc");
        invalidSpki(hex("3027 30020600 032100" + HEX.formatHex(filled(32))), "empty OID");
        // An Ed25519 SPKI whose OID says X25519 with a wrong key length, and the reverse checks
        invalidSpki(hex("3029 300506032b6570 032000" + HEX.formatHex(filled(31))), "Ed25519 key of 31 bytes");
        invalidSpki(hex("302b 300506032b6570 032200" + HEX.formatHex(filled(33))), "Ed25519 key of 33 bytes");
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodeSpki(ED25519_SPKI, Algorithm.DHKEM_X25519), "expected another algorithm");
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodePkcs8(ED25519_PKCS8, Algorithm.ML_DSA_44), "expected another algorithm");
    }

    @Test
    void wrongLengthsAndFormsInside_failWithInvalidKey() {
        invalidSpki(hex("302a 300506032b6570 032101" + HEX.formatHex(filled(32))), "BIT STRING with 1 unused bit");
        invalidSpki(hex("300b 300506032b6570 0300"), "BIT STRING without unused-bits octet");
        invalidPkcs8(hex("302d 020100 300506032b6570 0421 041f" + HEX.formatHex(filled(31))), "Ed25519 private key of 31 bytes");
        invalidPkcs8(hex("302c 020100 300506032b6570 0420" + HEX.formatHex(filled(32))), "Ed25519 key without the CurvePrivateKey wrapper");
        invalidPkcs8(hex("3053 020100 300b0609608648016503040402 0441 803f" + HEX.formatHex(filled(63))), "ML-KEM seed of 63 bytes");
        invalidPkcs8(hex("3033 020100 300b0609608648016503040312 0421 801f" + HEX.formatHex(filled(31))), "ML-DSA seed of 31 bytes");
        invalidPkcs8(hex("3054 020100 300b0609608648016503040402 0442 0440" + HEX.formatHex(filled(64))), "ML-KEM expandedKey of 64 bytes");
        invalidPkcs8(hex("3058 020100 300b0609608648016503040402 0446 3044 0440" + HEX.formatHex(filled(64)) + "0400"), "both with an empty expandedKey");
        invalidPkcs8(hex("3050 020100 300a06082b06010505070630 043f" + HEX.formatHex(filled(63))), "composite private key of 63 bytes");
        invalidPkcs8(hex("3034 020102 300b0609608648016503040312 0422 8020" + HEX.formatHex(filled(32))), "version 2 (v3)");
        invalidPkcs8(hex("3035 02020000 300b0609608648016503040312 0422 8020" + HEX.formatHex(filled(32))), "non-minimal version");
        invalidPkcs8(hex("3034 0201ff 300b0609608648016503040312 0422 8020" + HEX.formatHex(filled(32))), "negative version");
        invalidPkcs8(hex("3051 020100 300506032b6570 0422 0420" + HEX.formatHex(filled(32)) + " 8121 00" + HEX.formatHex(filled(32))),
                "public key [1] in a v1 key");
        invalidPkcs8(hex("3050 020101 300506032b6570 0422 0420" + HEX.formatHex(filled(32)) + " 8120 00" + HEX.formatHex(filled(31))),
                "v2 public key of the wrong length");
    }

    @Test
    void v2WithAttributesAndPublicKey_decodes() {
        byte[] v2 = hex("3055 020101 300506032b6570 0422 0420" + HEX.formatHex(filled(32))
                + " a002 0500" + " 8121 00" + HEX.formatHex(filled(32)));
        assertEquals(PrivateKey.of(Algorithm.ED25519, filled(32)), KeyEncodings.decodePkcs8(v2));
    }

    @Test
    void badPem_failsWithInvalidKey() {
        String good = KeyEncodings.encodePem(PublicKey.of(Algorithm.ED25519, filled(32)));
        String body = good.lines().toList().get(1);
        List<String> bad = List.of(
                "",
                "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
                good.replace("-----END PUBLIC KEY-----", ""),
                good.replace("END PUBLIC KEY", "END PRIVATE KEY"),
                good.replace("PUBLIC KEY", "RSA PUBLIC KEY"),
                "garbage before\n" + good,
                good + "garbage after\n",
                good.replace(body, body.substring(0, 10) + "*" + body.substring(11)),
                good.replace(body, body.substring(0, 10) + " " + body.substring(11)),
                good.replace(body, body.replace("=", "")),
                good.replace(body, body.substring(0, body.length() - 2) + "F="), // non-zero padding bits
                good.replace(body, body.substring(0, 20) + "\n\n" + body.substring(20)),
                good.replace(body, "Proc-Type: 4,ENCRYPTED\n" + body),
                good.replace(body, body.substring(0, 4)),
                "-----BEGIN PUBLIC KEY-----\n" + "A".repeat(KeyEncodings.MAX_PEM_CHARS) + "\n-----END PUBLIC KEY-----\n");
        for (String pem : bad) {
            assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodePublicPem(pem),
                    () -> "accepted: " + pem.substring(0, Math.min(200, pem.length())));
        }
        String privatePem = KeyEncodings.encodePem(PrivateKey.of(Algorithm.ED25519, filled(32)));
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodePublicPem(privatePem), "private key read as public");
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodePrivatePem(good), "public key read as private");
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.decodePrivatePem(
                privatePem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY")), "encrypted PKCS#8 is not supported");
        // Tolerated: surrounding whitespace and CRLF line ends.
        assertEquals(KeyEncodings.decodePublicPem(good), KeyEncodings.decodePublicPem("\n  " + good.replace("\n", "\r\n") + "\n\n"));
    }

    /**
     * Random mutations (byte flips, insertions, deletions, truncations, length-octet rewrites) of valid
     * encodings: each one either decodes or fails typed.
     */
    @Test
    void randomMutations_decodeOrFailTyped() {
        Random random = new Random(0x9e3779b97f4a7c15L); // fixed seed: failures reproduce
        List<byte[]> seeds = List.of(ED25519_SPKI, MLKEM_SPKI, ED25519_PKCS8, MLKEM_PKCS8, MLDSA_PKCS8, COMPOSITE_PKCS8,
                hex("3055 020101 300506032b6570 0422 0420" + HEX.formatHex(filled(32)) + " a002 0500 8121 00" + HEX.formatHex(filled(32))));
        List<Function<byte[], ?>> decoders = List.of(KeyEncodings::decodeSpki, KeyEncodings::decodePkcs8);
        int decoded = 0;
        int failed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] der = mutate(seeds.get(random.nextInt(seeds.size())), random);
            for (Function<byte[], ?> decoder : decoders) {
                try {
                    decoder.apply(der);
                    decoded++;
                } catch (InvalidKeyException | UnsupportedAlgorithmException e) {
                    failed++;
                } catch (RuntimeException e) {
                    fail("untyped " + e + " for " + HEX.formatHex(der), e);
                }
            }
        }
        assertTrue(failed > 30_000 && decoded > 0, "decoded " + decoded + ", failed " + failed);
    }

    @Test
    void randomPemMutations_decodeOrFailTyped() {
        Random random = new Random(42);
        String pem = KeyEncodings.encodePem(PublicKey.of(Algorithm.ML_DSA_44, filled(1312)));
        String alphabet = "ABZaz09+/=-\n\r :*\u00e9";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder(pem);
            for (int k = 0; k <= random.nextInt(3); k++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Executable decode = () -> KeyEncodings.decodePublicPem(s.toString());
            try {
                decode.execute();
            } catch (QSafeException e) {
                assertTrue(e instanceof InvalidKeyException || e instanceof UnsupportedAlgorithmException, e.toString());
            } catch (Throwable e) {
                fail("untyped " + e + " for " + s, e);
            }
        }
    }

    private static byte[] mutate(byte[] der, Random random) {
        byte[] out = der.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(6)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> out = Arrays.copyOf(out, at);
                case 3 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                case 4 -> out[at] = (byte) (0x80 | random.nextInt(9)); // a plausible long-form length prefix
                default -> {
                    if (out.length > 1) {
                        byte[] shorter = new byte[out.length - 1];
                        System.arraycopy(out, 0, shorter, 0, at);
                        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                        out = shorter;
                    }
                }
            }
            if (out.length == 0) {
                break;
            }
        }
        return out;
    }

    @Test
    void base64OfValidKey_isNotDer() {
        byte[] text = Base64.getEncoder().encode(ED25519_SPKI);
        invalidSpki(text, "base64 text passed as DER");
    }
}
