package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The DER key wrappers against published encodings, and at the lengths of the largest keys. */
class DerTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8410 section 10.3: the example Ed25519 private key. */
    private static final byte[] RFC8410_PRIVATE = Base64.getDecoder().decode(
            "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC");
    /** RFC 8410 section 10.1: the example Ed25519 public key. */
    private static final byte[] RFC8410_PUBLIC = Base64.getDecoder().decode(
            "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");

    @Test
    void curvePrivateKey_isRfc8410sExample() {
        byte[] seed = Arrays.copyOfRange(RFC8410_PRIVATE, RFC8410_PRIVATE.length - 32, RFC8410_PRIVATE.length);
        assertArrayEquals(RFC8410_PRIVATE, Der.privateKeyInfo(Der.ED25519, seed));
    }

    @Test
    void subjectPublicKeyInfo_isRfc8410sExample() {
        byte[] key = Arrays.copyOfRange(RFC8410_PUBLIC, RFC8410_PUBLIC.length - 32, RFC8410_PUBLIC.length);
        assertArrayEquals(RFC8410_PUBLIC, Der.subjectPublicKeyInfo(Der.ED25519, key));
    }

    @Test
    void seedAndCompositeForms_wrapTheKeyAsTheLampsDraftsSay() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        // OCTET STRING { [0] seed } under the ML-DSA-44 OID 2.16.840.1.101.3.4.3.17.
        assertEquals("3034020100300b0609608648016503040311" + "04228020" + HEX.formatHex(seed),
                HEX.formatHex(Der.seedPrivateKeyInfo(Der.mlDsaOid(0x11), seed)));
        // OCTET STRING key, no inner wrapper.
        assertEquals("3031020100300a06082b060105050706270420" + HEX.formatHex(seed),
                HEX.formatHex(Der.compositePrivateKeyInfo(Der.MLDSA44_ED25519, seed)));
    }

    /** ML-DSA-87's expanded key (4,896 bytes) needs two-byte lengths at every level. */
    @Test
    void expandedKey_roundTripsAtTwoByteLengths_andOtherFormsAreNotMistakenForIt() {
        byte[] key = new byte[4896];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 31);
        }
        byte[] oid = Der.mlDsaOid(0x13);
        byte[] pkcs8 = Der.privateKeyInfo(oid, key);
        assertEquals("30821338020100300b060960864801650304031304821324" + "04821320",
                HEX.formatHex(pkcs8, 0, 28));
        assertEquals(28 + key.length, pkcs8.length);
        assertArrayEquals(key, Der.expandedKeyOf(oid, pkcs8, key.length));
        assertNull(Der.expandedKeyOf(Der.mlDsaOid(0x12), pkcs8, key.length), "another OID");
        assertNull(Der.expandedKeyOf(oid, Der.seedPrivateKeyInfo(oid, new byte[32]), key.length), "the seed form");
        assertNull(Der.expandedKeyOf(oid, pkcs8, key.length - 1), "another length");
    }
}
