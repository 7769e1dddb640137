package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.internal.RuntimeCaches;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Policy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Detached signatures, version 1 (see {@code docs/FORMAT.md}):
 * <pre>
 * signature = magic "qsas" | version 0x01 | sig_alg_len u8 | sig_alg (ASCII) | signer_key_id [16] | sig_len u16 | sig
 * sig       = Sign(key, "qsafe signature v1" 0x00 | sig_alg_len | sig_alg | signer_key_id | message), empty context
 * </pre>
 */
public final class SignatureFormat {
    private static final byte[] MAGIC = {'q', 's', 'a', 's'};
    private static final int VERSION = 1;
    private static final byte[] LABEL = "qsafe signature v1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID_BYTES = 16;

    private SignatureFormat() {
    }

    /** Signs {@code message} with {@code signer}. */
    public static byte[] sign(CryptoRegistry registry, KeyPair signer, byte[] message) {
        byte[] name = signer.algorithm().name().getBytes(StandardCharsets.US_ASCII);
        byte[] keyId = HexFormat.of().parseHex(signer.publicKey().keyId());
        byte[] sig = registry.signature(signer.algorithm()).sign(signer.privateKey(), toBeSigned(name, keyId, message), new byte[0]);
        return ByteBuffer.allocate(MAGIC.length + 1 + 1 + name.length + KEY_ID_BYTES + 2 + sig.length)
                .put(MAGIC).put((byte) VERSION).put((byte) name.length).put(name).put(keyId)
                .putShort((short) sig.length).put(sig).array();
    }

    /**
     * Verifies a detached signature by {@code signer} over {@code message}.
     *
     * @throws InvalidInputException     if the bytes are not a well-formed qsafe signature
     * @throws InvalidSignatureException if it was not made by {@code signer} over this message
     */
    public static void verify(CryptoRegistry registry, Policy policy, PublicKey signer, byte[] message, byte[] signature) {
        verify(registry, policy, signer, message, signature, null);
    }

    /** Like {@link #verify(CryptoRegistry, Policy, PublicKey, byte[], byte[])}, skipping a verification of exactly the same bytes that {@code caches} (if not null) recorded as verified. */
    public static void verify(CryptoRegistry registry, Policy policy, PublicKey signer, byte[] message, byte[] signature,
                       RuntimeCaches caches) {
        ByteBuffer in = ByteBuffer.wrap(signature);
        if (in.remaining() < MAGIC.length + 2) {
            throw new InvalidInputException("not a qsafe signature: too short");
        }
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new InvalidInputException("not a qsafe signature (wrong magic bytes)");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new InvalidInputException("unsupported signature version " + version + "; this qsafe reads version " + VERSION);
        }
        int nameLen = in.get() & 0xFF;
        if (nameLen == 0 || in.remaining() < nameLen + KEY_ID_BYTES + 2) {
            throw new InvalidInputException("qsafe signature is truncated");
        }
        byte[] name = new byte[nameLen];
        in.get(name);
        byte[] keyId = new byte[KEY_ID_BYTES];
        in.get(keyId);
        int sigLen = in.getShort() & 0xFFFF;
        if (in.remaining() != sigLen) {
            throw new InvalidInputException(in.remaining() < sigLen ? "qsafe signature is truncated"
                    : "qsafe signature has " + (in.remaining() - sigLen) + " trailing bytes");
        }
        byte[] sig = new byte[sigLen];
        in.get(sig);
        Algorithm alg = signer.algorithm();
        if (!alg.name().equals(new String(name, StandardCharsets.US_ASCII))
                || !HexFormat.of().formatHex(keyId).equals(signer.keyId())) {
            throw new InvalidSignatureException("the signature was made with key " + HexFormat.of().formatHex(keyId)
                    + ", not with the signer's key " + signer.keyId() + " (" + alg + ")");
        }
        policy.check("signature " + alg, List.of(alg));
        byte[] tbs = toBeSigned(name, keyId, message);
        Runnable verify = () -> registry.signature(alg).verify(signer, tbs, sig, new byte[0]);
        if (caches != null) {
            caches.verifyOnce(signer, tbs, sig, new byte[0], verify);
        } else {
            verify.run();
        }
    }

    private static byte[] toBeSigned(byte[] name, byte[] keyId, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(LABEL.length + 2 + name.length + keyId.length + message.length);
        out.writeBytes(LABEL);
        out.write(0);
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(keyId);
        out.writeBytes(message);
        return out.toByteArray();
    }
}
