package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.internal.BufferPool;
import dev.qsafe.runtime.internal.RuntimeCaches;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Policy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The sealed-envelope format, version 1, documented byte by byte in {@code docs/FORMAT.md}.
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
 * allocated; opening fails with one uniform {@link DecryptionFailedException} whatever was wrong in
 * the cryptography.
 */
public final class EnvelopeFormat {
    /** The four magic bytes. */
    static final byte[] MAGIC = {'q', 's', 'a', 'f'};
    /** The format version this code writes and reads. */
    static final int VERSION = 1;
    private static final byte[] LABEL = "qsafe envelope v1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID_BYTES = 16;
    private static final int FIXED_HEADER = MAGIC.length + 1 + 2 + 2 + 2 + KEY_ID_BYTES + 2;
    private static final int MAX_SIG_ALG = 64;
    private static final int MAX_ENC = 16 * 1024;
    private static final int AEAD_TAG = 16;
    /** Largest signed-inner overhead: name, key id, a 64 KiB signature. */
    private static final int MAX_INNER_OVERHEAD = 1 + MAX_SIG_ALG + KEY_ID_BYTES + 2 + 0xFFFF;

    private EnvelopeFormat() {
    }

    /**
     * Seals {@code message} to {@code recipientKem} and signs it with {@code sender}.
     *
     * @throws InvalidInputException if the message is larger than {@code maxMessageBytes}
     */
    public static byte[] seal(CryptoRegistry registry, Algorithm kdf, Algorithm aead, PublicKey recipientKem,
                              KeyPair sender, byte[] message, long maxMessageBytes) {
        return seal(registry, kdf, aead, recipientKem, sender, message, maxMessageBytes, NO_POOL);
    }

    /** Like {@link #seal(CryptoRegistry, Algorithm, Algorithm, PublicKey, KeyPair, byte[], long)}, with scratch buffers from {@code pool}. */
    public static byte[] seal(CryptoRegistry registry, Algorithm kdf, Algorithm aead, PublicKey recipientKem,
                       KeyPair sender, byte[] message, long maxMessageBytes, BufferPool pool) {
        if (message.length > maxMessageBytes) {
            throw new InvalidInputException("message is " + message.length + " bytes, more than the maximum of "
                    + maxMessageBytes + " (raise maxMessageBytes in the configuration)");
        }
        Algorithm kem = recipientKem.algorithm();
        Hpke hpke = Hpke.of(registry, kem, kdf, aead);
        Hpke.Sender s = hpke.setupBaseSender(recipientKem, LABEL);
        byte[] enc = s.enc();
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + enc.length);
        header.put(MAGIC).put((byte) VERSION)
                .putShort((short) kem.hpkeId()).putShort((short) kdf.hpkeId()).putShort((short) aead.hpkeId())
                .put(HexFormat.of().parseHex(recipientKem.keyId()))
                .putShort((short) enc.length).put(enc);
        byte[] headerBytes = header.array();

