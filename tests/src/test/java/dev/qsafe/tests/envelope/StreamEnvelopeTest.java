package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.keys.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Envelope version 2 (streaming, docs/FORMAT.md): round trips at the sizes around chunk boundaries,
 * truncation at every chunk boundary, reordered/dropped/duplicated/appended chunks, every bit flip of
 * a multi-chunk envelope with nothing of a failed chunk released, wrong recipient and sender, and
 * version 1 still opening through both APIs.
 */
class StreamEnvelopeTest {
    /** The hold-back of the opener (docs/FORMAT.md): 1 + 64 + 16 + 2 + 65535 + 4. */
    private static final int MAX_TRAILER = 65_622;
    private static final int SMALL = 256;
    private static QSafe q;
    private static Identity alice;
    private static Identity bob;

    @BeforeAll
    static void parties() {
        q = Parties.qsafe();
        alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        bob = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] seal(QSafe q, byte[] message, Identity to, Identity from, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(message.length, q.sealStream(new ByteArrayInputStream(message), out, to.publicIdentity(), from, chunk));
        return out.toByteArray();
    }

    static byte[] open(QSafe q, byte[] envelope, Identity to, Identity from) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = q.openStream(new ByteArrayInputStream(envelope), out, to, from.publicIdentity());
        assertEquals(out.size(), n);
        return out.toByteArray();
    }

    /** Header bytes for a classical (X25519) envelope: 30 + 32. */
    private static final int HEADER = 30 + 32;

    @Test
    void roundTrip_atSizesAroundChunkBoundaries() throws IOException {
        // classical trailer: 1 + len("Ed25519") + 16 + 2 + 64 + 4 = 94 bytes
        int trailer = 94;
        for (int chunk : new int[] {SMALL, QSafe.DEFAULT_CHUNK_SIZE}) {
            for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, chunk - trailer - 1, chunk - trailer, chunk - trailer + 1,
                    2 * chunk - trailer, 3 * chunk + 7}) {
                byte[] m = random(size, size);
                byte[] env = seal(q, m, bob, alice, chunk);
                assertEquals(2, env[4], "version 2");
                int n = (size + trailer + chunk - 1) / chunk;
                assertEquals(HEADER + size + trailer + 16L * n, env.length, "overhead formula, size " + size + " chunk " + chunk);
                assertArrayEquals(m, open(q, env, bob, alice), "size " + size + ", chunk " + chunk);
                assertArrayEquals(m, q.open(env, bob, alice.publicIdentity()), "byte-array open, size " + size);
            }
        }
    }

    @Test
    void roundTrip_severalMiB_andOverChannels() throws IOException {
        byte[] m = random((5 << 20) + 12_345, 5);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        q.sealStream(Channels.newChannel(new ByteArrayInputStream(m)), Channels.newChannel(sealed), bob.publicIdentity(), alice);
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        assertEquals(m.length, q.openStream(Channels.newChannel(new ByteArrayInputStream(sealed.toByteArray())),
                Channels.newChannel(opened), bob, alice.publicIdentity()));
        assertArrayEquals(m, opened.toByteArray());
        EnvelopeHeader h = q.inspect(sealed.toByteArray());
        assertEquals(2, h.version());
        assertEquals(bob.publicIdentity().kem().keyId(), h.recipientKeyId());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void roundTrip_inEveryMode_andWrongSenderOrRecipientRefused(CryptoMode mode) throws IOException {
        Identity a = Parties.identity(q, "a", mode);
        Identity b = Parties.identity(q, "b", mode);
        Identity mallory = Parties.identity(q, "m", mode);
        byte[] m = random(3 * 1024 + 5, 9);
        byte[] env = seal(q, m, b, a, 1024);
        assertArrayEquals(m, open(q, env, b, a));
        assertThrows(InvalidKeyException.class, () -> open(q, env, mallory, a), "sealed to another key");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(DecryptionFailedException.class, () -> q.openStream(new ByteArrayInputStream(env), out, b,
                mallory.publicIdentity()), "signed by someone else");
        assertEquals(0, out.size(), "a message under the hold-back size releases nothing before the signature verified");
        // mallory seals to b claiming nothing: b expecting a refuses it
        byte[] forged = seal(q, m, b, mallory, 1024);
        assertThrows(DecryptionFailedException.class, () -> open(q, forged, b, a));
        assertThrows(DecryptionFailedException.class, () -> q.open(forged, b, a.publicIdentity()));
    }

    @Test
    void truncationAtEveryChunkBoundary_andInsideChunks_isRefused() throws IOException {
        byte[] m = random(10 * SMALL + 3, 1);
        byte[] env = seal(q, m, bob, alice, SMALL);
        int chunks = (env.length - HEADER + SMALL + 15) / (SMALL + 16);
        assertTrue(chunks >= 11, "several chunks: " + chunks);
        for (int i = 0; i < chunks; i++) {
            int boundary = HEADER + i * (SMALL + 16);
            for (int cut : new int[] {boundary, boundary + 1, boundary + 16, boundary + 17}) {
                if (cut >= env.length) {
                    continue;
                }
                byte[] t = Arrays.copyOf(env, cut);
                expectRefused(t, m, "truncated to " + cut + " of " + env.length);
            }
        }
        // header truncations: a typed input error
        for (int cut = 0; cut < HEADER; cut++) {
            int c = cut;
            assertThrows(InvalidInputException.class, () -> open(q, Arrays.copyOf(env, c), bob, alice), "header cut at " + c);
        }
    }

    @Test
    void reorderedDroppedDuplicatedAndAppendedChunks_areRefused() throws IOException {
        byte[] m = random(6 * SMALL, 2);
        byte[] env = seal(q, m, bob, alice, SMALL);
        int c = SMALL + 16;
        // swap chunks 1 and 2
        byte[] swapped = env.clone();
        System.arraycopy(env, HEADER + 2 * c, swapped, HEADER + c, c);
        System.arraycopy(env, HEADER + c, swapped, HEADER + 2 * c, c);
        expectRefused(swapped, m, "chunks 1 and 2 swapped");
        // drop chunk 1
        byte[] dropped = new byte[env.length - c];
        System.arraycopy(env, 0, dropped, 0, HEADER + c);
        System.arraycopy(env, HEADER + 2 * c, dropped, HEADER + c, env.length - HEADER - 2 * c);
        expectRefused(dropped, m, "chunk 1 dropped");
        // duplicate chunk 0
        byte[] dup = new byte[env.length + c];
        System.arraycopy(env, 0, dup, 0, HEADER + c);
        System.arraycopy(env, HEADER, dup, HEADER + c, env.length - HEADER);
        expectRefused(dup, m, "chunk 0 duplicated");
        // one byte or a whole chunk appended
        expectRefused(Arrays.copyOf(env, env.length + 1), m, "one byte appended");
        byte[] appended = Arrays.copyOf(env, env.length + c);
        System.arraycopy(env, HEADER, appended, env.length, c);
        expectRefused(appended, m, "a chunk appended");
        // the chunk size in the header changed (it is bound through the key): refused
        byte[] resized = env.clone();
        resized[27] = 9;
        expectRefused(resized, m, "chunk size changed");
        // chunks of another envelope to the same recipient spliced in
        byte[] other = seal(q, m, bob, alice, SMALL);
        byte[] spliced = env.clone();
        System.arraycopy(other, HEADER + c, spliced, HEADER + c, c);
        expectRefused(spliced, m, "a chunk of another envelope");
    }

    @Test
    void everyBitFlip_ofAMultiChunkEnvelope_isRefused_releasingNothing() throws IOException {
        byte[] m = random(3 * SMALL + 40, 3);
        byte[] env = seal(q, m, bob, alice, SMALL);
        for (int bit = 0; bit < env.length * 8; bit++) {
            byte[] t = env.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                q.openStream(new ByteArrayInputStream(t), out, bob, alice.publicIdentity());
                fail("bit " + bit + ": accepted");
            } catch (QSafeException expected) {
                // a message smaller than the hold-back: nothing at all is written before the signature verified
                assertEquals(0, out.size(), "bit " + bit + ": released " + out.size() + " bytes");
            }
        }
    }

    @Test
    void aFlipDeepInALargeStream_releasesOnlyAuthenticatedBytesBeforeTheFailedChunk() throws IOException {
        int chunk = 4096;
        byte[] m = random(64 * chunk, 4);
        byte[] env = seal(q, m, bob, alice, chunk);
        int failing = 40;
        byte[] t = env.clone();
        t[HEADER + failing * (chunk + 16) + 100] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(DecryptionFailedException.class, () -> q.openStream(new ByteArrayInputStream(t), out, bob, alice.publicIdentity()));
        byte[] released = out.toByteArray();
        assertTrue(released.length <= failing * chunk - MAX_TRAILER, "released " + released.length
                + " bytes: more than the chunks before the failed one, less the hold-back");
        assertArrayEquals(Arrays.copyOf(m, released.length), released, "what was released is the authentic prefix");
    }

    @Test
    void version1Envelopes_stillOpen_throughBothApis() throws IOException {
        byte[] m = random(1000, 6);
        byte[] v1 = q.seal(m, bob.publicIdentity(), alice);
        assertEquals(1, v1[4]);
        assertArrayEquals(m, q.open(v1, bob, alice.publicIdentity()));
        assertArrayEquals(m, open(q, v1, bob, alice));
        byte[] t = v1.clone();
        t[t.length - 1] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(DecryptionFailedException.class, () -> q.openStream(new ByteArrayInputStream(t), out, bob, alice.publicIdentity()));
        assertEquals(0, out.size());
    }

    @Test
    void badChunkSizesAndVersions_areTypedErrors() {
        for (int bad : new int[] {0, 128, 255, 1000, 1 << 25}) {
            assertThrows(InvalidInputException.class, () -> seal(q, new byte[1], bob, alice, bad), "chunk " + bad);
        }
        byte[] v9 = Arrays.copyOf(new byte[] {'q', 's', 'a', 'f', 9}, 64);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> open(q, v9, bob, alice));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    /**
     * An independent reading of docs/FORMAT.md, "Envelope v2": the stream key from HPKE's exporter, the
     * nonce layout (prefix, counter, last-chunk flag), every chunk opened with the registry's AEAD, the
     * trailer found from the end, and the signature verified over the documented bytes. Each chunk opens
     * only with its own counter and flag.
     */
    @Test
    void envelopeIsExactlyWhatFormatMdDescribes() throws Exception {
        int chunk = SMALL;
        byte[] m = random(3 * chunk + 10, 7);
        byte[] env = seal(q, m, bob, alice, chunk);
        var suite = bob.suite();
        byte[] header = Arrays.copyOf(env, HEADER);
        assertEquals(8, env[27], "chunk_log2");
        assertEquals(32, ((env[28] & 0xFF) << 8) | (env[29] & 0xFF), "enc_len");
        dev.qsafe.runtime.hpke.Hpke hpke = dev.qsafe.runtime.hpke.Hpke.of(Parties.REGISTRY, suite.kem(), suite.kdf(), suite.aead());
        var ctx = hpke.setupBaseRecipient(bob.kem().privateKey(), Arrays.copyOfRange(env, 30, HEADER),
                "qsafe envelope v2".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.io.ByteArrayOutputStream context = new java.io.ByteArrayOutputStream();
        context.write("qsafe envelope v2 stream".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        context.write(0);
        context.write(header);
        int nk = suite.aead().keySize();
        byte[] secret = ctx.export(context.toByteArray(), nk + 7);
        dev.qsafe.api.SecretBytes key = dev.qsafe.api.SecretBytes.wrap(Arrays.copyOf(secret, nk));
        var aead = Parties.REGISTRY.aead(suite.aead());
        int sealedChunk = chunk + 16;
        int n = (env.length - HEADER + sealedChunk - 1) / sealedChunk;
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] ct = Arrays.copyOfRange(env, HEADER + i * sealedChunk, Math.min(env.length, HEADER + (i + 1) * sealedChunk));
            boolean last = i == n - 1;
            byte[] nonce = Arrays.copyOfRange(secret, nk, nk + 12);
            java.nio.ByteBuffer.wrap(nonce, 7, 5).putInt(i).put((byte) (last ? 1 : 0));
            p.write(aead.open(key, nonce, ct, new byte[0]));
            byte[] wrongFlag = nonce.clone();
            wrongFlag[11] ^= 1;
            assertThrows(DecryptionFailedException.class, () -> aead.open(key, wrongFlag, ct, new byte[0]),
                    "chunk " + i + " opens only with last-chunk flag " + last);
            byte[] wrongCounter = nonce.clone();
            wrongCounter[10] ^= 1;
            assertThrows(DecryptionFailedException.class, () -> aead.open(key, wrongCounter, ct, new byte[0]),
                    "chunk " + i + " opens only with its counter");
        }
        byte[] plain = p.toByteArray();
        int body = java.nio.ByteBuffer.wrap(plain, plain.length - 4, 4).getInt();
        int start = plain.length - 4 - body;
        assertArrayEquals(m, Arrays.copyOf(plain, start), "P = payload || trailer");
        byte[] sigName = alice.signature().algorithm().name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(sigName.length, plain[start]);
        assertArrayEquals(sigName, Arrays.copyOfRange(plain, start + 1, start + 1 + sigName.length));
        byte[] keyId = Arrays.copyOfRange(plain, start + 1 + sigName.length, start + 1 + sigName.length + 16);
        assertEquals(alice.signature().publicKey().keyId(), java.util.HexFormat.of().formatHex(keyId));
        int at = start + 1 + sigName.length + 16;
        int sigLen = ((plain[at] & 0xFF) << 8) | (plain[at + 1] & 0xFF);
        assertEquals(body, 1 + sigName.length + 16 + 2 + sigLen);
        byte[] sig = Arrays.copyOfRange(plain, at + 2, at + 2 + sigLen);
        java.io.ByteArrayOutputStream tbs = new java.io.ByteArrayOutputStream();
        tbs.write("qsafe envelope v2".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        tbs.write(0);
        tbs.write(header);
        tbs.write(sigName.length);
        tbs.write(sigName);
        tbs.write(keyId);
        tbs.write(java.nio.ByteBuffer.allocate(8).putLong(m.length).array());
        tbs.write(java.security.MessageDigest.getInstance("SHA-512").digest(m));
        Parties.REGISTRY.signature(alice.signature().algorithm()).verify(alice.signature().publicKey(), tbs.toByteArray(), sig,
                new byte[0]);
        ctx.destroy();
    }

    @Test
    void randomAccess_opensEachChunkAtItsPlace_andRefusesTamperedOrOutOfRange(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        int chunk = SMALL;
        for (int size : new int[] {0, 1, chunk, 10 * chunk + 3, 300 * chunk + 5}) {
            byte[] m = random(size, size + 11);
            byte[] env = seal(q, m, bob, alice, chunk);
            java.nio.file.Path file = dir.resolve("m" + size + ".qsafe");
            java.nio.file.Files.write(file, env);
            int chunks = Math.max(1, (size + chunk - 1) / chunk);
            try (var ch = java.nio.file.Files.newByteChannel(file)) {
                for (int i = chunks - 1; i >= 0; i--) {
                    byte[] expected = Arrays.copyOfRange(m, i * chunk, Math.min(size, (i + 1) * chunk));
                    assertArrayEquals(expected, q.openChunk(ch, i, bob, alice.publicIdentity()), "size " + size + " chunk " + i);
                }
                long past = chunks;
                assertThrows(InvalidInputException.class, () -> q.openChunk(ch, past, bob, alice.publicIdentity()));
                assertThrows(InvalidInputException.class, () -> q.openChunk(ch, -1, bob, alice.publicIdentity()));
            }
        }
        byte[] m = random(10 * chunk, 12);
        byte[] env = seal(q, m, bob, alice, chunk);
        byte[] t = env.clone();
        t[HEADER + 3 * (chunk + 16) + 5] ^= 1;
        java.nio.file.Path file = dir.resolve("t.qsafe");
        java.nio.file.Files.write(file, t);
        try (var ch = java.nio.file.Files.newByteChannel(file)) {
            assertThrows(DecryptionFailedException.class, () -> q.openChunk(ch, 3, bob, alice.publicIdentity()));
            assertArrayEquals(Arrays.copyOfRange(m, 2 * chunk, 3 * chunk), q.openChunk(ch, 2, bob, alice.publicIdentity()));
        }
        java.nio.file.Files.write(file, Arrays.copyOf(env, HEADER + 5 * (chunk + 16)));
        try (var ch = java.nio.file.Files.newByteChannel(file)) {
            assertThrows(DecryptionFailedException.class, () -> q.openChunk(ch, 0, bob, alice.publicIdentity()),
                    "truncated at a chunk boundary: the then-last chunk does not open as last");
        }
        java.nio.file.Files.write(file, q.seal(m, bob.publicIdentity(), alice));
        try (var ch = java.nio.file.Files.newByteChannel(file)) {
            assertThrows(InvalidInputException.class, () -> q.openChunk(ch, 0, bob, alice.publicIdentity()), "version 1");
        }
    }

    private static void expectRefused(byte[] tampered, byte[] message, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            q.openStream(new ByteArrayInputStream(tampered), out, bob, alice.publicIdentity());
        } catch (QSafeException expected) {
            assertEquals(0, out.size(), what + ": released bytes of a message under the hold-back size");
            assertThrows(QSafeException.class, () -> q.open(tampered, bob, alice.publicIdentity()), what + " (byte-array open)");
            return;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + ": untyped " + e, e);
        }
        fail(what + ": accepted (" + out.size() + " bytes)");
    }
}
