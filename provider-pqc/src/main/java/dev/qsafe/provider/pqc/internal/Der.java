package dev.qsafe.provider.pqc.internal;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The two DER encodings the JDK engine needs to hand raw keys to the JDK's key factories: an X.509
 * SubjectPublicKeyInfo and a PKCS#8 PrivateKeyInfo with the "expandedKey" choice. The private one is
 * written in one array (no intermediate copies of the secret), which the caller wipes. The JDK
 * encodes its own ML-KEM and ML-DSA private keys in that same form, from which
 * {@link #expandedKeyOf} reads the expanded key back.
 */
final class Der {
    private Der() {
    }

    /** {@code SEQUENCE { SEQUENCE { oid }, BIT STRING key }}. */
    static byte[] subjectPublicKeyInfo(byte[] oid, byte[] key) {
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

    /** {@code SEQUENCE { INTEGER 0, SEQUENCE { oid }, OCTET STRING { OCTET STRING key } }}. */
    static byte[] privateKeyInfo(byte[] oid, byte[] key) {
        int inner = headerLength(key.length) + key.length;
        int algorithm = oid.length;
        int body = 3 + headerLength(algorithm) + algorithm + headerLength(inner) + inner;
        byte[] out = new byte[headerLength(body) + body];
        int at = header(out, 0, 0x30, body);
        out[at++] = 0x02;
        out[at++] = 0x01;
        out[at++] = 0x00;
        at = header(out, at, 0x30, algorithm);
        System.arraycopy(oid, 0, out, at, oid.length);
        at = header(out, at + oid.length, 0x04, inner);
        at = header(out, at, 0x04, key.length);
        System.arraycopy(key, 0, out, at, key.length);
        return out;
    }

    /**
     * The expanded key inside {@code pkcs8} if it is exactly {@link #privateKeyInfo}{@code (oid, key)}
     * for some key of {@code length} bytes, else {@code null} (another encoding, such as the seed-only
     * choice). The caller wipes both arrays.
     */
    static byte[] expandedKeyOf(byte[] oid, byte[] pkcs8, int length) {
        if (pkcs8 == null || pkcs8.length <= length) {
            return null;
        }
        byte[] key = Arrays.copyOfRange(pkcs8, pkcs8.length - length, pkcs8.length);
        byte[] rebuilt = privateKeyInfo(oid, key);
        try {
            if (MessageDigest.isEqual(rebuilt, pkcs8)) {
                return key;
            }
            Arrays.fill(key, (byte) 0);
            return null;
        } finally {
            Arrays.fill(rebuilt, (byte) 0);
        }
    }

    /**
     * The expanded private key the JDK's {@code key} holds in its PKCS#8 encoding ({@link #expandedKeyOf(byte[],
     * byte[], int)}), or {@code null} if the encoding holds another form; the encoding is wiped after use.
     *
     * @throws dev.qsafe.api.InvalidKeyException if the key cannot be encoded (a destroyed key)
     */
    static byte[] expandedKeyOf(java.security.PrivateKey key, String algorithmName, byte[] oid, int length) {
        byte[] pkcs8;
        try {
            pkcs8 = key.getEncoded();
        } catch (RuntimeException e) {
            throw new dev.qsafe.api.InvalidKeyException(algorithmName + " private key cannot be encoded (destroyed?)", e);
        }
        try {
            return expandedKeyOf(oid, pkcs8, length);
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
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
