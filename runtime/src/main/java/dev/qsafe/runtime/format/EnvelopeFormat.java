package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.internal.BufferPool;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The sealed-envelope format, version 1, documented byte by byte in {@code docs/FORMAT.md}: the bytes
 * only (header, inner record, the signed bytes), no keys, engines or policy; {@link Envelopes} does the
 * cryptography with them.
 *
 * <pre>
 * envelope = magic "qsaf" | version 0x01 | kem_id u16 | kdf_id u16 | aead_id u16 | recipient_key_id [16]
 *          | enc_len u16 | enc | ct_len u32 | ct
 * ct       = HPKE base-mode seal(info = "qsafe envelope v1", aad = every header byte before ct_len, inner)
 * inner    = sig_alg_len u8 | sig_alg (ASCII) | sender_key_id [16] | sig_len u16 | sig | message
 * sig      = Sign(sender key, "qsafe envelope v1" 0x00 | header bytes up to and including enc
 *                 | sig_alg_len | sig_alg | sender_key_id | message), with an empty context
 * </pre>
 * Every length is checked against the bytes present and the configured maximum before anything is
 * allocated. Key ids are copied as bytes ({@link KeyId}); nothing is rendered as hex on the way.
 */
final class EnvelopeFormat {
    /** The four magic bytes. */
    static final byte[] MAGIC = {'q', 's', 'a', 'f'};
    /** The format version this code writes and reads. */
    static final int VERSION = 1;
    /** The HPKE info, and the label that starts the signed bytes. */
    static final byte[] LABEL = "qsafe envelope v1".getBytes(StandardCharsets.US_ASCII);
    /** Where the recipient key id starts. */
    static final int KEY_ID_OFFSET = MAGIC.length + 1 + 2 + 2 + 2;
    private static final int FIXED_HEADER = KEY_ID_OFFSET + KeyId.LENGTH + 2;
    /** The longest signature algorithm name in an inner record. */
    static final int MAX_SIG_ALG = 64;
    private static final int MAX_ENC = 16 * 1024;
    private static final int AEAD_TAG = 16;
    /** Largest signed-inner overhead: name, key id, a 64 KiB signature. */
    private static final int MAX_INNER_OVERHEAD = 1 + MAX_SIG_ALG + KeyId.LENGTH + 2 + 0xFFFF;
    /** The HPKE algorithms by kind and id, looked up once (the well-known algorithms are fixed). */
    private static final Map<AlgorithmKind, Map<Integer, Algorithm>> BY_HPKE_ID = byHpkeId();

    private EnvelopeFormat() {
    }

