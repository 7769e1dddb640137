package dev.qsafe.runtime.format;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.KeyId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The original sender's proof that a re-wrapped envelope keeps (docs/FORMAT.md, "Re-wrapped envelopes"):
 * the header of the envelope the sender sealed, the signature algorithm and key id it names, and the
 * signature, exactly as they were; with the message, they are the original signed bytes, so the signature
 * can be verified again without the key the envelope was sealed to.
 *
 * <p>Carried at the end of the new envelope's payload: {@code message || proof || proof_len (4)}.
 *
 * @param version   the original envelope's version (1 or 2), which says what its signature covers
 * @param header    the original header (version 1: bytes {@code 0 .. 29+enc_len-1}; version 2: {@code 0 .. 30+enc_len-1})
 * @param sigName   the sender's signature algorithm's standard name, ASCII
 * @param sender    the key id of the sender's signature key
 * @param signature the sender's signature
 */
public record KeptProof(int version, byte[] header, byte[] sigName, KeyId sender, byte[] signature) {
    /** {@code "qsrp"}: the proof's magic bytes. */
    private static final byte[] MAGIC = {'q', 's', 'r', 'p'};
    private static final int FORMAT = 1;
    private static final int MAX_HEADER = StreamFormat.FIXED_HEADER + 16 * 1024;
    /** The largest proof with its length field: what an opener holds back at the end of the payload. */
    public static final int MAX_BYTES = MAGIC.length + 1 + 1 + 2 + MAX_HEADER + 1 + EnvelopeFormat.MAX_SIG_ALG + KeyId.LENGTH
            + 2 + 0xFFFF + 4;

    /** The bytes appended to the message: the proof, then its length. */
    public byte[] encode() {
        int body = MAGIC.length + 1 + 1 + 2 + header.length + 1 + sigName.length + KeyId.LENGTH + 2 + signature.length;
        ByteBuffer out = ByteBuffer.allocate(body + 4).put(MAGIC).put((byte) FORMAT).put((byte) version)
                .putShort((short) header.length).put(header).put((byte) sigName.length).put(sigName);
        sender.writeTo(out).putShort((short) signature.length).put(signature).putInt(body);
        return out.array();
    }

    /** The number of bytes {@link #encode()} writes. */
    public int encodedLength() {
        return MAGIC.length + 1 + 1 + 2 + header.length + 1 + sigName.length + KeyId.LENGTH + 2 + signature.length + 4;
    }

    /**
     * The proof at the end of {@code payload[0, length)} (the message is {@code payload[0, length - encodedLength())}),
     * checked.
     *
     * @throws InvalidInputException if the payload does not end with a well-formed proof
     */
    public static KeptProof fromEnd(byte[] payload, int length) {
        if (length < 4) {
            throw malformed("the payload is shorter than a proof");
        }
        long body = ByteBuffer.wrap(payload, length - 4, 4).getInt() & 0xFFFFFFFFL;
        if (body > length - 4 || body + 4 > MAX_BYTES) {
            throw malformed("its length field is out of range");
        }
        return parse(payload, length - 4 - (int) body, (int) body);
    }

    /** Parses the proof of {@code body} bytes at {@code payload[start ..)}. */
    private static KeptProof parse(byte[] payload, int start, int body) {
        ByteBuffer in = ByteBuffer.wrap(payload, start, body);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!MessageDigest.isEqual(magic, MAGIC)) {
                throw malformed("wrong magic bytes (not a re-wrapped envelope?)");
            }
            int format = in.get() & 0xFF;
            if (format != FORMAT) {
                throw malformed("proof format " + format + " is not supported; this qsafe reads format " + FORMAT);
            }
            int version = in.get() & 0xFF;
            if (version != EnvelopeFormat.VERSION && version != StreamFormat.VERSION) {
                throw malformed("original envelope version " + version + " is not 1 or 2");
            }
            int headerLength = in.getShort() & 0xFFFF;
            if (headerLength > MAX_HEADER) {
                throw malformed("original header of " + headerLength + " bytes");
            }
            byte[] header = new byte[headerLength];
            in.get(header);
            checkHeader(version, header);
            int nameLength = in.get() & 0xFF;
            if (nameLength == 0 || nameLength > EnvelopeFormat.MAX_SIG_ALG) {
                throw malformed("signature algorithm name of " + nameLength + " bytes");
            }
            byte[] name = new byte[nameLength];
            in.get(name);
            byte[] id = new byte[KeyId.LENGTH];
            in.get(id);
            int sigLength = in.getShort() & 0xFFFF;
            byte[] signature = new byte[sigLength];
            in.get(signature);
            if (in.hasRemaining() || sigLength == 0) {
                throw malformed(sigLength == 0 ? "empty signature" : "bytes after the signature");
            }
            return new KeptProof(version, header, name, KeyId.of(id, 0, KeyId.LENGTH), signature);
        } catch (java.nio.BufferUnderflowException e) {
            throw malformed("truncated");
        }
    }

    /** The original header's magic, version and length agree with its {@code enc_len}. */
    private static void checkHeader(int version, byte[] header) {
        int encLengthAt = version == EnvelopeFormat.VERSION ? EnvelopeFormat.KEY_ID_OFFSET + KeyId.LENGTH
                : StreamFormat.CHUNK_LOG2_OFFSET + 1;
        if (header.length < encLengthAt + 2 || !MessageDigest.isEqual(Arrays.copyOf(header, EnvelopeFormat.MAGIC.length),
                EnvelopeFormat.MAGIC) || header[EnvelopeFormat.MAGIC.length] != version) {
            throw malformed("the original header is not a version " + version + " envelope header");
        }
        int encLength = ((header[encLengthAt] & 0xFF) << 8) | (header[encLengthAt + 1] & 0xFF);
        if (header.length != encLengthAt + 2 + encLength) {
            throw malformed("the original header's length does not match its enc_len");
        }
    }

    /** The key id of the key the original envelope was sealed to, as 32 lower-case hex digits. */
    public String originalRecipientKeyId() {
        return HexFormat.of().formatHex(header, EnvelopeFormat.KEY_ID_OFFSET, EnvelopeFormat.KEY_ID_OFFSET + KeyId.LENGTH);
    }

    /** The signature algorithm's name. */
    public String signatureAlgorithm() {
        return new String(sigName, StandardCharsets.US_ASCII);
    }

    private static InvalidInputException malformed(String why) {
        return new InvalidInputException("malformed kept proof of the original sender: " + why);
    }
}
