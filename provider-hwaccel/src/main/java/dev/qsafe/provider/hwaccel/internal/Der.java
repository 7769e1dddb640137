package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Checks;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The fixed DER wrappers (PKCS#8 OneAsymmetricKey, X.509 SubjectPublicKeyInfo) around raw keys that
 * the engines' key factories take. Only the forms of RFC 8410 (X25519, Ed25519), of the LAMPS ML-DSA
 * drafts (seed private key) and of the composite ML-DSA draft are built; the only thing read back is
 * an expanded ML-DSA key from the one PKCS#8 form ACCP writes it in ({@link #expandedKeyOf}).
 */
final class Der {
    /** OID 1.3.101.110, X25519. */
    static final byte[] X25519 = {0x06, 0x03, 0x2b, 0x65, 0x6e};
    /** OID 1.3.101.112, Ed25519. */
    static final byte[] ED25519 = {0x06, 0x03, 0x2b, 0x65, 0x70};

    /** OID 1.3.6.1.5.5.7.6.39, id-MLDSA44-Ed25519-SHA512 (draft-ietf-lamps-pq-composite-sigs). */
    static final byte[] MLDSA44_ED25519 = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x06, 0x27};
    /** OID 1.3.6.1.5.5.7.6.48, id-MLDSA65-Ed25519-SHA512 (draft-ietf-lamps-pq-composite-sigs). */
    static final byte[] MLDSA65_ED25519 = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x06, 0x30};

    private Der() {
    }

    /** The OID of ML-DSA-44, -65 or -87 (2.16.840.1.101.3.4.3.17, .18, .19). */
    static byte[] mlDsaOid(int lastArc) {
        return new byte[] {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, (byte) lastArc};
    }

    /** RFC 8410 PrivateKeyInfo: version 0, algorithm, OCTET STRING { OCTET STRING key }. */
    static byte[] curvePrivateKey(byte[] oid, byte[] key) {
        return sequence(integerZero(), sequence(oid), tlv(0x04, tlv(0x04, key)));
    }

    /** ML-DSA PrivateKeyInfo with the seed choice: version 0, algorithm, OCTET STRING { [0] seed }. */
    static byte[] mlDsaSeedPrivateKey(byte[] oid, byte[] seed) {
        return sequence(integerZero(), sequence(oid), tlv(0x04, tlv(0x80, seed)));
    }

    /**
     * Composite ML-DSA PrivateKeyInfo (draft-ietf-lamps-pq-composite-sigs): version 0, algorithm,
     * OCTET STRING holding the raw composite key {@code mldsaSeed || tradSK}.
     */
    static byte[] compositePrivateKey(byte[] oid, byte[] key) {
        return sequence(integerZero(), sequence(oid), tlv(0x04, key));
    }

    /**
     * The expanded key inside {@code pkcs8} if it is exactly PrivateKeyInfo version 0, {@code oid},
     * OCTET STRING { OCTET STRING key } for a key of {@code length} bytes (how ACCP's
     * {@code MlDsaUtils.expandPrivateKey} encodes it), else {@code null}. The caller wipes both arrays.
     */
    static byte[] expandedKeyOf(byte[] oid, byte[] pkcs8, int length) {
        if (pkcs8 == null || pkcs8.length <= length) {
            return null;
        }
        byte[] key = Arrays.copyOfRange(pkcs8, pkcs8.length - length, pkcs8.length);
        byte[] rebuilt = curvePrivateKey(oid, key);
        try {
            if (MessageDigest.isEqual(rebuilt, pkcs8)) {
                return key;
            }
            Checks.wipe(key);
            return null;
        } finally {
            Checks.wipe(rebuilt);
        }
    }

    /** SubjectPublicKeyInfo: algorithm (no parameters), BIT STRING with no unused bits. */
    static byte[] publicKey(byte[] oid, byte[] key) {
        return sequence(sequence(oid), tlv(0x03, Checks.concat(new byte[] {0}, key)));
    }

    private static byte[] integerZero() {
        return new byte[] {0x02, 0x01, 0x00};
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, Checks.concat(parts));
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
