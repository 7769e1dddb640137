package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.UnsupportedAlgorithmException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sealed-envelope format, version 3 (several recipients, streaming), documented byte by byte in
 * {@code docs/FORMAT.md}: the bytes only (header, recipient entries, the wrap's aad, the stream key's
 * info); {@link MultiEnvelopes} does the cryptography, the chunks and trailer are {@link StreamFormat}'s.
 *
 * <pre>
 * envelope = magic "qsaf" | version 0x03 | kdf_id u16 | aead_id u16 | chunk_log2 u8 | flags u8 | count u16
 *          | entry_0 | ... | entry_{count-1} | chunk_0 | ... | chunk_{n-1}
 * entry_i  = kem_id u16 | key_id [16] (if flags bit 0) | enc_len u16 | enc | wrapped [48]
 * wrapped_i = HPKE SealBase(pkR_i, info = "qsafe envelope v3",
 *                           aad = "qsafe envelope v3 recipient" 0x00 | header[0..12] | i u16 | kem_id | key_id?, dek [32])
 * key | nonce_prefix = HKDF(salt = "", dek, info = "qsafe envelope v3 stream" 0x00 | header, Nk + 7)
 * </pre>
 */
final class MultiFormat {
    /** The format version. */
    static final int VERSION = 3;
    /** The HPKE info of every wrap, and the label that starts the signed bytes. */
    static final byte[] LABEL = "qsafe envelope v3".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECIPIENT_LABEL = "qsafe envelope v3 recipient".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_LABEL = "qsafe envelope v3 stream".getBytes(StandardCharsets.US_ASCII);
    /** The most recipients an envelope may have (checked before anything is allocated). */
    static final int MAX_RECIPIENTS = 1000;
    /** Bytes of the content key. */
    static final int DEK = 32;
    /** Bytes of a wrapped content key: the key and the HPKE AEAD's tag. */
    static final int WRAPPED = DEK + 16;
    /** Flag: the entries carry the recipients' key ids. */
    static final int FLAG_KEY_IDS = 0x01;
    /** The fixed header before the entries (what every wrap's aad starts with). */
    static final int FIXED_HEADER = EnvelopeFormat.MAGIC.length + 1 + 2 + 2 + 1 + 1 + 2;
    private static final int MAX_ENC = 16 * 1024;

    private MultiFormat() {
    }

    /**
     * One recipient entry.
     *
     * @param keyId the recipient's key id, or {@code null} when the envelope hides them
     */
    record Entry(Algorithm kem, KeyId keyId, byte[] enc, byte[] wrapped) {
        int length() {
            return 2 + (keyId == null ? 0 : KeyId.LENGTH) + 2 + enc.length + WRAPPED;
        }
    }

    /** The fixed header: magic, version, suite ids, chunk size, flags, count. */
    static byte[] fixedHeader(Algorithm kdf, Algorithm aead, int chunkLog2, boolean keyIds, int count) {
        if (count < 1 || count > MAX_RECIPIENTS) {
            throw new InvalidInputException("an envelope has 1 to " + MAX_RECIPIENTS + " recipients, not " + count);
        }
        return ByteBuffer.allocate(FIXED_HEADER).put(EnvelopeFormat.MAGIC).put((byte) VERSION)
                .putShort((short) kdf.hpkeId()).putShort((short) aead.hpkeId()).put((byte) chunkLog2)
                .put((byte) (keyIds ? FLAG_KEY_IDS : 0)).putShort((short) count).array();
    }

    /** The additional data of entry {@code index}'s wrap. */
    static byte[] wrapAad(byte[] fixedHeader, int index, Algorithm kem, KeyId keyId) {
        ByteBuffer out = ByteBuffer.allocate(RECIPIENT_LABEL.length + 1 + FIXED_HEADER + 2 + 2
                + (keyId == null ? 0 : KeyId.LENGTH));
        out.put(RECIPIENT_LABEL).put((byte) 0).put(fixedHeader, 0, FIXED_HEADER).putShort((short) index)
                .putShort((short) kem.hpkeId());
        if (keyId != null) {
            keyId.writeTo(out);
        }
        return out.array();
    }

