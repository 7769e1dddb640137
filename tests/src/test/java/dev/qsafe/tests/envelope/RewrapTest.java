package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.Rewrap;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyStatusException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-wrapping (docs/FORMAT.md, "Re-wrapped envelopes"): a classical envelope, sealed to a key since
 * rotated out and retired, re-wrapped to a hybrid identity opens with it and its kept proof of the
 * original sender verifies; changing the kept proof or the message under it, or naming another original
 * sender, is detected; a streaming original is re-wrapped as a streaming envelope; post-quantum envelopes
 * are left alone; a classical target and a wrong original sender are refused; a kept proof in an envelope of
 * another version than its original's, or a version 3 envelope, is refused alike by both opening APIs.
 */
class RewrapTest {
    private static final byte[] MESSAGE = "signed in 2019, to be read in 2040".getBytes(StandardCharsets.UTF_8);
    private static QSafe q;
    private static Rewrap rewrap;
    private static Identity alice;
    private static Identity carol;
    private static Identity bobOld;
    private static Identity bobPq;

    @BeforeAll
    static void parties() {
        q = Parties.qsafe();
        rewrap = Rewrap.of(q);
        alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        carol = Parties.identity(q, "carol", CryptoMode.CLASSICAL);
        bobOld = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
        bobPq = Parties.identity(q, "bob", CryptoMode.HYBRID);
    }

    @Test
    void classicalEnvelope_toRetiredKey_rewrapsToHybrid_andKeepsTheSenderProof() {
        byte[] original = q.seal(MESSAGE, bobOld.publicIdentity(), alice);
        String oldKey = bobOld.kem().publicKey().keyId();
        Identity rotated = bobOld.rotate(q.registry()).retire(oldKey);
        assertThrows(KeyStatusException.class, () -> q.open(original, rotated, alice.publicIdentity()),
                "a retired key does not open ordinarily");

        byte[] pq = rewrap.rewrap(original, rotated, alice.publicIdentity(), bobPq);
        EnvelopeHeader h = q.inspect(pq);
        assertEquals(1, h.version());
        assertTrue(h.kem().isPostQuantum(), h.kem().name());
        assertEquals(bobPq.kem().publicKey().keyId(), h.recipientKeyId());
        assertArrayEquals(MESSAGE, rewrap.open(pq, bobPq, alice.publicIdentity()));
        assertTrue(Rewrap.isPostQuantum(h));
        // the new envelope is signed by the re-sealing identity, not in the original sender's name
        assertArrayEquals(MESSAGE, Arrays.copyOf(q.open(pq, bobPq, bobPq.publicIdentity()), MESSAGE.length));
        assertThrows(QSafeException.class, () -> q.open(pq, bobPq, alice.publicIdentity()));
    }

    @Test
    void keptProof_changed_orMessageChanged_orAnotherSender_isDetected() {
        byte[] pq = rewrap.rewrap(q.seal(MESSAGE, bobOld.publicIdentity(), alice), bobOld, alice.publicIdentity(), bobPq);
        byte[] payload = q.open(pq, bobPq, bobPq.publicIdentity()); // message || kept proof || length
        assertArrayEquals(MESSAGE, Arrays.copyOf(payload, MESSAGE.length));

        // the re-sealing identity itself cannot change the proof or the message and keep it verifying
        for (int at : new int[] {payload.length - 5, payload.length - 40, MESSAGE.length + 20, 0, MESSAGE.length - 1}) {
            byte[] changed = payload.clone();
            changed[at] ^= 1;
            byte[] resealed = q.seal(changed, bobPq.publicIdentity(), bobPq);
            assertThrows(RuntimeException.class, () -> rewrap.open(resealed, bobPq, alice.publicIdentity()),
                    "byte " + at + " of the payload changed");
        }
        byte[] sigBit = payload.clone();
        sigBit[payload.length - 5] ^= 1; // inside the original signature
        assertThrows(InvalidSignatureException.class,
                () -> rewrap.open(q.seal(sigBit, bobPq.publicIdentity(), bobPq), bobPq, alice.publicIdentity()));
        byte[] messageBit = payload.clone();
        messageBit[0] ^= 1;
        assertThrows(InvalidSignatureException.class,
                () -> rewrap.open(q.seal(messageBit, bobPq.publicIdentity(), bobPq), bobPq, alice.publicIdentity()));
        byte[] noProof = Arrays.copyOf(payload, MESSAGE.length);
        assertThrows(InvalidInputException.class,
                () -> rewrap.open(q.seal(noProof, bobPq.publicIdentity(), bobPq), bobPq, alice.publicIdentity()));

        InvalidSignatureException other = assertThrows(InvalidSignatureException.class,
                () -> rewrap.open(pq, bobPq, carol.publicIdentity()));
        assertTrue(other.getMessage().contains("kept proof"), other.getMessage());

        byte[] flipped = pq.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThrows(DecryptionFailedException.class, () -> rewrap.open(flipped, bobPq, alice.publicIdentity()));
    }

