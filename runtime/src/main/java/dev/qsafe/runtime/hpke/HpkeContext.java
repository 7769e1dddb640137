package dev.qsafe.runtime.hpke;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encryption context of RFC 9180 section 5.2 that a key schedule (section 5.1) produces: the AEAD
 * key, the base nonce, the exporter secret and the sequence number, with the labeled KDF functions of
 * section 4 that derive them.
 *
 * <p>One context serves one role (sender or recipient). The sequence number moves on only after a
 * successful seal or open, so a message that fails to open can be retried and messages must be opened
 * in the order they were sealed. Methods are synchronized so that no two messages ever use the same
 * nonce, even if a caller shares a context between threads against the advice of {@link Hpke}.
 */
final class HpkeContext {
    /** RFC 9180 mode_base. */
    static final byte MODE_BASE = 0x00;

    private static final byte[] HPKE_V1 = ascii("HPKE-v1");
    private static final byte[] PSK_ID_HASH = ascii("psk_id_hash");
    private static final byte[] INFO_HASH = ascii("info_hash");
    private static final byte[] SECRET = ascii("secret");
    private static final byte[] KEY = ascii("key");
    private static final byte[] BASE_NONCE = ascii("base_nonce");
    private static final byte[] EXP = ascii("exp");
    private static final byte[] SEC = ascii("sec");
    private static final byte[] EMPTY = new byte[0];

    private final Kdf kdf;
    private final AeadSpi aead;
    private final byte[] suiteId;
    private final SecretBytes key;
    private final byte[] baseNonce;
    private final SecretBytes exporterSecret;
    private final long messageLimit;
    private long sequence;
    private boolean destroyed;

    private HpkeContext(Kdf kdf, AeadSpi aead, byte[] suiteId, SecretBytes key, byte[] baseNonce,
                        SecretBytes exporterSecret, long messageLimit) {
        this.kdf = kdf;
        this.aead = aead;
        this.suiteId = suiteId;
        this.key = key;
        this.baseNonce = baseNonce;
        this.exporterSecret = exporterSecret;
        this.messageLimit = messageLimit;
    }

    /**
     * {@code KeySchedule(mode_base, shared_secret, info, default_psk, default_psk_id)} of RFC 9180
     * section 5.1. The intermediate {@code secret} is wiped; {@code sharedSecret} is left to the caller.
     *
     * @param kdf          the two-stage KDF of the suite
     * @param aead         the AEAD of the suite
     * @param suiteId      {@code "HPKE" || kem_id || kdf_id || aead_id}
     * @param sharedSecret the KEM's shared secret
     * @param info         the application's info, already bounded by the caller
     */
    static HpkeContext keySchedule(Kdf kdf, AeadSpi aead, byte[] suiteId, SecretBytes sharedSecret, byte[] info) {
        return keySchedule(kdf, aead, suiteId, pskIdHash(kdf, suiteId), sharedSecret, info);
    }

    /**
     * {@code psk_id_hash = LabeledExtract("", "psk_id_hash", psk_id)} with base mode's {@code psk_id}, the
     * empty string: a constant of the suite, which {@link Hpke} computes once.
     */
    static byte[] pskIdHash(Kdf kdf, byte[] suiteId) {
        return labeledExtract(kdf, suiteId, EMPTY, PSK_ID_HASH, EMPTY);
    }

    /**
     * {@link #keySchedule(Kdf, AeadSpi, byte[], SecretBytes, byte[])} with the suite's {@code psk_id_hash}
     * already computed ({@link #pskIdHash}); it is read, not kept.
     */
    static HpkeContext keySchedule(Kdf kdf, AeadSpi aead, byte[] suiteId, byte[] pskIdHash, SecretBytes sharedSecret, byte[] info) {
        int nk = aead.algorithm().keySize();
        int nn = aead.algorithm().nonceSize();
        int nh = kdf.algorithm().keySize();
        byte[] infoHash = labeledExtract(kdf, suiteId, EMPTY, INFO_HASH, info);
        // key_schedule_context = mode || psk_id_hash || info_hash
        byte[] context = new byte[1 + pskIdHash.length + infoHash.length];
        context[0] = MODE_BASE;
        System.arraycopy(pskIdHash, 0, context, 1, pskIdHash.length);
        System.arraycopy(infoHash, 0, context, 1 + pskIdHash.length, infoHash.length);
        byte[] shared = sharedSecret.rawBytes(SecretAccess.INSECURE);
        byte[] secret = null;
        try {
            // psk is default_psk, the empty string, in base mode.
            secret = labeledExtract(kdf, suiteId, shared, SECRET, EMPTY);
            SecretBytes key = SecretBytes.wrap(labeledExpand(kdf, suiteId, secret, KEY, context, nk));
            byte[] baseNonce = labeledExpand(kdf, suiteId, secret, BASE_NONCE, context, nn);
            SecretBytes exporterSecret = SecretBytes.wrap(labeledExpand(kdf, suiteId, secret, EXP, context, nh));
            return new HpkeContext(kdf, aead, suiteId, key, baseNonce, exporterSecret, messageLimit(nn));
        } finally {
            wipe(shared);
            wipe(secret);
        }
    }

    /**
     * How many messages one context may seal or open: RFC 9180 allows {@code 2^(8*Nn) - 1}; a Java
     * {@code long} counts {@code 2^63 - 1} of them, the lower bound for nonces of 8 bytes or more.
     */
    static long messageLimit(int nonceSize) {
        return nonceSize >= Long.BYTES ? Long.MAX_VALUE : (1L << (8 * nonceSize)) - 1;
    }