    /** The whole header: the fixed part and the entries. */
    static byte[] header(byte[] fixedHeader, List<Entry> entries) {
        int length = FIXED_HEADER;
        for (Entry e : entries) {
            length += e.length();
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(fixedHeader);
        for (Entry e : entries) {
            out.putShort((short) e.kem().hpkeId());
            if (e.keyId() != null) {
                e.keyId().writeTo(out);
            }
            out.putShort((short) e.enc().length).put(e.enc()).put(e.wrapped());
        }
        return out.array();
    }

    /** The HKDF info of the stream key: {@code "qsafe envelope v3 stream" 0x00 | header}. */
    static byte[] streamInfo(byte[] header) {
        return StreamFormat.labelled(STREAM_LABEL, header);
    }

    /**
     * A parsed header.
     *
     * @param header the header bytes, every entry included
     */
    record Parsed(byte[] header, Algorithm kdf, Algorithm aead, int chunkLog2, boolean keyIds, List<Entry> entries) {
        int chunkSize() {
            return 1 << chunkLog2;
        }

        byte[] fixedHeader() {
            return Arrays.copyOf(header, FIXED_HEADER);
        }
    }

    /**
     * Reads and checks the rest of a version 3 header from {@code in}, whose first 5 bytes (magic and
     * version) were already read into {@code start}. The count is checked before any entry is read, and
     * each entry is allocated only once its bytes arrive.
     *
     * @throws InvalidInputException         if the header is truncated or out of bounds
     * @throws UnsupportedAlgorithmException if an algorithm id is unknown
     */
    static Parsed readHeader(byte[] start, InputStream in) throws IOException {
        byte[] fixed = Arrays.copyOf(start, FIXED_HEADER);
        int need = FIXED_HEADER - start.length;
        if (in.readNBytes(fixed, start.length, need) < need) {
            throw truncated();
        }
        ByteBuffer b = ByteBuffer.wrap(fixed).position(EnvelopeFormat.MAGIC.length + 1);
        Algorithm kdf = EnvelopeFormat.byHpkeId(b.getShort() & 0xFFFF, AlgorithmKind.KDF);
        Algorithm aead = EnvelopeFormat.byHpkeId(b.getShort() & 0xFFFF, AlgorithmKind.AEAD);
        int chunkLog2 = b.get() & 0xFF;
        if (chunkLog2 < StreamFormat.MIN_CHUNK_LOG2 || chunkLog2 > StreamFormat.MAX_CHUNK_LOG2) {
            throw new InvalidInputException("envelope chunk size 2^" + chunkLog2 + " is outside 2^" + StreamFormat.MIN_CHUNK_LOG2
                    + " .. 2^" + StreamFormat.MAX_CHUNK_LOG2);
        }
        int flags = b.get() & 0xFF;
        if ((flags & ~FLAG_KEY_IDS) != 0) {
            throw new InvalidInputException(String.format("envelope has unknown flags 0x%02X", flags));
        }
        boolean keyIds = (flags & FLAG_KEY_IDS) != 0;
        int count = b.getShort() & 0xFFFF;
        if (count < 1 || count > MAX_RECIPIENTS) {
            throw new InvalidInputException("envelope claims " + count + " recipients; an envelope has 1 to " + MAX_RECIPIENTS);
        }
        List<Entry> entries = new ArrayList<>(Math.min(count, 16));
        ByteArrayOutputStream header = new ByteArrayOutputStream(FIXED_HEADER + 128);
        header.write(fixed);
        byte[] small = new byte[2 + KeyId.LENGTH + 2];
        for (int i = 0; i < count; i++) {
            int prefix = 2 + (keyIds ? KeyId.LENGTH : 0) + 2;
            if (in.readNBytes(small, 0, prefix) < prefix) {
                throw truncated();
            }
            Algorithm kem = EnvelopeFormat.byHpkeId(((small[0] & 0xFF) << 8) | (small[1] & 0xFF), AlgorithmKind.KEM);
            KeyId keyId = keyIds ? KeyId.of(small, 2, KeyId.LENGTH) : null;
            int encLen = ((small[prefix - 2] & 0xFF) << 8) | (small[prefix - 1] & 0xFF);
            if (kem.ciphertextSize() > 0 ? encLen != kem.ciphertextSize() : encLen > MAX_ENC) {
                throw new InvalidInputException("envelope recipient " + i + ": encapsulation is " + encLen + " bytes; " + kem
                        + " uses " + kem.ciphertextSize());
            }
            byte[] enc = in.readNBytes(encLen);
            byte[] wrapped = in.readNBytes(WRAPPED);
            if (enc.length < encLen || wrapped.length < WRAPPED) {
                throw truncated();
            }
            header.write(small, 0, prefix);
            header.write(enc);
            header.write(wrapped);
            entries.add(new Entry(kem, keyId, enc, wrapped));
        }
        return new Parsed(header.toByteArray(), kdf, aead, chunkLog2, keyIds, List.copyOf(entries));
    }

    private static InvalidInputException truncated() {
        return new InvalidInputException("envelope is truncated inside its header");
    }
}