    @Test
    void keptProof_withAbsurdOrTruncatedFields_isATypedError() {
        byte[] pq = rewrap.rewrap(q.seal(MESSAGE, bobOld.publicIdentity(), alice), bobOld, alice.publicIdentity(), bobPq);
        byte[] payload = q.open(pq, bobPq, bobPq.publicIdentity());
        int proofLength = payload.length - MESSAGE.length - 4;
        // the length field claims 2^32-1 bytes, or more than there are
        for (int claimed : new int[] {-1, payload.length, 1 << 20, 0, 3}) {
            byte[] changed = payload.clone();
            java.nio.ByteBuffer.wrap(changed, changed.length - 4, 4).putInt(claimed);
            assertThrows(InvalidInputException.class,
                    () -> rewrap.open(q.seal(changed, bobPq.publicIdentity(), bobPq), bobPq, alice.publicIdentity()),
                    "length field " + claimed);
        }
        // a proof cut short inside every field, its length field made to agree
        for (int keep = 0; keep < proofLength; keep += 7) {
            byte[] cut = Arrays.copyOf(payload, MESSAGE.length + keep + 4);
            java.nio.ByteBuffer.wrap(cut, cut.length - 4, 4).putInt(keep);
            int k = keep;
            assertThrows(InvalidInputException.class,
                    () -> rewrap.open(q.seal(cut, bobPq.publicIdentity(), bobPq), bobPq, alice.publicIdentity()),
                    "proof cut to " + k + " bytes");
        }
    }

    @Test
    void streamingOriginal_isRewrappedAsStreaming_andOpensThroughBothApis() throws IOException {
        byte[] big = StreamEnvelopeTest.random(300_000, 7);
        byte[] original = StreamEnvelopeTest.seal(q, big, bobOld, alice, 4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Rewrap.Result.REWRAPPED,
                rewrap.rewrapStream(new ByteArrayInputStream(original), out, bobOld, alice.publicIdentity(), bobPq));
        byte[] pq = out.toByteArray();
        assertEquals(2, q.inspect(pq).version());
        assertTrue(q.inspect(pq).kem().isPostQuantum());

        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        assertEquals(big.length, rewrap.openStream(new ByteArrayInputStream(pq), opened, bobPq, alice.publicIdentity()));
        assertArrayEquals(big, opened.toByteArray());
        assertArrayEquals(big, rewrap.open(pq, bobPq, alice.publicIdentity()));
        assertThrows(InvalidSignatureException.class, () -> rewrap.openStream(new ByteArrayInputStream(pq),
                java.io.OutputStream.nullOutputStream(), bobPq, carol.publicIdentity()));
        byte[] cut = Arrays.copyOf(pq, pq.length - 1);
        assertThrows(DecryptionFailedException.class, () -> rewrap.openStream(new ByteArrayInputStream(cut),
                java.io.OutputStream.nullOutputStream(), bobPq, alice.publicIdentity()));
    }

