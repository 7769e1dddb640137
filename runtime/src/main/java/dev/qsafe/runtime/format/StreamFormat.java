package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.UnsupportedAlgorithmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sealed-envelope format, version 2 (streaming), documented byte by byte in {@code docs/FORMAT.md}:
 * the bytes only (header, nonces, trailer, the signed bytes); {@link Envelopes} does the cryptography.
 *
 * <pre>
 * envelope = magic "qsaf" | version 0x02 | kem_id u16 | kdf_id u16 | aead_id u16 | recipient_key_id [16]
 *          | chunk_log2 u8 | enc_len u16 | enc | chunk_0 | ... | chunk_{n-1}
 * P        = payload | trailer, cut into chunks of C = 2^chunk_log2 bytes (the last 1..C bytes)
 * chunk_i  = AEAD(key, nonce_prefix [7] | i u32 | last u8, aad = "", P[i*C ..])
 * key | nonce_prefix = HPKE export("qsafe envelope v2 stream" 0x00 | header, Nk + 7)
 * trailer  = sig_alg_len u8 | sig_alg | sender_key_id [16] | sig_len u16 | sig | trailer_len u32
 * sig      = Sign(sender, "qsafe envelope v2" 0x00 | header | sig_alg_len | sig_alg | sender_key_id
 *                 | payload_length u64 | SHA-512(payload))
 * </pre>
 */
final class StreamFormat {
    /** The format version. */
    static final int VERSION = 2;
    /** The HPKE info, and the label that starts the signed bytes. */
    static final byte[] LABEL = "qsafe envelope v2".getBytes(StandardCharsets.US_ASCII);
    /** The start of the exporter context of the stream secret. */
    private static final byte[] EXPORT_LABEL = "qsafe envelope v2 stream".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of the nonce prefix. */
    static final int NONCE_PREFIX = 7;
    /** The AEAD nonce: prefix, 32-bit counter, flag. */
    static final int NONCE = NONCE_PREFIX + 4 + 1;
    /** The AEAD tag of every qsafe AEAD. */
    static final int TAG = 16;
    /** Smallest, largest and default {@code chunk_log2}. */
    static final int MIN_CHUNK_LOG2 = 8;
    static final int MAX_CHUNK_LOG2 = 24;
    static final int DEFAULT_CHUNK_LOG2 = 16;
    /** Where {@code chunk_log2} is; {@code enc_len} follows it. */
    static final int CHUNK_LOG2_OFFSET = EnvelopeFormat.KEY_ID_OFFSET + KeyId.LENGTH;
    /** The header before {@code enc}. */
    static final int FIXED_HEADER = CHUNK_LOG2_OFFSET + 1 + 2;
    /** The longest trailer, with its length field: what an opener holds back. */
    static final int MAX_TRAILER = 1 + EnvelopeFormat.MAX_SIG_ALG + KeyId.LENGTH + 2 + 0xFFFF + 4;
    /** At most 2^32 chunks (the counter is 32 bits). */
    static final long MAX_CHUNKS = 1L << 32;
    private static final int MAX_ENC = 16 * 1024;

    private StreamFormat() {
    }

    /** {@code C} for a chunk size in bytes, checked: a power of two from 256 B to 16 MiB. */
    static int chunkLog2(int chunkSize) {
        if (chunkSize < (1 << MIN_CHUNK_LOG2) || chunkSize > (1 << MAX_CHUNK_LOG2) || Integer.bitCount(chunkSize) != 1) {
            throw new InvalidInputException("chunk size must be a power of two from " + (1 << MIN_CHUNK_LOG2) + " to "
                    + (1 << MAX_CHUNK_LOG2) + " bytes, got " + chunkSize);
        }
        return Integer.numberOfTrailingZeros(chunkSize);
    }

