package dev.qsafe.tests.envelope;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attacker's toolkit for sealed envelopes, written from {@code docs/FORMAT.md} alone and built on
 * the public {@link Hpke} API: take envelopes apart, put them together with swapped parts, and seal an
 * arbitrary signed inner message to a recipient, as anyone who has the recipient's public key can.
 */
final class EnvelopeBytes {
    static final byte[] INFO = "qsafe envelope v1".getBytes(StandardCharsets.US_ASCII);
    static final int KEM_ID_OFFSET = 5;
    static final int AEAD_ID_OFFSET = 9;
    static final int RECIPIENT_KEY_ID_OFFSET = 11;
    static final int KEY_ID_BYTES = 16;
    static final int FIXED_HEADER = 29;

    private EnvelopeBytes() {
    }

    /**
     * The three parts of an envelope.
     *
     * @param header every byte before {@code ct_len}: fixed header and {@code enc} (the HPKE associated data)
     * @param enc    the KEM encapsulation
     * @param ct     the HPKE ciphertext of the signed inner message
     */
    record Parts(byte[] header, byte[] enc, byte[] ct) {
        static Parts of(byte[] envelope) {
            int encLength = ((envelope[FIXED_HEADER - 2] & 0xFF) << 8) | (envelope[FIXED_HEADER - 1] & 0xFF);
            int ctOffset = FIXED_HEADER + encLength + 4;
            return new Parts(Arrays.copyOf(envelope, FIXED_HEADER + encLength),
                    Arrays.copyOfRange(envelope, FIXED_HEADER, FIXED_HEADER + encLength),
                    Arrays.copyOfRange(envelope, ctOffset, envelope.length));
        }

        /** The envelope with this header (which holds {@code enc}) and ciphertext. */
        byte[] assemble() {
            return ByteBuffer.allocate(header.length + 4 + ct.length).put(header).putInt(ct.length).put(ct).array();
        }

        Parts withEnc(byte[] otherEnc) {
            byte[] h = header.clone();
            System.arraycopy(otherEnc, 0, h, FIXED_HEADER, otherEnc.length);
            return new Parts(h, otherEnc.clone(), ct);
        }

        Parts withCiphertext(byte[] otherCt) {
            return new Parts(header, enc, otherCt.clone());
        }

        /** A copy with {@code value} written over the header at {@code offset}. */
        Parts withHeaderBytes(int offset, byte[] value) {
            byte[] h = header.clone();
            System.arraycopy(value, 0, h, offset, value.length);
            return new Parts(h, h.length >= FIXED_HEADER ? Arrays.copyOfRange(h, FIXED_HEADER, h.length) : enc, ct);
        }
    }

    /** An envelope with the two-byte id at {@code offset} (KEM, KDF or AEAD) replaced by {@code id}. */
    static byte[] withId(byte[] envelope, int offset, int id) {
        return Parts.of(envelope).withHeaderBytes(offset, new byte[] {(byte) (id >>> 8), (byte) id}).assemble();
    }

    /** An envelope whose recipient key id names {@code key} instead. */
    static byte[] withRecipientKeyId(byte[] envelope, PublicKey key) {
        return Parts.of(envelope).withHeaderBytes(RECIPIENT_KEY_ID_OFFSET, HexFormat.of().parseHex(key.keyId())).assemble();
    }

    /** Decrypts an envelope's inner message with the recipient's KEM private key, as its legitimate recipient can. */
    static byte[] openInner(CryptoRegistry registry, byte[] envelope, Algorithm kdf, Algorithm aead, PrivateKey recipient) {
        Parts p = Parts.of(envelope);
        Hpke hpke = Hpke.of(registry, recipient.algorithm(), kdf, aead);
        return hpke.setupBaseRecipient(recipient, p.enc(), INFO).open(p.header(), p.ct());
    }

    /** Seals {@code inner} to {@code recipient} in the envelope format, with a fresh encapsulation. */
    static byte[] sealInner(CryptoRegistry registry, PublicKey recipient, Algorithm kdf, Algorithm aead, byte[] inner) {
        return sealSigned(registry, recipient, kdf, aead, header -> inner);
    }

    /**
     * Seals {@code message} to {@code recipient}, signed by {@code signer} but naming {@code claimedSender}'s
     * key id as the sender: an honest envelope when the two are the same key, a forged sender otherwise.
     */
    static byte[] sealClaimingSender(CryptoRegistry registry, PublicKey recipient, Algorithm kdf, Algorithm aead,
                                     KeyPair signer, PublicKey claimedSender, byte[] message) {
        byte[] sigName = signer.algorithm().name().getBytes(StandardCharsets.US_ASCII);
        byte[] claimedKeyId = HexFormat.of().parseHex(claimedSender.keyId());
        return sealSigned(registry, recipient, kdf, aead, header -> {
            byte[] signature = registry.signature(signer.algorithm())
                    .sign(signer.privateKey(), toBeSigned(header, sigName, claimedKeyId, message), new byte[0]);
            return ByteBuffer.allocate(1 + sigName.length + KEY_ID_BYTES + 2 + signature.length + message.length)
                    .put((byte) sigName.length).put(sigName).put(claimedKeyId)
                    .putShort((short) signature.length).put(signature).put(message).array();
        });
    }

    private static byte[] sealSigned(CryptoRegistry registry, PublicKey recipient, Algorithm kdf, Algorithm aead,
                                     java.util.function.Function<byte[], byte[]> innerForHeader) {
        Algorithm kem = recipient.algorithm();
        Hpke.Sender sender = Hpke.of(registry, kem, kdf, aead).setupBaseSender(recipient, INFO);
        byte[] enc = sender.enc();
        byte[] header = ByteBuffer.allocate(FIXED_HEADER + enc.length)
                .put("qsaf".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
                .putShort((short) kem.hpkeId()).putShort((short) kdf.hpkeId()).putShort((short) aead.hpkeId())
                .put(HexFormat.of().parseHex(recipient.keyId()))
                .putShort((short) enc.length).put(enc).array();
        return new Parts(header, enc, sender.seal(header, innerForHeader.apply(header))).assemble();
    }

    private static byte[] toBeSigned(byte[] header, byte[] sigName, byte[] senderKeyId, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(INFO);
        out.write(0);
        out.writeBytes(header);
        out.write(sigName.length);
        out.writeBytes(sigName);
        out.writeBytes(senderKeyId);
        out.writeBytes(message);
        return out.toByteArray();
    }
}