    /** The header up to and including {@code enc} (the HPKE aad, and the start of the signed bytes). */
    static byte[] header(Algorithm kem, Algorithm kdf, Algorithm aead, KeyId recipient, byte[] enc) {
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + enc.length);
        header.put(MAGIC).put((byte) VERSION)
                .putShort((short) kem.hpkeId()).putShort((short) kdf.hpkeId()).putShort((short) aead.hpkeId());
        recipient.writeTo(header).putShort((short) enc.length).put(enc);
        return header.array();
    }

    /** Bytes of the inner record for these lengths. */
    static int innerLength(int sigNameLength, int signatureLength, int messageLength) {
        return 1 + sigNameLength + KeyId.LENGTH + 2 + signatureLength + messageLength;
    }

    /** Writes the inner record at the start of {@code inner}. */
    static void writeInner(byte[] inner, byte[] sigName, KeyId sender, byte[] signature, byte[] message) {
        ByteBuffer out = ByteBuffer.wrap(inner).put((byte) sigName.length).put(sigName);
        sender.writeTo(out).putShort((short) signature.length).put(signature).put(message);
    }

    /** The bytes the sender signs when sealing, written straight into a buffer of exactly their length. */
    static BufferPool.Lease toBeSigned(BufferPool pool, byte[] header, byte[] sigName, KeyId sender, byte[] message) {
        BufferPool.Lease lease = pool.acquire(LABEL.length + 1 + header.length + 1 + sigName.length + KeyId.LENGTH
                + message.length);
        ByteBuffer out = ByteBuffer.wrap(lease.array()).put(LABEL).put((byte) 0).put(header).put((byte) sigName.length)
                .put(sigName);
        sender.writeTo(out).put(message);
        return lease;
    }

    /**
     * The signed bytes of an opened envelope, from the inner record where it lies: {@code inner[0, signer)}
     * is {@code sig_alg_len | sig_alg | sender_key_id}, {@code inner[message, innerLength)} the message.
     */
    static BufferPool.Lease toBeSigned(BufferPool pool, byte[] header, byte[] inner, int signer, int message, int innerLength) {
        int messageLength = innerLength - message;
        BufferPool.Lease lease = pool.acquire(LABEL.length + 1 + header.length + signer + messageLength);
        ByteBuffer.wrap(lease.array()).put(LABEL).put((byte) 0).put(header).put(inner, 0, signer)
                .put(inner, message, messageLength);
        return lease;
    }

    /**
     * Where the parts of an inner record lie, once its lengths are checked; {@code DecryptionFailedException}
     * if they are inconsistent (it was decrypted, so any defect is one more way of not opening).
     */
    record Inner(int nameLength, int signatureOffset, int signatureLength, int messageOffset) {
        /** {@code sig_alg_len | sig_alg | sender_key_id}: the signer's part, and its end. */
        int signerEnd() {
            return 1 + nameLength + KeyId.LENGTH;
        }

        static Inner parse(byte[] inner, int length) {
            if (length < 1) {
                throw new DecryptionFailedException();
            }
            int nameLength = inner[0] & 0xFF;
            if (nameLength == 0 || nameLength > MAX_SIG_ALG || length - 1 < nameLength + KeyId.LENGTH + 2) {
                throw new DecryptionFailedException();
            }
            int at = 1 + nameLength + KeyId.LENGTH;
            int sigLength = ((inner[at] & 0xFF) << 8) | (inner[at + 1] & 0xFF);
            at += 2;
            if (length - at < sigLength) {
                throw new DecryptionFailedException();
            }
            return new Inner(nameLength, at, sigLength, at + sigLength);
        }

        /** Whether the inner record names this signature algorithm (by its ASCII name) and this key id. */
        boolean names(byte[] inner, byte[] sigName, KeyId sender) {
            if (nameLength != sigName.length) {
                return false;
            }
            int diff = 0;
            for (int i = 0; i < nameLength; i++) {
                diff |= inner[1 + i] ^ sigName[i];
            }
            return diff == 0 && sender.matches(inner, 1 + nameLength);
        }
    }

    /**
     * What the header says, checked; the recipient key id stays in the envelope at {@link #KEY_ID_OFFSET}.
     *
     * @param ctOffset where the ciphertext starts (the header the aad covers ends 4 bytes before)
     */
    record Parsed(int version, Algorithm kem, Algorithm kdf, Algorithm aead, int encLength, int ctOffset) {
        /** The bytes before {@code ct_len}: the aad, and the start of the signed bytes. */
        int headerLength() {
            return ctOffset - 4;
        }

        /** The recipient key id. */
        KeyId recipient(byte[] envelope) {
            return KeyId.of(envelope, KEY_ID_OFFSET, KeyId.LENGTH);
        }

        EnvelopeHeader toHeader(byte[] envelope) {
            return new EnvelopeHeader(version, kem, kdf, aead, recipient(envelope).toString(), encLength,
                    envelope.length - ctOffset);
        }
    }

    /**
     * Reads and checks the header without opening anything.
     *
     * @throws InvalidInputException         if the bytes are not a well-formed envelope (truncated,
     *                                       trailing bytes, unknown version, lengths out of bounds)
     * @throws UnsupportedAlgorithmException if an algorithm id is unknown
     */
    static Parsed parse(byte[] envelope, long maxMessageBytes) {
        long maxTotal = FIXED_HEADER + MAX_ENC + 4 + maxMessageBytes + MAX_INNER_OVERHEAD + AEAD_TAG;
        if (envelope.length < FIXED_HEADER) {
            throw new InvalidInputException("not a qsafe envelope: " + envelope.length + " bytes is shorter than the "
                    + FIXED_HEADER + "-byte header (truncated?)");
        }
        if (envelope.length > maxTotal) {
            throw new InvalidInputException("envelope is " + envelope.length + " bytes, more than a message of maxMessageBytes "
                    + maxMessageBytes + " can produce");
        }
        int magicDiff = 0;
        for (int i = 0; i < MAGIC.length; i++) {
            magicDiff |= envelope[i] ^ MAGIC[i];
        }
        if (magicDiff != 0) {
            throw new InvalidInputException("not a qsafe envelope (wrong magic bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(envelope).position(MAGIC.length);
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new InvalidInputException("unsupported envelope version " + version + "; this qsafe reads versions 1 and 2");
        }
        Algorithm kem = byHpkeId(in.getShort() & 0xFFFF, AlgorithmKind.KEM);
        Algorithm kdf = byHpkeId(in.getShort() & 0xFFFF, AlgorithmKind.KDF);
        Algorithm aead = byHpkeId(in.getShort() & 0xFFFF, AlgorithmKind.AEAD);
        in.position(KEY_ID_OFFSET + KeyId.LENGTH);
        int encLen = in.getShort() & 0xFFFF;
        if (kem.ciphertextSize() > 0 && encLen != kem.ciphertextSize()) {
            throw new InvalidInputException("envelope encapsulation is " + encLen + " bytes; " + kem + " uses " + kem.ciphertextSize());
        }
        if (in.remaining() < encLen + 4) {
            throw new InvalidInputException("envelope is truncated inside its header");
        }
        in.position(in.position() + encLen);
        long ctLen = in.getInt() & 0xFFFFFFFFL;
        if (ctLen < AEAD_TAG) {
            throw new InvalidInputException("envelope ciphertext length " + ctLen + " is shorter than the AEAD tag");
        }
        if (ctLen != in.remaining()) {
            throw new InvalidInputException(ctLen > in.remaining()
                    ? "envelope is truncated: " + in.remaining() + " of " + ctLen + " ciphertext bytes present"
                    : "envelope has " + (in.remaining() - ctLen) + " trailing bytes after the ciphertext");
        }
        return new Parsed(version, kem, kdf, aead, encLen, in.position());
    }

    /** Where {@code enc} starts. */
    static int encOffset() {
        return FIXED_HEADER;
    }

    static Algorithm byHpkeId(int id, AlgorithmKind kind) {
        Algorithm a = BY_HPKE_ID.getOrDefault(kind, Map.of()).get(id);
        if (a == null) {
            // An algorithm a provider defined (the registry defines them at discovery).
            a = Algorithm.forHpkeId(kind, id).orElse(null);
        }
        if (a == null) {
            throw new UnsupportedAlgorithmException(String.format("envelope names an unknown %s id 0x%04X", kind, id));
        }
        return a;
    }

    private static Map<AlgorithmKind, Map<Integer, Algorithm>> byHpkeId() {
        Map<AlgorithmKind, Map<Integer, Algorithm>> out = new EnumMap<>(AlgorithmKind.class);
        for (Algorithm a : Algorithm.wellKnown()) {
            if (a.hpkeId() >= 0) {
                out.computeIfAbsent(a.kind(), k -> new HashMap<>()).putIfAbsent(a.hpkeId(), a); // the first, as the old scan found
            }
        }
        return out;
    }
}
