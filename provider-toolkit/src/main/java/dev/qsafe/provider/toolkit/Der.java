package dev.qsafe.provider.toolkit;

import dev.qsafe.api.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The fixed DER wrappers around raw keys that the JCA key factories take: an X.509
 * SubjectPublicKeyInfo, and a PKCS#8 PrivateKeyInfo in the three forms the providers need (RFC 8410 and
 * the "expandedKey" choice of the LAMPS ML-KEM/ML-DSA drafts; the ML-DSA seed choice; the raw composite
 * ML-DSA key). Each is written in one array, with no intermediate copies of a secret, which the caller
 * wipes. The only thing read back is an expanded key from the one PKCS#8 form the JDK and ACCP write it
 * in ({@link #expandedKeyOf}). The OID arguments are whole DER OBJECT IDENTIFIERs, tag and length included.
 */
public final class Der {
    /** OID 1.3.101.110, X25519 (RFC 8410). */
    public static final byte[] X25519 = {0x06, 0x03, 0x2b, 0x65, 0x6e};
    /** OID 1.3.101.112, Ed25519 (RFC 8410). */
    public static final byte[] ED25519 = {0x06, 0x03, 0x2b, 0x65, 0x70};

    /** OID 1.3.6.1.5.5.7.6.39, id-MLDSA44-Ed25519-SHA512 (draft-ietf-lamps-pq-composite-sigs). */
    public static final byte[] MLDSA44_ED25519 = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x06, 0x27};
    /** OID 1.3.6.1.5.5.7.6.48, id-MLDSA65-Ed25519-SHA512 (draft-ietf-lamps-pq-composite-sigs). */
    public static final byte[] MLDSA65_ED25519 = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x06, 0x30};

    private static final int NO_WRAPPER = -1;

    private Der() {
    }

    /** The OID of ML-DSA-44, -65 or -87: 2.16.840.1.101.3.4.3.{@code lastArc} (17, 18, 19; FIPS 204, NIST CSOR). */
    public static byte[] mlDsaOid(int lastArc) {
        return nistAlgorithmOid(0x03, lastArc);
    }

    /** The OID of ML-KEM-512, -768 or -1024: 2.16.840.1.101.3.4.4.{@code lastArc} (1, 2, 3; FIPS 203, NIST CSOR). */
    public static byte[] mlKemOid(int lastArc) {
        return nistAlgorithmOid(0x04, lastArc);
    }

    /** {@code SEQUENCE { SEQUENCE { oid }, BIT STRING key }} (no parameters, no unused bits). */
    public static byte[] subjectPublicKeyInfo(byte[] oid, byte[] key) {
        int bits = key.length + 1;
        int algorithm = oid.length;
        int body = headerLength(algorithm) + algorithm + headerLength(bits) + bits;
        byte[] out = new byte[headerLength(body) + body];
        int at = header(out, 0, 0x30, body);
        at = header(out, at, 0x30, algorithm);
        System.arraycopy(oid, 0, out, at, oid.length);
        at = header(out, at + oid.length, 0x03, bits);
        out[at++] = 0; // no unused bits
        System.arraycopy(key, 0, out, at, key.length);
        return out;
    }

    /**
     * {@code SEQUENCE { INTEGER 0, SEQUENCE { oid }, OCTET STRING { OCTET STRING key } }}: RFC 8410's
     * CurvePrivateKey (X25519, Ed25519) and the "expandedKey" choice of ML-KEM and ML-DSA.
     */
    public static byte[] privateKeyInfo(byte[] oid, byte[] key) {
        return privateKeyInfo(oid, 0x04, key);
    }

    /** {@code SEQUENCE { INTEGER 0, SEQUENCE { oid }, OCTET STRING { [0] seed } }}: the ML-DSA seed choice. */
    public static byte[] seedPrivateKeyInfo(byte[] oid, byte[] seed) {
        return privateKeyInfo(oid, 0x80, seed);
    }

    /**
     * {@code SEQUENCE { INTEGER 0, SEQUENCE { oid }, OCTET STRING key }}: composite ML-DSA
     * (draft-ietf-lamps-pq-composite-sigs), whose key is the raw {@code mldsaSeed || tradSK}.
     */
    public static byte[] compositePrivateKeyInfo(byte[] oid, byte[] key) {
        return privateKeyInfo(oid, NO_WRAPPER, key);
    }

    /**
     * The expanded key inside {@code pkcs8} if it is exactly {@link #privateKeyInfo}{@code (oid, key)}
     * for some key of {@code length} bytes, else {@code null} (another encoding, such as the seed-only
     * choice). The caller wipes both arrays.
     */
    public static byte[] expandedKeyOf(byte[] oid, byte[] pkcs8, int length) {
        if (pkcs8 == null || pkcs8.length <= length) {
            return null;
        }
        byte[] key = Arrays.copyOfRange(pkcs8, pkcs8.length - length, pkcs8.length);
        byte[] rebuilt = privateKeyInfo(oid, key);
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

    /**
     * The expanded private key a JCA {@code key} holds in its PKCS#8 encoding ({@link #expandedKeyOf(byte[],
     * byte[], int)}), or {@code null} if the encoding holds another form; the encoding is wiped after use.
     *
     * @throws InvalidKeyException if the key cannot be encoded (a destroyed key)
     */
    public static byte[] expandedKeyOf(java.security.PrivateKey key, dev.qsafe.api.Algorithm algorithm, byte[] oid,
                                       int length) {
        byte[] pkcs8;
        try {
            pkcs8 = key.getEncoded();
        } catch (RuntimeException e) {
            throw Checks.destroyedKey(algorithm, e);
        }
        try {
            return expandedKeyOf(oid, pkcs8, length);
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    private static byte[] nistAlgorithmOid(int arc, int lastArc) {
        return new byte[] {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, (byte) arc, (byte) lastArc};
    }

    /** {@code SEQUENCE { INTEGER 0, SEQUENCE { oid }, OCTET STRING { wrapper key } }}, or without a wrapper. */
    private static byte[] privateKeyInfo(byte[] oid, int wrapperTag, byte[] key) {
        int inner = wrapperTag == NO_WRAPPER ? key.length : headerLength(key.length) + key.length;
        int algorithm = oid.length;
        int body = 3 + headerLength(algorithm) + algorithm + headerLength(inner) + inner;
        byte[] out = new byte[headerLength(body) + body];
        int at = header(out, 0, 0x30, body);
        out[at++] = 0x02; // INTEGER 0: version v1
        out[at++] = 0x01;
        out[at++] = 0x00;
        at = header(out, at, 0x30, algorithm);
        System.arraycopy(oid, 0, out, at, oid.length);
        at = header(out, at + oid.length, 0x04, inner);
        if (wrapperTag != NO_WRAPPER) {
            at = header(out, at, wrapperTag, key.length);
        }
        System.arraycopy(key, 0, out, at, key.length);
        return out;
    }

    private static int headerLength(int n) {
        return n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : 5;
    }

    private static int header(byte[] out, int at, int tag, int n) {
        out[at++] = (byte) tag;
        if (n < 0x80) {
            out[at++] = (byte) n;
        } else if (n < 0x100) {
            out[at++] = (byte) 0x81;
            out[at++] = (byte) n;
        } else if (n < 0x10000) {
            out[at++] = (byte) 0x82;
            out[at++] = (byte) (n >> 8);
            out[at++] = (byte) n;
        } else {
            out[at++] = (byte) 0x83;
            out[at++] = (byte) (n >> 16);
            out[at++] = (byte) (n >> 8);
            out[at++] = (byte) n;
        }
        return at;
    }
}
