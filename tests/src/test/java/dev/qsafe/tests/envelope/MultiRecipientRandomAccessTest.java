package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random access to envelope version 3 ({@code QSafe.openChunk}, docs/FORMAT.md "Sealed envelope, version 3"):
 * every chunk of a multi-chunk envelope opens on its own for every recipient, with key ids visible and hidden;
 * a modified chunk, a chunk moved to another index, the last-chunk flag on a non-last chunk, a truncation at a
 * chunk boundary and a non-recipient are each refused with a typed error (the method returns plaintext only
 * when the chunk authenticated); and the documented limit: a chunk read does not check the sender's
 * signature, so a chunk another recipient re-encrypted under the shared content key reads, while
 * {@code openStream} refuses the envelope.
 */
class MultiRecipientRandomAccessTest {
    private static final int CHUNK = 256;
    private static final int TAG = 16;
    private static QSafe q;
    private static Identity sender;
    private static List<Identity> recipients;
    private static Identity outsider;

    @TempDir
    Path dir;

    @BeforeAll
    static void parties() {
        q = Parties.qsafe();
        sender = Parties.identity(q, "alice-h", CryptoMode.HYBRID);
        // modes mixed: a hybrid sender satisfies CLASSICAL and HYBRID recipients
        recipients = List.of(Parties.identity(q, "bob", CryptoMode.CLASSICAL), Parties.identity(q, "carol", CryptoMode.HYBRID),
                Parties.identity(q, "dave", CryptoMode.CLASSICAL));
        outsider = Parties.identity(q, "eve", CryptoMode.CLASSICAL);
    }

    private static byte[] message(int n) {
        byte[] b = new byte[n];
        new Random(n + 7L).nextBytes(b);
        return b;
    }