        Algorithm sigAlg = sender.algorithm();
        byte[] sigName = sigAlg.name().getBytes(StandardCharsets.US_ASCII);
        byte[] senderKeyId = HexFormat.of().parseHex(sender.publicKey().keyId());
        byte[] signature;
        try (BufferPool.Lease tbs = toBeSigned(pool, headerBytes, sigName, senderKeyId, message)) {
            signature = registry.signature(sigAlg).sign(sender.privateKey(), tbs.array(), new byte[0]);
        }
        int innerLength = 1 + sigName.length + KEY_ID_BYTES + 2 + signature.length + message.length;
        int ctLength = innerLength + aead.tagSize();
        // The envelope is allocated once at its final size; the AEAD writes the ciphertext straight into it.
        byte[] envelope = new byte[headerBytes.length + 4 + ctLength];
        ByteBuffer.wrap(envelope).put(headerBytes).putInt(ctLength);
        try (BufferPool.Lease innerLease = pool.acquire(innerLength)) {
            byte[] inner = innerLease.array();
            ByteBuffer.wrap(inner).put((byte) sigName.length).put(sigName).put(senderKeyId)
                    .putShort((short) signature.length).put(signature).put(message);
            s.sealInto(headerBytes, inner, 0, innerLength, envelope, headerBytes.length + 4); // the lease zeroes inner
        } finally {
            s.destroy();
        }
        return envelope;
    }

    /**
     * Reads and checks the header without opening anything.
     *
     * @throws InvalidInputException         if the bytes are not a well-formed envelope (truncated,
     *                                       trailing bytes, unknown version, lengths out of bounds)
     * @throws UnsupportedAlgorithmException if an algorithm id is unknown
     */
    public static EnvelopeHeader readHeader(byte[] envelope, long maxMessageBytes) {
        return parse(envelope, maxMessageBytes).header;
    }

    /**
     * Opens an envelope: checks the header, the policy, that it was sealed to {@code recipient}, decrypts,
     * and verifies the signature of {@code expectedSender}.
     *
     * @throws DecryptionFailedException    uniformly, for any cryptographic failure (wrong key, modified
     *                                      bytes, signature by someone else)
     * @throws dev.qsafe.api.PolicyViolationException if the suite is not allowed
     * @throws InvalidKeyException          if the envelope was sealed to another key, or the recipient's key was destroyed
     */
    public static byte[] open(CryptoRegistry registry, Policy policy, byte[] envelope, KeyPair recipient,
                              PublicKey expectedSender, long maxMessageBytes) {
        return open(registry, policy, envelope, recipient, expectedSender, maxMessageBytes, null, NO_POOL);
    }

    /**
     * Like {@link #open(CryptoRegistry, Policy, byte[], KeyPair, PublicKey, long)}, with caches (or
     * {@code null}: the verified-signature cache skips a verification of exactly the same bytes, the HPKE
     * secret cache a decapsulation of the same enc under the same key object) and scratch buffers from
     * {@code pool}.
     */
    public static byte[] open(CryptoRegistry registry, Policy policy, byte[] envelope, KeyPair recipient,
                       PublicKey expectedSender, long maxMessageBytes, RuntimeCaches caches, BufferPool pool) {
        Parsed p = parse(envelope, maxMessageBytes);
        EnvelopeHeader h = p.header;
        policy.check("envelope suite " + h.kem() + "/" + h.kdf() + "/" + h.aead(), List.of(h.kem(), h.kdf(), h.aead()));
        if (!h.recipientKeyId().equals(recipient.publicKey().keyId()) || !h.kem().equals(recipient.algorithm())) {
            throw new InvalidKeyException("the envelope was sealed to key " + h.recipientKeyId() + " (" + h.kem()
                    + "), not to this identity's key " + recipient.publicKey().keyId() + " (" + recipient.algorithm() + ")");
        }
        if (recipient.privateKey().isDestroyed()) {
            // The caller's own state, not something an attacker controls: say so instead of "decryption failed".
            throw new InvalidKeyException("this identity's " + recipient.algorithm() + " private key has been destroyed"
                    + " and cannot open envelopes");
        }
        byte[] headerBytes = Arrays.copyOfRange(envelope, 0, p.ctOffset - 4);
        byte[] enc = Arrays.copyOfRange(envelope, FIXED_HEADER, FIXED_HEADER + h.encLength());
        Hpke hpke = Hpke.of(registry, h.kem(), h.kdf(), h.aead());
        int ctLength = envelope.length - p.ctOffset;
        if (ctLength < h.aead().tagSize()) {
            throw new DecryptionFailedException();
        }
        // The AEAD reads the ciphertext where it lies in the envelope and decrypts into a scratch buffer
        // of the pool, zeroed when it goes back; only the message itself is copied out to the caller.
        try (BufferPool.Lease innerLease = pool.acquire(ctLength - h.aead().tagSize())) {
            byte[] inner = innerLease.array();
            try {
                Hpke.Recipient r = hpke.setupBaseRecipient(recipient.privateKey(), enc, LABEL, caches);
                try {
                    r.openInto(headerBytes, envelope, p.ctOffset, ctLength, inner, 0);
                } finally {
                    r.destroy();
                }
            } catch (DecryptionFailedException e) {
                throw e;
            } catch (InvalidInputException | InvalidKeyException e) {
                throw new DecryptionFailedException(); // e.g. an encapsulation the KEM rejects: same as any other failure
            }
            return verifyInner(registry, policy, headerBytes, inner, expectedSender, caches, pool);
        }
    }

    private static byte[] verifyInner(CryptoRegistry registry, Policy policy, byte[] headerBytes, byte[] inner,
                                      PublicKey expectedSender, RuntimeCaches caches, BufferPool pool) {
        ByteBuffer in = ByteBuffer.wrap(inner);
        if (in.remaining() < 1) {
            throw new DecryptionFailedException();
        }
        int nameLen = in.get() & 0xFF;
        if (nameLen == 0 || nameLen > MAX_SIG_ALG || in.remaining() < nameLen + KEY_ID_BYTES + 2) {
            throw new DecryptionFailedException();
        }
        byte[] sigName = new byte[nameLen];
        in.get(sigName);
        byte[] senderKeyId = new byte[KEY_ID_BYTES];
        in.get(senderKeyId);
        int sigLen = in.getShort() & 0xFFFF;
        if (in.remaining() < sigLen) {
            throw new DecryptionFailedException();
        }
        byte[] signature = new byte[sigLen];
        in.get(signature);
        byte[] message = new byte[in.remaining()];
        in.get(message);
        String name = new String(sigName, StandardCharsets.US_ASCII);
        Algorithm sigAlg = expectedSender.algorithm();
        if (!sigAlg.name().equals(name)
                || !HexFormat.of().formatHex(senderKeyId).equals(expectedSender.keyId())) {
            throw new DecryptionFailedException(); // signed by someone other than the expected sender
        }
        policy.check("sender signature " + sigAlg, List.of(sigAlg));
        try (BufferPool.Lease tbs = toBeSigned(pool, headerBytes, sigName, senderKeyId, message)) {
            Runnable verify = () -> registry.signature(sigAlg).verify(expectedSender, tbs.array(), signature, new byte[0]);
            if (caches != null) {
                caches.verifyOnce(expectedSender, tbs.array(), signature, new byte[0], verify);
            } else {
                verify.run();
            }
        } catch (InvalidSignatureException | InvalidKeyException | InvalidInputException e) {
            Arrays.fill(message, (byte) 0);
            throw new DecryptionFailedException();
        }
        return message;
    }

    /** The bytes the sender signs, written straight into a buffer of exactly their length. */
    private static BufferPool.Lease toBeSigned(BufferPool pool, byte[] headerBytes, byte[] sigName, byte[] senderKeyId,
                                               byte[] message) {
        BufferPool.Lease lease = pool.acquire(LABEL.length + 1 + headerBytes.length + 1
                + sigName.length + senderKeyId.length + message.length);
        ByteBuffer.wrap(lease.array()).put(LABEL).put((byte) 0).put(headerBytes).put((byte) sigName.length).put(sigName)
                .put(senderKeyId).put(message);
        return lease;
    }

    /** A pool that reuses nothing: plain allocation, for callers without a facade. */
    static final BufferPool NO_POOL = new BufferPool(false, 0, 0);

    private record Parsed(EnvelopeHeader header, int ctOffset) {
    }

    private static Parsed parse(byte[] envelope, long maxMessageBytes) {
        long maxTotal = FIXED_HEADER + MAX_ENC + 4 + maxMessageBytes + MAX_INNER_OVERHEAD + AEAD_TAG;
        if (envelope.length < FIXED_HEADER) {
            throw new InvalidInputException("not a qsafe envelope: " + envelope.length + " bytes is shorter than the "
                    + FIXED_HEADER + "-byte header (truncated?)");
        }
        if (envelope.length > maxTotal) {
            throw new InvalidInputException("envelope is " + envelope.length + " bytes, more than a message of maxMessageBytes "
                    + maxMessageBytes + " can produce");
        }
        ByteBuffer in = ByteBuffer.wrap(envelope);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new InvalidInputException("not a qsafe envelope (wrong magic bytes)");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new InvalidInputException("unsupported envelope version " + version + "; this qsafe reads version " + VERSION);
        }
        Algorithm kem = byHpkeId(in.getShort() & 0xFFFF, AlgorithmKind.KEM);
        Algorithm kdf = byHpkeId(in.getShort() & 0xFFFF, AlgorithmKind.KDF);
        Algorithm aead = byHpkeId(in.getShort() & 0xFFFF, AlgorithmKind.AEAD);
        byte[] keyId = new byte[KEY_ID_BYTES];
        in.get(keyId);
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
        EnvelopeHeader h = new EnvelopeHeader(version, kem, kdf, aead, HexFormat.of().formatHex(keyId), encLen, (int) ctLen);
        return new Parsed(h, in.position());
    }

    private static Algorithm byHpkeId(int id, AlgorithmKind kind) {
        for (Algorithm a : Algorithm.wellKnown()) {
            if (a.kind() == kind && a.hpkeId() == id) {
                return a;
            }
        }
        throw new UnsupportedAlgorithmException(String.format("envelope names an unknown %s id 0x%04X", kind, id));
    }
}
