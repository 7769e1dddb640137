package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.suite.Suite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The envelope parser, on hostile bytes: {@code QSafe.inspect} (header only) and {@code QSafe.open}
 * with each mode's fixed identity as both recipient and expected sender. The seeds are real envelopes
 * of each mode (see {@link SeedCorpusTest}), so the fuzzer starts past the header checks.
 *
 * <p>The signed inner part (signature algorithm, sender key id, signature, message) travels inside the
 * AEAD ciphertext, where mutating the envelope cannot reach it; but anyone who has the recipient's
 * public key can seal any inner part. The {@code inner*} targets do that: they seal the input, as the
 * inner part, to the mode's fixed identity (header and HPKE as docs/FORMAT.md describes them), and open
 * the result. Nobody but the fixed identity can sign for it, so opening must fail, and uniformly.
 * The {@code stream*} targets do the same for envelope version 2: the input is the chunked plaintext
 * {@code P} (payload and trailer), sealed under the HPKE-exported stream key as docs/FORMAT.md describes.
 */
class EnvelopeFuzzTest {
    /** Bytes before the {@code enc_len} field: magic, version, three ids, recipient key id. */
    private static final int ENC_LEN_OFFSET = 4 + 1 + 2 + 2 + 2 + 16;
    private static final byte[] MAGIC = "qsaf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "qsafe envelope v1".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest
    void inspect(byte[] envelope) {
        Oracle.Action inspect = () -> Fixtures.QSAFE.inspect(envelope);
        Optional<QSafeException> failure = lengthsInconsistent(envelope)
                ? Optional.of(Oracle.failsFast(envelope.length, inspect)) : Oracle.check(envelope.length, inspect);
        failure.ifPresent(e -> assertTrue(e instanceof InvalidInputException || e instanceof UnsupportedAlgorithmException,
                () -> "inspect failed with " + e.getClass().getName() + ", which the envelope format does not document: " + e));
    }

    @FuzzTest
    void openClassical(byte[] envelope) {
        open(CryptoMode.CLASSICAL, envelope);
    }

    @FuzzTest
    void openHybrid(byte[] envelope) {
        open(CryptoMode.HYBRID, envelope);
    }

    @FuzzTest
    void openPqc(byte[] envelope) {
        open(CryptoMode.PQC, envelope);
    }

    @FuzzTest
    void innerClassical(byte[] inner) {
        openSealedInner(CryptoMode.CLASSICAL, inner);
    }

    @FuzzTest
    void innerHybrid(byte[] inner) {
        openSealedInner(CryptoMode.HYBRID, inner);
    }

    @FuzzTest
    void innerPqc(byte[] inner) {
        openSealedInner(CryptoMode.PQC, inner);
    }

    @FuzzTest
    void streamClassical(byte[] p) {
        openSealedStream(CryptoMode.CLASSICAL, p);
    }

    /** A version 2 envelope to the fixed identity whose chunked plaintext is {@code p} (chunks of 256 bytes): never opens. */
    private static void openSealedStream(CryptoMode mode, byte[] p) {
        Identity party = Fixtures.identity(mode);
        byte[] envelope = sealStream(party, p);
        Optional<QSafeException> failure = Oracle.check(p.length,
                () -> Fixtures.QSAFE.open(envelope, party, party.publicIdentity())); // dispatches to version 2
        assertTrue(failure.isPresent(), "open accepted a trailer that the sender never signed");
        assertInstanceOf(DecryptionFailedException.class, failure.get(),
                "a stream sealed to this key with a bad trailer failed otherwise than uniformly");
    }

    /** Envelope version 2 to {@code party} with chunked plaintext {@code p}, built as docs/FORMAT.md describes. */
    static byte[] sealStream(Identity party, byte[] p) {
        Suite suite = party.suite();
        Hpke.Sender sender = Hpke.of(Fixtures.REGISTRY, suite.kem(), suite.kdf(), suite.aead())
                .setupBaseSender(party.kem().publicKey(), "qsafe envelope v2".getBytes(StandardCharsets.US_ASCII));
        byte[] enc = sender.enc();
        int log2 = 8;
        int c = 1 << log2;
        byte[] header = ByteBuffer.allocate(ENC_LEN_OFFSET + 3 + enc.length).put(MAGIC).put((byte) 2)
                .putShort((short) suite.kem().hpkeId()).putShort((short) suite.kdf().hpkeId())
                .putShort((short) suite.aead().hpkeId()).put(HexFormat.of().parseHex(party.kem().publicKey().keyId()))
                .put((byte) log2).putShort((short) enc.length).put(enc).array();
        byte[] label = "qsafe envelope v2 stream".getBytes(StandardCharsets.US_ASCII);
        byte[] context = ByteBuffer.allocate(label.length + 1 + header.length).put(label).put((byte) 0).put(header).array();
        int nk = suite.aead().keySize();
        byte[] secret = sender.export(context, nk + 7);
        sender.destroy();
        dev.qsafe.api.SecretBytes key = dev.qsafe.api.SecretBytes.wrap(Arrays.copyOf(secret, nk));
        byte[] nonce = Arrays.copyOfRange(secret, nk, nk + 12);
        byte[] pt = p.length == 0 ? new byte[1] : p; // P is never empty
        int n = (pt.length + c - 1) / c;
        ByteBuffer out = ByteBuffer.allocate(header.length + pt.length + 16 * n).put(header);
        var aead = Fixtures.REGISTRY.aead(suite.aead());
        for (int i = 0; i < n; i++) {
            ByteBuffer.wrap(nonce, 7, 5).putInt(i).put((byte) (i == n - 1 ? 1 : 0));
            int from = i * c;
            out.put(aead.seal(key, nonce, Arrays.copyOfRange(pt, from, Math.min(pt.length, from + c)), new byte[0]));
        }
        return out.array();
    }