    /** {@code ContextS.Seal(aad, pt)}: seals with the current nonce, then advances the sequence number. */
    synchronized byte[] seal(byte[] aad, byte[] plaintext) {
        byte[] nonce = nextNonce();
        try {
            byte[] ciphertext = aead.seal(key, nonce, plaintext, aad);
            sequence++;
            return ciphertext;
        } finally {
            wipe(nonce);
        }
    }

    /**
     * {@code ContextR.Open(aad, ct)}: opens with the current nonce and advances the sequence number only
     * if it succeeds.
     *
     * @throws dev.qsafe.api.DecryptionFailedException if the AEAD rejects the ciphertext
     */
    synchronized byte[] open(byte[] aad, byte[] ciphertext) {
        byte[] nonce = nextNonce();
        try {
            byte[] plaintext = aead.open(key, nonce, ciphertext, aad);
            sequence++;
            return plaintext;
        } finally {
            wipe(nonce);
        }
    }

    /**
     * {@code ContextS.Seal(aad, pt)} of {@code plaintext[offset, +length)}, writing {@code ciphertext || tag}
     * to {@code out} from {@code outOffset} (see {@link AeadSpi#sealInto}); returns the bytes written.
     */
    synchronized int sealInto(byte[] aad, byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        byte[] nonce = nextNonce();
        try {
            int n = aead.sealInto(key, nonce, aad, plaintext, offset, length, out, outOffset);
            sequence++;
            return n;
        } finally {
            wipe(nonce);
        }
    }

    /**
     * {@code ContextR.Open(aad, ct)} of {@code ciphertext[offset, +length)}, writing the plaintext to
     * {@code out} from {@code outOffset} (see {@link AeadSpi#openInto}: on failure that range is zero);
     * advances the sequence number only if it succeeds. Returns the plaintext length.
     *
     * @throws dev.qsafe.api.DecryptionFailedException if the AEAD rejects the ciphertext
     */
    synchronized int openInto(byte[] aad, byte[] ciphertext, int offset, int length, byte[] out, int outOffset) {
        byte[] nonce = nextNonce();
        try {
            int n = aead.openInto(key, nonce, aad, ciphertext, offset, length, out, outOffset);
            sequence++;
            return n;
        } finally {
            wipe(nonce);
        }
    }

    /** {@code Context.Export(exporter_context, L)} = {@code LabeledExpand(exporter_secret, "sec", exporter_context, L)}. */
    synchronized byte[] export(byte[] exporterContext, int length) {
        requireLive();
        byte[] prk = exporterSecret.rawBytes(SecretAccess.INSECURE);
        try {
            return labeledExpand(kdf, suiteId, prk, SEC, exporterContext, length);
        } finally {
            wipe(prk);
        }
    }

    /** Wipes the key, the base nonce and the exporter secret; later use fails. */
    synchronized void destroy() {
        key.destroy();
        exporterSecret.destroy();
        wipe(baseNonce);
        destroyed = true;
    }

    synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** {@code ComputeNonce(seq)} = {@code base_nonce XOR I2OSP(seq, Nn)}, refusing a sequence number past the limit. */
    private byte[] nextNonce() {
        requireLive();
        if (sequence >= messageLimit) {
            throw new QSafeException("this HPKE context has reached its limit of " + messageLimit
                    + " messages (RFC 9180 MessageLimitReachedError); set up a new context");
        }
        byte[] nonce = baseNonce.clone();
        long s = sequence;
        for (int i = nonce.length - 1; i >= 0 && s != 0; i--) {
            nonce[i] ^= (byte) s;
            s >>>= 8;
        }
        return nonce;
    }

    private void requireLive() {
        if (destroyed) {
            throw new InvalidKeyException("this HPKE context has been destroyed; set up a new context");
        }
    }

    /** {@code LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm)}. */
    static byte[] labeledExtract(Kdf kdf, byte[] suiteId, byte[] salt, byte[] label, byte[] ikm) {
        byte[] labeledIkm = new byte[Math.addExact(HPKE_V1.length + suiteId.length + label.length, ikm.length)];
        int at = put(labeledIkm, 0, HPKE_V1);
        at = put(labeledIkm, at, suiteId);
        at = put(labeledIkm, at, label);
        put(labeledIkm, at, ikm);
        try {
            return kdf.extract(salt, labeledIkm);
        } finally {
            wipe(labeledIkm);
        }
    }

    /**
     * {@code LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L)}.
     *
     * @throws InvalidInputException if {@code length} does not fit in two bytes (the KDF rejects anything
     *                               over 255 hash lengths)
     */
    static byte[] labeledExpand(Kdf kdf, byte[] suiteId, byte[] prk, byte[] label, byte[] info, int length) {
        if (length < 0 || length > 0xFFFF) {
            throw new InvalidInputException("HPKE output length must be 0..65535 bytes, got " + length);
        }
        byte[] labeledInfo = new byte[Math.addExact(2 + HPKE_V1.length + suiteId.length + label.length, info.length)];
        labeledInfo[0] = (byte) (length >>> 8);
        labeledInfo[1] = (byte) length;
        int at = put(labeledInfo, 2, HPKE_V1);
        at = put(labeledInfo, at, suiteId);
        at = put(labeledInfo, at, label);
        put(labeledInfo, at, info);
        return kdf.expand(prk, labeledInfo, length);
    }

    /** Copies {@code part} into {@code out} at {@code at}; returns the position after it. */
    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
