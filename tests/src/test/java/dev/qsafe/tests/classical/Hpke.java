package dev.qsafe.tests.classical;

import dev.qsafe.api.Kdf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The pieces of RFC 9180 the tests compute themselves, over the HKDF engine under test: the labeled
 * HKDF of section 4, ExtractAndExpand of section 4.1 and the base-mode key schedule of section 5.1.
 */
final class Hpke {
    /** DHKEM(X25519, HKDF-SHA256). */
    static final int KEM_X25519 = 0x0020;
    /** HKDF-SHA256. */
    static final int KDF_HKDF_SHA256 = 0x0001;
    /** mode_base. */
    static final int MODE_BASE = 0;
    private static final byte[] EMPTY = new byte[0];

    private Hpke() {
    }

    /** suite_id of the KEM: "KEM" || I2OSP(kem_id, 2). */
    static byte[] kemSuiteId(int kemId) {
        return concat(ascii("KEM"), i2osp(kemId, 2));
    }

    /** suite_id of HPKE: "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2). */
    static byte[] hpkeSuiteId(int kemId, int kdfId, int aeadId) {
        return concat(ascii("HPKE"), i2osp(kemId, 2), i2osp(kdfId, 2), i2osp(aeadId, 2));
    }

    /** LabeledExtract(salt, label, ikm). */
    static byte[] labeledExtract(Kdf kdf, byte[] suiteId, byte[] salt, String label, byte[] ikm) {
        return kdf.extract(salt, concat(ascii("HPKE-v1"), suiteId, ascii(label), ikm));
    }

    /** LabeledExpand(prk, label, info, L). */
    static byte[] labeledExpand(Kdf kdf, byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
        return kdf.expand(prk, concat(i2osp(length, 2), ascii("HPKE-v1"), suiteId, ascii(label), info), length);
    }

    /** DHKEM's ExtractAndExpand(dh, kem_context) for DHKEM(X25519, HKDF-SHA256). */
    static byte[] extractAndExpand(Kdf kdf, byte[] dh, byte[] kemContext) {
        byte[] suiteId = kemSuiteId(KEM_X25519);
        byte[] eaePrk = labeledExtract(kdf, suiteId, EMPTY, "eae_prk", dh);
        return labeledExpand(kdf, suiteId, eaePrk, "shared_secret", kemContext, 32);
    }

    /** The outputs of the base-mode key schedule. */
    record Context(byte[] key, byte[] baseNonce, byte[] exporterSecret) {
    }

    /** KeySchedule(mode_base, shared_secret, info, psk = "", psk_id = ""). */
    static Context keyScheduleBase(Kdf kdf, byte[] suiteId, byte[] sharedSecret, byte[] info, int nk, int nn, int nh) {
        byte[] pskIdHash = labeledExtract(kdf, suiteId, EMPTY, "psk_id_hash", EMPTY);
        byte[] infoHash = labeledExtract(kdf, suiteId, EMPTY, "info_hash", info);
        byte[] context = concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
        byte[] secret = labeledExtract(kdf, suiteId, sharedSecret, "secret", EMPTY);
        return new Context(
                labeledExpand(kdf, suiteId, secret, "key", context, nk),
                labeledExpand(kdf, suiteId, secret, "base_nonce", context, nn),
                labeledExpand(kdf, suiteId, secret, "exp", context, nh));
    }

    /** ComputeNonce(seq) = base_nonce XOR I2OSP(seq, Nn). */
    static byte[] nonce(byte[] baseNonce, long seq) {
        byte[] n = baseNonce.clone();
        byte[] s = i2osp(seq, n.length);
        for (int i = 0; i < n.length; i++) {
            n[i] ^= s[i];
        }
        return n;
    }

    /** I2OSP(value, length), big-endian. */
    static byte[] i2osp(long value, int length) {
        byte[] out = new byte[length];
        for (int i = length - 1, shift = 0; i >= 0 && shift < 64; i--, shift += 8) {
            out[i] = (byte) (value >>> shift);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