    private static void openSealedInner(CryptoMode mode, byte[] inner) {
        Identity party = Fixtures.identity(mode);
        byte[] envelope = seal(party, inner);
        Optional<QSafeException> failure = Oracle.check(inner.length,
                () -> Fixtures.QSAFE.open(envelope, party, party.publicIdentity()));
        assertTrue(failure.isPresent(), "open accepted an inner part that the sender never signed");
        assertInstanceOf(DecryptionFailedException.class, failure.get(),
                "an envelope sealed to this key with a bad inner part failed otherwise than uniformly");
    }

    /** An envelope to {@code party} whose AEAD plaintext is {@code inner}, built as docs/FORMAT.md describes. */
    static byte[] seal(Identity party, byte[] inner) {
        Suite suite = party.suite();
        Hpke.Sender sender = Hpke.of(Fixtures.REGISTRY, suite.kem(), suite.kdf(), suite.aead())
                .setupBaseSender(party.kem().publicKey(), INFO);
        byte[] enc = sender.enc();
        byte[] header = ByteBuffer.allocate(ENC_LEN_OFFSET + 2 + enc.length).put(MAGIC).put((byte) 1)
                .putShort((short) suite.kem().hpkeId()).putShort((short) suite.kdf().hpkeId())
                .putShort((short) suite.aead().hpkeId()).put(HexFormat.of().parseHex(party.kem().publicKey().keyId()))
                .putShort((short) enc.length).put(enc).array();
        byte[] ct = sender.seal(header, inner);
        sender.destroy();
        return ByteBuffer.allocate(header.length + 4 + ct.length).put(header).putInt(ct.length).put(ct).array();
    }

    private static void open(CryptoMode mode, byte[] envelope) {
        Identity party = Fixtures.identity(mode);
        byte[][] opened = new byte[1][];
        Oracle.Action open = () -> opened[0] = Fixtures.QSAFE.open(envelope, party, party.publicIdentity());
        if (lengthsInconsistent(envelope)) {
            Oracle.failsFast(envelope.length, open);
            return;
        }
        Optional<QSafeException> failure = Oracle.check(envelope.length, open);
        if (failure.isEmpty()) {
            // Only the seed generator holds the fixed identity's keys: nothing else can open with its signature.
            assertTrue(SeedCorpusTest.ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, opened[0])),
                    "open returned a message the fixed identity never sealed");
        } else if (wellFormedFor(party, envelope)) {
            // Past the header, opening fails one way whatever was wrong in the cryptography.
            assertInstanceOf(DecryptionFailedException.class, failure.get(),
                    "a well-formed envelope sealed to this key failed otherwise than uniformly");
        }
    }

    /**
     * Whether {@code inspect} accepts the envelope and it names {@code party}'s KEM key as recipient:
     * what is left to fail is cryptography.
     */
    private static boolean wellFormedFor(Identity party, byte[] envelope) {
        EnvelopeHeader header;
        try {
            header = Fixtures.QSAFE.inspect(envelope);
        } catch (QSafeException e) {
            return false;
        }
        return header.recipientKeyId().equals(party.publicIdentity().kemKeyId()) && header.kem().equals(party.suite().kem());
    }

    /**
     * Whether the envelope's {@code enc_len} and {@code ct_len} fields disagree with its size, read
     * independently of the parser: such an envelope must be rejected, never accepted.
     */
    static boolean lengthsInconsistent(byte[] envelope) {
        if (envelope.length < ENC_LEN_OFFSET + 2) {
            return true;
        }
        ByteBuffer in = ByteBuffer.wrap(envelope);
        if (envelope[4] == 3) {
            // Version 3 (several recipients): a 13-byte fixed header, then entries whose lengths MultiEnvelopeFuzzTest fuzzes.
            return envelope.length < 13;
        }
        if (envelope[4] == 2) {
            // Version 2 (streaming): chunk_log2 at 27, enc_len at 28, then enc and chunks to the end (no length field).
            return envelope.length < ENC_LEN_OFFSET + 3 || envelope.length < ENC_LEN_OFFSET + 3 + (in.getShort(ENC_LEN_OFFSET + 1) & 0xFFFF);
        }
        int encLen = in.getShort(ENC_LEN_OFFSET) & 0xFFFF;
        int ctLenAt = ENC_LEN_OFFSET + 2 + encLen;
        if (envelope.length < ctLenAt + 4) {
            return true;
        }
        long ctLen = in.getInt(ctLenAt) & 0xFFFFFFFFL;
        return ctLen != envelope.length - (ctLenAt + 4L);
    }
}
