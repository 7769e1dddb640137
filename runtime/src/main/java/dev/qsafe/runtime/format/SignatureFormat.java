package dev.qsafe.runtime.format;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.KeyId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Detached signatures, version 1 (see {@code docs/FORMAT.md}): the bytes only; {@link Envelopes} signs
 * and verifies with them.
 * <pre>
 * signature = magic "qsas" | version 0x01 | sig_alg_len u8 | sig_alg (ASCII) | signer_key_id [16] | sig_len u16 | sig
 * sig       = Sign(key, "qsafe signature v1" 0x00 | sig_alg_len | sig_alg | signer_key_id | message), empty context
 * </pre>
 */
final class SignatureFormat {
    private static final byte[] MAGIC = {'q', 's', 'a', 's'};
    private static final int VERSION = 1;
    private static final byte[] LABEL = "qsafe signature v1".getBytes(StandardCharsets.US_ASCII);

    private SignatureFormat() {
    }

    /** The bytes {@code signer} signs for {@code message}. */
    static byte[] toBeSigned(byte[] sigName, KeyId signer, byte[] message) {
        ByteBuffer out = ByteBuffer.allocate(LABEL.length + 2 + sigName.length + KeyId.LENGTH + message.length)
                .put(LABEL).put((byte) 0).put((byte) sigName.length).put(sigName);
        return signer.writeTo(out).put(message).array();
    }

    /** The detached signature of {@code sig} by {@code signer}. */
    static byte[] write(byte[] sigName, KeyId signer, byte[] sig) {
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + 1 + sigName.length + KeyId.LENGTH + 2 + sig.length)
                .put(MAGIC).put((byte) VERSION).put((byte) sigName.length).put(sigName);
        return signer.writeTo(out).putShort((short) sig.length).put(sig).array();
    }

    /**
     * A parsed detached signature: the algorithm name and signer key id where they lie, and the signature.
     *
     * @param bytes      the whole detached signature
     * @param nameLength length of the algorithm name, at offset {@link #NAME_OFFSET}
     * @param signature  the signature proper (a copy)
     */
    record Parsed(byte[] bytes, int nameLength, byte[] signature) {
        static final int NAME_OFFSET = MAGIC.length + 2;

        /** Whether it names this algorithm (by its ASCII name) and this signer key id. */
        boolean names(byte[] sigName, KeyId signer) {
            if (nameLength != sigName.length) {
                return false;
            }
            int diff = 0;
            for (int i = 0; i < nameLength; i++) {
                diff |= bytes[NAME_OFFSET + i] ^ sigName[i];
            }
            return diff == 0 && signer.matches(bytes, NAME_OFFSET + nameLength);
        }

        /** The signer key id it names, as hex (for an error message). */
        String keyIdHex() {
            return HexFormat.of().formatHex(bytes, NAME_OFFSET + nameLength, NAME_OFFSET + nameLength + KeyId.LENGTH);
        }
    }

    /**
     * Reads a detached signature.
     *
     * @throws InvalidInputException if the bytes are not a well-formed qsafe signature
     */
    static Parsed parse(byte[] signature) {
        ByteBuffer in = ByteBuffer.wrap(signature);
        if (in.remaining() < MAGIC.length + 2) {
            throw new InvalidInputException("not a qsafe signature: too short");
        }
        int magicDiff = 0;
        for (int i = 0; i < MAGIC.length; i++) {
            magicDiff |= signature[i] ^ MAGIC[i];
        }
        if (magicDiff != 0) {
            throw new InvalidInputException("not a qsafe signature (wrong magic bytes)");
        }
        in.position(MAGIC.length);
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new InvalidInputException("unsupported signature version " + version + "; this qsafe reads version " + VERSION);
        }
        int nameLen = in.get() & 0xFF;
        if (nameLen == 0 || in.remaining() < nameLen + KeyId.LENGTH + 2) {
            throw new InvalidInputException("qsafe signature is truncated");
        }
        in.position(in.position() + nameLen + KeyId.LENGTH);
        int sigLen = in.getShort() & 0xFFFF;
        if (in.remaining() != sigLen) {
            throw new InvalidInputException(in.remaining() < sigLen ? "qsafe signature is truncated"
                    : "qsafe signature has " + (in.remaining() - sigLen) + " trailing bytes");
        }
        byte[] sig = new byte[sigLen];
        in.get(sig);
        return new Parsed(signature, nameLen, sig);
    }

    /** The signed bytes of a parsed signature over {@code message}: its own name and key id bytes. */
    static byte[] toBeSigned(Parsed p, byte[] message) {
        int header = 1 + p.nameLength() + KeyId.LENGTH; // sig_alg_len | sig_alg | signer_key_id
        return ByteBuffer.allocate(LABEL.length + 1 + header + message.length).put(LABEL).put((byte) 0)
                .put(p.bytes(), MAGIC.length + 1, header).put(message).array();
    }
}
