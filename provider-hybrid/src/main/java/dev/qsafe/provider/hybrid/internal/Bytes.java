package dev.qsafe.provider.hybrid.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Byte-array helpers shared by the hybrid engines: concatenation, hashing with the JDK, wiping. */
final class Bytes {
    private Bytes() {
    }

    /** The concatenation of {@code parts}. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    /**
     * The digest of the concatenation of {@code parts} with a hash every Java platform has since Java 9
     * ({@code SHA-512}, {@code SHA3-256}).
     */
    static byte[] hash(String jcaName, byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every Java platform", e);
        }
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    /** Zeroes each array that is not {@code null}. */
    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
