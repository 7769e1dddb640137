package dev.qsafe.tests.envelope;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent reading of envelope version 3 as docs/FORMAT.md writes it (not the runtime's code):
 * the header, the HPKE unwrap of one entry and the HKDF stream key; the STREAM chunks are version 2's
 * ({@link StreamEnvelopeReference}). The tests use it to check the runtime against the document, to
 * re-encrypt a payload under a changed header (the sender signature must then fail), and to compute the
 * intermediate values the published vectors list.
 */
final class MultiEnvelopeReference {
    static final byte[] INFO = ascii("qsafe envelope v3");
    static final int FIXED = 13;

    private MultiEnvelopeReference() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    record Entry(int offset, Algorithm kem, byte[] keyId, byte[] enc, byte[] wrapped) {
        int length() {
            return 2 + (keyId == null ? 0 : 16) + 2 + enc.length + 48;
        }
    }

    record Header(int length, Algorithm kdf, Algorithm aead, int chunkLog2, boolean keyIds, List<Entry> entries) {
    }

    static Header parse(byte[] env) {
        ByteBuffer b = ByteBuffer.wrap(env);
        b.position(5);
        Algorithm kdf = Algorithm.forHpkeId(AlgorithmKind.KDF, b.getShort() & 0xFFFF).orElseThrow();
        Algorithm aead = Algorithm.forHpkeId(AlgorithmKind.AEAD, b.getShort() & 0xFFFF).orElseThrow();
        int chunkLog2 = b.get() & 0xFF;
        boolean ids = (b.get() & 1) != 0;
        int count = b.getShort() & 0xFFFF;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = b.position();
            Algorithm kem = Algorithm.forHpkeId(AlgorithmKind.KEM, b.getShort() & 0xFFFF).orElseThrow();
            byte[] id = null;
            if (ids) {
                id = new byte[16];
                b.get(id);
            }
            byte[] enc = new byte[b.getShort() & 0xFFFF];
            b.get(enc);
            byte[] wrapped = new byte[48];
            b.get(wrapped);
            entries.add(new Entry(at, kem, id, enc, wrapped));
        }
        return new Header(b.position(), kdf, aead, chunkLog2, ids, entries);
    }

    static byte[] wrapAad(byte[] fixed, int index, Algorithm kem, byte[] keyId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("qsafe envelope v3 recipient"));
        out.write(0);
        out.write(fixed, 0, FIXED);
        out.write(index >>> 8);
        out.write(index);
        out.write(kem.hpkeId() >>> 8);
        out.write(kem.hpkeId());
        if (keyId != null) {
            out.writeBytes(keyId);
        }
        return out.toByteArray();
    }

    /** The content key from entry {@code index} with {@code key} (throws if it does not authenticate). */
    static byte[] unwrap(CryptoRegistry registry, byte[] env, Header h, int index, KeyPair key) {
        Entry e = h.entries().get(index);
        Hpke hpke = Hpke.of(registry, e.kem(), h.kdf(), h.aead());
        return hpke.setupBaseRecipient(key.privateKey(), e.enc(), INFO).open(wrapAad(env, index, e.kem(), e.keyId()), e.wrapped());
    }

    /** {@code key || nonce_prefix} = HKDF(salt = "", dek, "qsafe envelope v3 stream" 00 header, Nk + 7). */
    static byte[] streamSecret(CryptoRegistry registry, Header h, byte[] header, byte[] dek) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(ascii("qsafe envelope v3 stream"));
        info.write(0);
        info.writeBytes(header);
        return registry.kdf(h.kdf()).derive(new byte[0], dek, info.toByteArray(), h.aead().keySize() + 7);
    }

    /** {@code P = payload || trailer}: every chunk opened (version 2's STREAM chunks). */
    static byte[] decryptChunks(CryptoRegistry registry, Header h, byte[] env, byte[] secret) {
        return StreamEnvelopeReference.decryptChunks(registry, h.aead(), h.chunkLog2(), h.length(), env, secret);
    }

    /** {@code header || chunks of P} under {@code secret}. */
    static byte[] encryptChunks(CryptoRegistry registry, Header h, byte[] header, byte[] secret, byte[] p) {
        return StreamEnvelopeReference.encryptChunks(registry, h.aead(), h.chunkLog2(), header, secret, p);
    }

    /** A new entry {@code index} wrapping {@code dek} to {@code pk} under the fixed header {@code fixed}. */
    static byte[] entry(CryptoRegistry registry, Header h, byte[] fixed, int index, PublicKey pk, byte[] dek) {
        byte[] id = h.keyIds() ? pk.id().bytes() : null;
        Hpke.Sender s = Hpke.of(registry, pk.algorithm(), h.kdf(), h.aead()).setupBaseSender(pk, INFO);
        byte[] wrapped = s.seal(wrapAad(fixed, index, pk.algorithm(), id), dek);
        ByteBuffer out = ByteBuffer.allocate(2 + (id == null ? 0 : 16) + 2 + s.enc().length + 48);
        out.putShort((short) pk.algorithm().hpkeId());
        if (id != null) {
            out.put(id);
        }
        out.putShort((short) s.enc().length).put(s.enc()).put(wrapped);
        return out.array();
    }
}