    private static byte[] seal(byte[] m, boolean hide) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<PublicIdentity> to = recipients.stream().map(Identity::publicIdentity).toList();
        assertEquals(m.length, q.sealStream(new ByteArrayInputStream(m), out, to, sender, CHUNK, hide));
        byte[] env = out.toByteArray();
        assertEquals(3, env[4], "version 3");
        return env;
    }

    private SeekableByteChannel channel(String name, byte[] env) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, env);
        return Files.newByteChannel(file);
    }

    private static byte[] chunkOf(SeekableByteChannel ch, long index, Identity recipient) throws IOException {
        return q.openChunk(ch, index, recipient, sender.publicIdentity());
    }

    /** The offset of chunk {@code i} in {@code env}. */
    private static int chunkOffset(byte[] env, int i) {
        return MultiEnvelopeReference.parse(env).length() + i * (CHUNK + TAG);
    }

    @Test
    void everyChunk_opensAlone_forEveryRecipient_keyIdsVisibleAndHidden() throws IOException {
        for (boolean hide : new boolean[] {false, true}) {
            for (int size : new int[] {0, 1, CHUNK, 10 * CHUNK + 3}) {
                byte[] m = message(size);
                byte[] env = seal(m, hide);
                int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
                try (SeekableByteChannel ch = channel("m" + size + hide + ".qsafe", env)) {
                    for (Identity r : recipients) {
                        for (int i = chunks - 1; i >= 0; i--) {
                            byte[] expected = Arrays.copyOfRange(m, i * CHUNK, Math.min(size, (i + 1) * CHUNK));
                            assertArrayEquals(expected, chunkOf(ch, i, r), r.name() + " size " + size + " chunk " + i + " hidden " + hide);
                        }
                        long past = chunks;
                        assertThrows(InvalidInputException.class, () -> chunkOf(ch, past, r));
                        assertThrows(InvalidInputException.class, () -> chunkOf(ch, -1, r));
                    }
                }
            }
        }
    }

    @Test
    void modifiedChunk_refusedForEveryRecipient_otherChunksStillOpen() throws IOException {
        for (boolean hide : new boolean[] {false, true}) {
            byte[] m = message(10 * CHUNK + 3);
            byte[] env = seal(m, hide);
            for (int at : new int[] {0, 5, CHUNK + TAG - 1}) { // first ciphertext byte, inside, the last tag byte
                byte[] bad = env.clone();
                bad[chunkOffset(env, 3) + at] ^= 1;
                try (SeekableByteChannel ch = channel("flip" + at + hide + ".qsafe", bad)) {
                    for (Identity r : recipients) {
                        assertThrows(DecryptionFailedException.class, () -> chunkOf(ch, 3, r), r.name() + " byte " + at);
                        assertArrayEquals(Arrays.copyOfRange(m, 2 * CHUNK, 3 * CHUNK), chunkOf(ch, 2, r));
                    }
                }
            }
        }
    }

    @Test
    void chunkMovedToAnotherIndex_refused() throws IOException {
        for (boolean hide : new boolean[] {false, true}) {
            byte[] m = message(10 * CHUNK + 3);
            byte[] env = seal(m, hide);
            int a = chunkOffset(env, 2);
            int b = chunkOffset(env, 5);
            byte[] swapped = env.clone();
            System.arraycopy(env, a, swapped, b, CHUNK + TAG);
            System.arraycopy(env, b, swapped, a, CHUNK + TAG);
            byte[] duplicated = env.clone();
            System.arraycopy(env, a, duplicated, b, CHUNK + TAG);
            try (SeekableByteChannel s = channel("swapped" + hide + ".qsafe", swapped);
                 SeekableByteChannel d = channel("duplicated" + hide + ".qsafe", duplicated)) {
                for (Identity r : recipients) {
                    assertThrows(DecryptionFailedException.class, () -> chunkOf(s, 2, r), "chunk 5 at index 2");
                    assertThrows(DecryptionFailedException.class, () -> chunkOf(s, 5, r), "chunk 2 at index 5");
                    assertThrows(DecryptionFailedException.class, () -> chunkOf(d, 5, r), "a copy of chunk 2 at index 5");
                    assertArrayEquals(Arrays.copyOfRange(m, 2 * CHUNK, 3 * CHUNK), chunkOf(d, 2, r), "the original stays");
                    assertArrayEquals(Arrays.copyOfRange(m, 3 * CHUNK, 4 * CHUNK), chunkOf(s, 3, r));
                }
            }
        }
    }

    /**
     * Chunk 4 re-sealed with the right key at its own index but the last-chunk flag set (the reference, holding
     * Bob's content key, does what only a key holder can): it does not open as a middle chunk. And the envelope
     * cut after chunk 5: its then-last chunk was sealed as a middle chunk, so nothing opens (the trailer is
     * read first).
     */
    @Test
    void lastChunkFlagOnANonLastChunk_andTruncation_refused() throws IOException {
        var registry = q.registry();
        for (boolean hide : new boolean[] {false, true}) {
            byte[] m = message(10 * CHUNK + 3);
            byte[] env = seal(m, hide);
            MultiEnvelopeReference.Header h = MultiEnvelopeReference.parse(env);
            byte[] header = Arrays.copyOf(env, h.length());
            int own = hide ? trialEntry(env, h, recipients.get(0)) : 0;
            byte[] dek = MultiEnvelopeReference.unwrap(registry, env, h, own, recipients.get(0).kem());
            byte[] secret = MultiEnvelopeReference.streamSecret(registry, h, header, dek);
            int nk = h.aead().keySize();
            SecretBytes key = SecretBytes.wrap(Arrays.copyOf(secret, nk));
            byte[] chunk4 = Arrays.copyOfRange(m, 4 * CHUNK, 5 * CHUNK);
            var aead = registry.aead(h.aead());
            byte[] asMiddle = aead.seal(key, StreamEnvelopeReference.nonce(secret, nk, 4, false), chunk4, new byte[0]);
            assertArrayEquals(Arrays.copyOfRange(env, chunkOffset(env, 4), chunkOffset(env, 5)), asMiddle,
                    "the reference re-seals chunk 4 as the runtime did (control)");
            byte[] asLast = aead.seal(key, StreamEnvelopeReference.nonce(secret, nk, 4, true), chunk4, new byte[0]);
            byte[] flagged = env.clone();
            System.arraycopy(asLast, 0, flagged, chunkOffset(env, 4), asLast.length);
            byte[] cut = Arrays.copyOf(env, chunkOffset(env, 6));
            try (SeekableByteChannel f = channel("flag" + hide + ".qsafe", flagged);
                 SeekableByteChannel c = channel("cut" + hide + ".qsafe", cut)) {
                for (Identity r : recipients) {
                    assertThrows(DecryptionFailedException.class, () -> chunkOf(f, 4, r), "last-chunk flag on chunk 4");
                    assertArrayEquals(Arrays.copyOfRange(m, 3 * CHUNK, 4 * CHUNK), chunkOf(f, 3, r));
                    for (int i : new int[] {0, 5}) {
                        assertThrows(DecryptionFailedException.class, () -> chunkOf(c, i, r), "truncated, chunk " + i);
                    }
                }
            }
        }
    }

    @Test
    void nonRecipient_typedError_visibleIdsNameTheRecipients_hiddenIdsCannot() throws IOException {
        byte[] m = message(3 * CHUNK);
        try (SeekableByteChannel visible = channel("visible.qsafe", seal(m, false));
             SeekableByteChannel hidden = channel("hidden.qsafe", seal(m, true))) {
            InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> chunkOf(visible, 1, outsider));
            assertTrue(e.getMessage().contains("not among the envelope's 3 recipients"), e.getMessage());
            assertThrows(DecryptionFailedException.class, () -> chunkOf(hidden, 1, outsider));
        }
    }

    @Test
    void version1_refusedAsNotStreaming() throws IOException {
        byte[] v1 = q.seal(message(10), recipients.get(0).publicIdentity(), sender);
        try (SeekableByteChannel ch = channel("v1.qsafe", v1)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> chunkOf(ch, 0, recipients.get(0)));
            assertTrue(e.getMessage().contains("version 2 or 3"), e.getMessage());
        }
    }

    /**
     * The documented limit (docs/FORMAT.md): a chunk read proves "encrypted under this envelope's content key,
     * at this index", and every recipient holds that key. Bob re-encrypts chunk 1 with content of his own under
     * the same header: Carol's chunk read returns Bob's bytes; her {@code openStream} refuses the envelope,
     * because Alice's signature covers the whole payload.
     */
    @Test
    void limit_aFellowRecipientCanReplaceAChunk_onlyTheFullOpenRefusesIt() throws IOException {
        var registry = q.registry();
        Identity bob = recipients.get(0);
        Identity carol = recipients.get(1);
        byte[] m = message(4 * CHUNK);
        byte[] env = seal(m, false);
        MultiEnvelopeReference.Header h = MultiEnvelopeReference.parse(env);
        byte[] header = Arrays.copyOf(env, h.length());
        byte[] dek = MultiEnvelopeReference.unwrap(registry, env, h, 0, bob.kem());
        byte[] secret = MultiEnvelopeReference.streamSecret(registry, h, header, dek);
        byte[] p = MultiEnvelopeReference.decryptChunks(registry, h, env, secret);
        byte[] bobs = new byte[CHUNK];
        Arrays.fill(bobs, (byte) 'B');
        System.arraycopy(bobs, 0, p, CHUNK, CHUNK);
        byte[] forged = MultiEnvelopeReference.encryptChunks(registry, h, header, secret, p);
        try (SeekableByteChannel ch = channel("forged.qsafe", forged)) {
            assertArrayEquals(bobs, chunkOf(ch, 1, carol), "a chunk read does not verify the sender");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(DecryptionFailedException.class,
                () -> q.openStream(new ByteArrayInputStream(forged), out, carol, sender.publicIdentity()));
        assertArrayEquals(m, q.open(env, carol, sender.publicIdentity()), "the original opens (control)");
    }

    /** The index of the entry {@code r}'s key opens (for an envelope whose key ids are hidden). */
    private static int trialEntry(byte[] env, MultiEnvelopeReference.Header h, Identity r) {
        for (int i = 0; i < h.entries().size(); i++) {
            if (!h.entries().get(i).kem().equals(r.kem().algorithm())) {
                continue;
            }
            try {
                MultiEnvelopeReference.unwrap(q.registry(), env, h, i, r.kem());
                return i;
            } catch (DecryptionFailedException e) {
                // another recipient's entry of the same KEM
            }
        }
        throw new AssertionError("no entry opens for " + r.name());
    }
}