    @Test
    void streamingOriginal_fromAnotherSender_failsAsDecryption_andNothingUsableIsWritten() throws IOException {
        byte[] original = StreamEnvelopeTest.seal(q, StreamEnvelopeTest.random(50_000, 3), bobOld, carol, 4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(DecryptionFailedException.class,
                () -> rewrap.rewrapStream(new ByteArrayInputStream(original), out, bobOld, alice.publicIdentity(), bobPq));
        byte[] partial = out.toByteArray();
        assertThrows(RuntimeException.class, () -> rewrap.open(partial, bobPq, alice.publicIdentity()));
    }

    @Test
    void postQuantumEnvelope_isLeftAlone_andClassicalTarget_isRefused() throws IOException {
        byte[] already = q.seal(MESSAGE, bobPq.publicIdentity(), bobPq);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Rewrap.Result.ALREADY_POST_QUANTUM,
                rewrap.rewrapStream(new ByteArrayInputStream(already), out, bobPq, bobPq.publicIdentity(), bobPq));
        assertEquals(0, out.size(), "nothing is written for an envelope that is already post-quantum");
        assertThrows(InvalidInputException.class, () -> rewrap.rewrap(already, bobPq, bobPq.publicIdentity(), bobPq));

        byte[] classical = q.seal(MESSAGE, bobOld.publicIdentity(), alice);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> rewrap.rewrap(classical, bobOld, alice.publicIdentity(), bobOld));
        assertTrue(e.getMessage().contains("post-quantum"), e.getMessage());
        assertThrows(DecryptionFailedException.class, () -> rewrap.rewrap(classical, bobOld, carol.publicIdentity(), bobPq));
        assertThrows(InvalidInputException.class,
                () -> rewrap.rewrap("not an envelope".getBytes(StandardCharsets.UTF_8), bobOld, alice.publicIdentity(), bobPq));
    }

    @Test
    void envelopeVersionOtherThanTheKeptProofs_orVersion3_isRefusedAlikeByOpenAndOpenStream() throws IOException {
        // payloads as re-wrapping makes them: message || kept proof of a version 1 / version 2 original
        byte[] v1Payload = q.open(rewrap.rewrap(q.seal(MESSAGE, bobOld.publicIdentity(), alice), bobOld,
                alice.publicIdentity(), bobPq), bobPq, bobPq.publicIdentity());
        ByteArrayOutputStream v2Rewrapped = new ByteArrayOutputStream();
        rewrap.rewrapStream(new ByteArrayInputStream(StreamEnvelopeTest.seal(q, MESSAGE, bobOld, alice, 4096)), v2Rewrapped,
                bobOld, alice.publicIdentity(), bobPq);
        ByteArrayOutputStream v2PayloadOut = new ByteArrayOutputStream();
        q.openStream(new ByteArrayInputStream(v2Rewrapped.toByteArray()), v2PayloadOut, bobPq, bobPq.publicIdentity());
        byte[] v2Payload = v2PayloadOut.toByteArray();
        // each payload opens through both APIs in the envelope version re-wrapping gives it
        byte[] v1InV1 = q.seal(v1Payload, bobPq.publicIdentity(), bobPq);
        byte[] v2InV2 = streamSealed(v2Payload);
        for (byte[] good : new byte[][] {v1InV1, v2InV2}) {
            assertArrayEquals(MESSAGE, rewrap.open(good, bobPq, alice.publicIdentity()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(MESSAGE.length, rewrap.openStream(new ByteArrayInputStream(good), out, bobPq, alice.publicIdentity()));
            assertArrayEquals(MESSAGE, out.toByteArray());
        }

        // the same payloads, sealed (and signed) by the re-sealing identity in another version
        byte[][] mismatched = {
            streamSealed(v1Payload),                                    // version 1 proof in a version 2 envelope
            q.seal(v2Payload, bobPq.publicIdentity(), bobPq),            // version 2 proof in a version 1 envelope
            q.seal(v1Payload, List.of(bobPq.publicIdentity()), bobPq),   // version 3: re-wrapping never writes it
            q.seal(v2Payload, List.of(bobPq.publicIdentity()), bobPq),
        };
        String[] expected = {"kept proof is of a version 1 envelope but travels in a version 2 envelope",
            "kept proof is of a version 2 envelope but travels in a version 1 envelope",
            "not a re-wrapped envelope: it is version 3", "not a re-wrapped envelope: it is version 3"};
        for (int i = 0; i < mismatched.length; i++) {
            byte[] env = mismatched[i];
            InvalidInputException inMemory = assertThrows(InvalidInputException.class,
                    () -> rewrap.open(env, bobPq, alice.publicIdentity()), expected[i]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InvalidInputException streamed = assertThrows(InvalidInputException.class,
                    () -> rewrap.openStream(new ByteArrayInputStream(env), out, bobPq, alice.publicIdentity()), expected[i]);
            assertTrue(inMemory.getMessage().contains(expected[i]), inMemory.getMessage());
            assertEquals(inMemory.getMessage(), streamed.getMessage(), "one rule, one message, whichever API");
            assertEquals(0, out.size(), "nothing released: " + expected[i]);
        }
    }

    private static byte[] streamSealed(byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        q.sealStream(new ByteArrayInputStream(payload), out, bobPq.publicIdentity(), bobPq);
        assertEquals(2, q.inspect(out.toByteArray()).version());
        return out.toByteArray();
    }
}
