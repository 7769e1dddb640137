package dev.qsafe.tests.envelope;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An independent reading of envelope version 2 as docs/FORMAT.md writes it (not the runtime's code): the
 * header, the HPKE-exported stream key, and the STREAM chunks and trailer, which version 3 shares (so
 * {@link MultiEnvelopeReference} uses the chunk functions here). The published vectors' test uses it to
 * compute and check every intermediate value.
 */
final class StreamEnvelopeReference {
    static final byte[] INFO = ascii("qsafe envelope v2");
    static final String LABEL = "qsafe envelope v2";
    /** Bytes before {@code enc}: magic, version, three ids, recipient key id, chunk_log2, enc_len. */
    static final int FIXED = 30;
    static final int TAG = 16;

    private StreamEnvelopeReference() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The header of a version 2 envelope; {@code length} is {@code 30 + enc_len}. */
    record Header(int length, Algorithm kem, Algorithm kdf, Algorithm aead, byte[] recipientKeyId, int chunkLog2, byte[] enc) {
        int chunkSize() {
            return 1 << chunkLog2;
        }
    }

    static Header parse(byte[] env) {
        ByteBuffer b = ByteBuffer.wrap(env);
        if (b.getInt() != 0x71736166 || b.get() != 2) {
            throw new AssertionError("not \"qsaf\" version 2");
        }
        Algorithm kem = Algorithm.forHpkeId(AlgorithmKind.KEM, b.getShort() & 0xFFFF).orElseThrow();
        Algorithm kdf = Algorithm.forHpkeId(AlgorithmKind.KDF, b.getShort() & 0xFFFF).orElseThrow();
        Algorithm aead = Algorithm.forHpkeId(AlgorithmKind.AEAD, b.getShort() & 0xFFFF).orElseThrow();
        byte[] keyId = new byte[16];
        b.get(keyId);
        int chunkLog2 = b.get() & 0xFF;
        byte[] enc = new byte[b.getShort() & 0xFFFF];
        b.get(enc);
        return new Header(b.position(), kem, kdf, aead, keyId, chunkLog2, enc);
    }

    /** A key id: the first 16 bytes of SHA-256(algorithm name || 00 || raw public key). */
    static byte[] keyId(Algorithm algorithm, byte[] rawPublicKey) {
        MessageDigest sha256 = digest("SHA-256");
        sha256.update(ascii(algorithm.name()));
        sha256.update((byte) 0);
        return Arrays.copyOf(sha256.digest(rawPublicKey), 16);
    }

    /** {@code key || nonce_prefix} = the HPKE context's {@code Export("qsafe envelope v2 stream" 00 header, Nk + 7)}. */
    static byte[] streamSecret(CryptoRegistry registry, Header h, byte[] env, PrivateKey recipient) {
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        context.writeBytes(ascii("qsafe envelope v2 stream"));
        context.write(0);
        context.write(env, 0, h.length());
        Hpke.Recipient ctx = Hpke.of(registry, h.kem(), h.kdf(), h.aead()).setupBaseRecipient(recipient, h.enc(), INFO);
        try {
            return ctx.export(context.toByteArray(), h.aead().keySize() + 7);
        } finally {
            ctx.destroy();
        }
    }

    /** {@code nonce_i = nonce_prefix (7) || I2OSP(i, 4) || (01 if last else 00)}. */
    static byte[] nonce(byte[] secret, int nk, long i, boolean last) {
        byte[] n = new byte[12];
        System.arraycopy(secret, nk, n, 0, 7);
        n[7] = (byte) (i >>> 24);
        n[8] = (byte) (i >>> 16);
        n[9] = (byte) (i >>> 8);
        n[10] = (byte) i;
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }

    /** The number of chunks after a header of {@code headerLength} bytes: every one {@code C + 16} bytes but the last. */
    static int chunkCount(int envelopeLength, int headerLength, int chunkLog2) {
        int sc = (1 << chunkLog2) + TAG;
        return (envelopeLength - headerLength + sc - 1) / sc;
    }

    /** {@code P = payload || trailer}: every chunk after the header opened. */
    static byte[] decryptChunks(CryptoRegistry registry, Algorithm aeadAlgorithm, int chunkLog2, int headerLength, byte[] env,
                                byte[] secret) {
        AeadSpi aead = registry.aead(aeadAlgorithm);
        int nk = aeadAlgorithm.keySize();
        SecretBytes key = SecretBytes.wrap(Arrays.copyOf(secret, nk));
        int sc = (1 << chunkLog2) + TAG;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        int at = headerLength;
        for (long i = 0; at < env.length; i++) {
            int len = Math.min(sc, env.length - at);
            boolean last = at + len == env.length;
            p.writeBytes(aead.open(key, nonce(secret, nk, i, last), Arrays.copyOfRange(env, at, at + len), new byte[0]));
            at += len;
        }
        return p.toByteArray();
    }

    /** {@code header || chunks of P} under {@code secret}. */
    static byte[] encryptChunks(CryptoRegistry registry, Algorithm aeadAlgorithm, int chunkLog2, byte[] header, byte[] secret,
                                byte[] p) {
        AeadSpi aead = registry.aead(aeadAlgorithm);
        int nk = aeadAlgorithm.keySize();
        SecretBytes key = SecretBytes.wrap(Arrays.copyOf(secret, nk));
        int c = 1 << chunkLog2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (int i = 0, at = 0; at < p.length; i++, at += c) {
            int len = Math.min(c, p.length - at);
            out.writeBytes(aead.seal(key, nonce(secret, nk, i, at + len == p.length), Arrays.copyOfRange(p, at, at + len),
                    new byte[0]));
        }
        return out.toByteArray();
    }

    /**
     * The trailer at the end of {@code P}: {@code sig_alg_len || sig_alg || sender_key_id || sig_len || sig ||
     * trailer_len}; {@code length} counts all of it, {@code trailer_len} included.
     */
    record Trailer(String sigAlg, byte[] senderKeyId, byte[] signature, int length) {
        static Trailer of(byte[] p) {
            int body = ByteBuffer.wrap(p, p.length - 4, 4).getInt();
            ByteBuffer b = ByteBuffer.wrap(p, p.length - 4 - body, body);
            byte[] name = new byte[b.get() & 0xFF];
            b.get(name);
            byte[] id = new byte[16];
            b.get(id);
            byte[] sig = new byte[b.getShort() & 0xFFFF];
            b.get(sig);
            if (b.hasRemaining()) {
                throw new AssertionError("trailer_len does not match its fields");
            }
            return new Trailer(new String(name, StandardCharsets.US_ASCII), id, sig, body + 4);
        }
    }

    /**
     * {@code tbs = label || 00 || header || sig_alg_len || sig_alg || sender_key_id || I2OSP(|payload|, 8) ||
     * SHA-512(payload)}, for version 2 ({@link #LABEL}) and version 3 ({@code "qsafe envelope v3"}).
     */
    static byte[] toBeSigned(String label, byte[] env, int headerLength, Trailer t, byte[] p) {
        int payloadLength = p.length - t.length();
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        tbs.writeBytes(ascii(label));
        tbs.write(0);
        tbs.write(env, 0, headerLength);
        byte[] name = ascii(t.sigAlg());
        tbs.write(name.length);
        tbs.writeBytes(name);
        tbs.writeBytes(t.senderKeyId());
        tbs.writeBytes(ByteBuffer.allocate(8).putLong(payloadLength).array());
        MessageDigest sha512 = digest("SHA-512");
        sha512.update(p, 0, payloadLength);
        tbs.writeBytes(sha512.digest());
        return tbs.toByteArray();
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is required by every Java platform", e);
        }
    }
}