    /** The header up to and including {@code enc}. */
    static byte[] header(Algorithm kem, Algorithm kdf, Algorithm aead, KeyId recipient, int chunkLog2, byte[] enc) {
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + enc.length);
        header.put(EnvelopeFormat.MAGIC).put((byte) VERSION)
                .putShort((short) kem.hpkeId()).putShort((short) kdf.hpkeId()).putShort((short) aead.hpkeId());
        recipient.writeTo(header).put((byte) chunkLog2).putShort((short) enc.length).put(enc);
        return header.array();
    }

    /** The exporter context of the stream secret: {@code "qsafe envelope v2 stream" 0x00 | header}. */
    static byte[] exporterContext(byte[] header) {
        return labelled(EXPORT_LABEL, header);
    }

    /** {@code label 0x00 | bytes}: how the formats separate a label from what it labels. */
    static byte[] labelled(byte[] label, byte[] bytes) {
        byte[] out = new byte[label.length + 1 + bytes.length];
        System.arraycopy(label, 0, out, 0, label.length);
        System.arraycopy(bytes, 0, out, label.length + 1, bytes.length);
        return out;
    }

    /** Writes the nonce of chunk {@code index} into {@code nonce} (12 bytes; the prefix is already there). */
    static void nonce(byte[] nonce, long index, boolean last) {
        nonce[NONCE_PREFIX] = (byte) (index >>> 24);
        nonce[NONCE_PREFIX + 1] = (byte) (index >>> 16);
        nonce[NONCE_PREFIX + 2] = (byte) (index >>> 8);
        nonce[NONCE_PREFIX + 3] = (byte) index;
        nonce[NONCE_PREFIX + 4] = (byte) (last ? 1 : 0);
    }

    /** The trailer: signer, signature, and its own length at the end. */
    static byte[] trailer(byte[] sigName, KeyId sender, byte[] signature) {
        int body = 1 + sigName.length + KeyId.LENGTH + 2 + signature.length;
        ByteBuffer out = ByteBuffer.allocate(body + 4).put((byte) sigName.length).put(sigName);
        sender.writeTo(out).putShort((short) signature.length).put(signature).putInt(body);
        return out.array();
    }

    /** The bytes the sender signs. */
    static byte[] toBeSigned(byte[] header, byte[] sigName, KeyId sender, long payloadLength, byte[] payloadHash) {
        return toBeSigned(LABEL, header, sigName, sender, payloadLength, payloadHash);
    }

    /** The bytes the sender signs, under {@code label} (version 3 signs its own header with its own label). */
    static byte[] toBeSigned(byte[] label, byte[] header, byte[] sigName, KeyId sender, long payloadLength, byte[] payloadHash) {
        ByteBuffer out = ByteBuffer.allocate(label.length + 1 + header.length + 1 + sigName.length + KeyId.LENGTH + 8
                + payloadHash.length);
        out.put(label).put((byte) 0).put(header).put((byte) sigName.length).put(sigName);
        sender.writeTo(out).putLong(payloadLength).put(payloadHash);
        return out.array();
    }

    /**
     * Where the trailer lies in the last {@code held} bytes of {@code P} ({@code p[0, held)}): its start,
     * checked; {@code DecryptionFailedException} if it is inconsistent (only an authentic chunk gets here,
     * so a defect is one more way of not opening).
     */
    static int trailerStart(byte[] p, int held) {
        if (held < 4) {
            throw new DecryptionFailedException();
        }
        long body = ByteBuffer.wrap(p, held - 4, 4).getInt() & 0xFFFFFFFFL;
        if (body < 1 + 1 + KeyId.LENGTH + 2 || body > held - 4 || body + 4 > MAX_TRAILER) {
            throw new DecryptionFailedException();
        }
        int start = held - 4 - (int) body;
        int nameLength = p[start] & 0xFF;
        if (nameLength == 0 || nameLength > EnvelopeFormat.MAX_SIG_ALG || 1 + nameLength + KeyId.LENGTH + 2 > body) {
            throw new DecryptionFailedException();
        }
        int at = start + 1 + nameLength + KeyId.LENGTH;
        int sigLength = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
        if (1 + nameLength + KeyId.LENGTH + 2 + sigLength != body) {
            throw new DecryptionFailedException();
        }
        return start;
    }

    /** Whether the trailer at {@code start} names this signature algorithm and key id (constant time). */
    static boolean names(byte[] p, int start, byte[] sigName, KeyId sender) {
        if ((p[start] & 0xFF) != sigName.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < sigName.length; i++) {
            diff |= p[start + 1 + i] ^ sigName[i];
        }
        return diff == 0 && sender.matches(p, start + 1 + sigName.length);
    }

    /** The signature in the trailer at {@code start}, a copy. */
    static byte[] signature(byte[] p, int start) {
        int nameLength = p[start] & 0xFF;
        int at = start + 1 + nameLength + KeyId.LENGTH;
        int sigLength = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
        return Arrays.copyOfRange(p, at + 2, at + 2 + sigLength);
    }

    /**
     * A parsed header.
     *
     * @param header the header bytes, {@code enc} included
     */
    record Parsed(byte[] header, Algorithm kem, Algorithm kdf, Algorithm aead, int chunkLog2, int encLength) {
        int chunkSize() {
            return 1 << chunkLog2;
        }

        KeyId recipient() {
            return KeyId.of(header, EnvelopeFormat.KEY_ID_OFFSET, KeyId.LENGTH);
        }

        byte[] enc() {
            return Arrays.copyOfRange(header, FIXED_HEADER, FIXED_HEADER + encLength);
        }
    }

    /**
     * Reads and checks the rest of a version 2 header from {@code in}, whose first 5 bytes (magic and
     * version) were already read into {@code start}.
     *
     * @throws InvalidInputException         if the header is truncated or out of bounds
     * @throws UnsupportedAlgorithmException if an algorithm id is unknown
     */
    static Parsed readHeader(byte[] start, InputStream in) throws IOException {
        byte[] fixed = Arrays.copyOf(start, FIXED_HEADER);
        int got = in.readNBytes(fixed, start.length, FIXED_HEADER - start.length);
        if (got < FIXED_HEADER - start.length) {
            throw new InvalidInputException("envelope is truncated inside its header");
        }
        return parse(fixed, in, null);
    }

    /** Parses a version 2 header at the start of {@code envelope} (for {@code inspect}). */
    static Parsed parse(byte[] envelope) {
        if (envelope.length < FIXED_HEADER) {
            throw new InvalidInputException("envelope is truncated inside its header");
        }
        try {
            return parse(Arrays.copyOf(envelope, FIXED_HEADER), null, envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e); // no stream is read
        }
    }

    private static Parsed parse(byte[] fixed, InputStream in, byte[] whole) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(fixed).position(EnvelopeFormat.MAGIC.length + 1);
        Algorithm kem = EnvelopeFormat.byHpkeId(b.getShort() & 0xFFFF, AlgorithmKind.KEM);
        Algorithm kdf = EnvelopeFormat.byHpkeId(b.getShort() & 0xFFFF, AlgorithmKind.KDF);
        Algorithm aead = EnvelopeFormat.byHpkeId(b.getShort() & 0xFFFF, AlgorithmKind.AEAD);
        b.position(CHUNK_LOG2_OFFSET);
        int chunkLog2 = b.get() & 0xFF;
        if (chunkLog2 < MIN_CHUNK_LOG2 || chunkLog2 > MAX_CHUNK_LOG2) {
            throw new InvalidInputException("envelope chunk size 2^" + chunkLog2 + " is outside 2^" + MIN_CHUNK_LOG2
                    + " .. 2^" + MAX_CHUNK_LOG2);
        }
        int encLen = b.getShort() & 0xFFFF;
        if (kem.ciphertextSize() > 0 ? encLen != kem.ciphertextSize() : encLen > MAX_ENC) {
            throw new InvalidInputException("envelope encapsulation is " + encLen + " bytes; " + kem + " uses " + kem.ciphertextSize());
        }
        byte[] header = Arrays.copyOf(fixed, FIXED_HEADER + encLen);
        if (in != null) {
            if (in.readNBytes(header, FIXED_HEADER, encLen) < encLen) {
                throw new InvalidInputException("envelope is truncated inside its header");
            }
        } else {
            if (whole.length < FIXED_HEADER + encLen) {
                throw new InvalidInputException("envelope is truncated inside its header");
            }
            System.arraycopy(whole, FIXED_HEADER, header, FIXED_HEADER, encLen);
        }
        return new Parsed(header, kem, kdf, aead, chunkLog2, encLen);
    }
}
