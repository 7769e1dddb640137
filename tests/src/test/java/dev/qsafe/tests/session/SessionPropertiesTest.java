package dev.qsafe.tests.session;

import static dev.qsafe.tests.session.SessionFixture.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import dev.qsafe.session.LabeledKdf;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The properties docs/SESSION.md promises, each checked in every mode. */
class SessionPropertiesTest {
    private static final LabeledKdf KDF = LabeledKdf.qsafe(REGISTRY.kdf(Algorithm.HKDF_SHA256));
    private static final Aead AEAD = REGISTRY.aead(Algorithm.AES_256_GCM);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bob answers (opening epoch 1), Alice reads it: the usual state after setup. */
    private static SessionFixture.Pair established(CryptoMode mode, SessionConfig config) {
        SessionFixture.Pair p = SessionFixture.pair(mode, config);
        assertArrayEquals(bytes("hi"), p.alice().open(p.bob().seal(bytes("hi"))));
        return p;
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void conversation_bothDirections_ratchetsAndOpensEverything(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults().withRatchetInterval(3));
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 4; i++) {
                byte[] m = bytes("a" + round + "/" + i);
                assertArrayEquals(m, p.bob().open(p.alice().seal(m)));
            }
            for (int i = 0; i < 4; i++) {
                byte[] m = bytes("b" + round + "/" + i);
                assertArrayEquals(m, p.alice().open(p.bob().seal(m)));
            }
        }
        assertTrue(p.alice().epoch() >= 8, "KEM ratchet steps: " + p.alice().epoch());
        assertEquals(p.alice().epoch(), p.bob().epoch());
        assertTrue(p.sessions().metrics().get("ratchet.steps") >= 16);
    }

    /** Every 32-byte window of a state, tried as a chain key that reaches generation n, yields this key? */
    private static boolean stateDerives(byte[] state, long n, byte[] key) {
        for (int off = 0; off + 32 <= state.length; off++) {
            byte[] w = Arrays.copyOfRange(state, off, off + 32);
            if (Arrays.equals(w, key)) {
                return true;
            }
            for (long g = n; g >= 0; g--) { // w as the chain key of generation g, walked forward to n
                byte[] ck = w;
                for (long j = g; j < n; j++) {
                    ck = KDF.deriveTreeSecret(ck, "secret", j, 32);
                }
                if (Arrays.equals(KDF.deriveTreeSecret(ck, "key", n, 32), key)) {
                    return true;
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void forwardSecrecy_stateAfterReadingCannotDeriveTheMessageKey(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults());
        byte[] m1 = p.alice().seal(bytes("one"));
        byte[] senderState = p.alice().export(); // holds the chain key of the next generation
        byte[] m2 = p.alice().seal(bytes("two"));
        long n = SessionFixture.generationOf(m2);
        int h = SessionFixture.headerLength(m2);
        byte[] header = Arrays.copyOf(m2, h);
        byte[] body = Arrays.copyOfRange(m2, h, m2.length);
        byte[] key = null;
        for (int off = 0; off + 32 <= senderState.length && key == null; off++) {
            byte[] ck = Arrays.copyOfRange(senderState, off, off + 32);
            byte[] k = KDF.deriveTreeSecret(ck, "key", n, 32);
            byte[] nonce = KDF.deriveTreeSecret(ck, "nonce", n, 12);
            try {
                AEAD.open(SecretBytes.copyOf(k), nonce, body, header);
                key = k;
            } catch (QSafeException wrong) {
                // not the chain key
            }
        }
        assertTrue(key != null, "the message key follows from the sender's chain key as documented");
        p.bob().open(m1);
        byte[] before = p.bob().export();
        assertTrue(stateDerives(before, n, key), "control: before reading, the receiver's state derives the key");
        assertArrayEquals(bytes("two"), p.bob().open(m2));
        byte[] after = p.bob().export();
        assertFalse(stateDerives(after, n, key), "after reading, no secret of the state derives the message key");
        Session snapshot = p.sessions().restore(after, SessionFixture.bob(mode));
        assertEquals(Reason.DUPLICATE, assertThrows(SessionRefusedException.class, () -> snapshot.open(m2)).reason());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void postCompromise_copiedStateFailsAfterAtMostTwoKemRatchetSteps(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults());
        int interval = SessionConfig.defaults().ratchetIntervalFor(mode);
        Session attacker = p.sessions().restore(p.alice().export(), SessionFixture.alice(mode));
        long copiedAt = p.alice().epoch();
        int openedByAttacker = 0;
        int refusedLate = 0;
        int burst = Math.max(2, interval / 2 + 1);
        for (int round = 0; round < 12 && p.bob().epoch() < copiedAt + 5; round++) {
            for (int i = 0; i < burst; i++) { // Bob first: right after the copy, the attacker reads along
                byte[] m = p.bob().seal(bytes("secret " + round + "/" + i));
                p.alice().open(m);
                long e = SessionFixture.epochOf(m);
                boolean opened;
                try {
                    attacker.open(m);
                    opened = true;
                } catch (QSafeException refused) {
                    opened = false;
                }
                if (opened) {
                    openedByAttacker++;
                    assertTrue(e < copiedAt + 2, "the copy opened a message of epoch " + e + ", copied at " + copiedAt);
                } else if (e >= copiedAt + 2) {
                    refusedLate++;
                }
            }
            for (int i = 0; i < burst; i++) {
                p.bob().open(p.alice().seal(bytes("a")));
                try { // the attacker repeats every deterministic step Alice takes; only her fresh randomness differs
                    attacker.seal(bytes("a"));
                } catch (QSafeException ignored) {
                    // a copy that fell behind cannot even seal
                }
            }
        }
        assertTrue(openedByAttacker > 0, "control: the copied state does read the session until the ratchet heals it");
        assertTrue(p.bob().epoch() >= copiedAt + 4, "the session ratcheted: " + p.bob().epoch());
        assertTrue(refusedLate > 0);
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void replayAndDuplicates_refused_stateUnchanged(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults());
        byte[] m = p.alice().seal(bytes("once"));
        p.bob().open(m);
        byte[] state = p.bob().export();
        assertEquals(Reason.DUPLICATE, assertThrows(SessionRefusedException.class, () -> p.bob().open(m)).reason());
        assertArrayEquals(state, p.bob().export());
        assertTrue(p.sessions().metrics().get("refused.DUPLICATE") >= 1);
    }

    private static void outOfOrder(CryptoMode mode, int count) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults());
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(p.alice().seal(bytes("m" + i)));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        for (int i : order) {
            assertArrayEquals(bytes("m" + i), p.bob().open(sent.get(i)));
        }
        assertEquals(0, p.bob().skippedKeys());
        int bound = SessionConfig.defaults().maxForwardJump();
        byte[] far = null;
        for (int i = 0; i <= bound + 1; i++) {
            far = p.alice().seal(bytes("x"));
        }
        byte[] state = p.bob().export();
        byte[] tooFar = far;
        assertEquals(Reason.TOO_FAR_AHEAD, assertThrows(SessionRefusedException.class, () -> p.bob().open(tooFar)).reason());
        assertArrayEquals(state, p.bob().export(), "a refused jump leaves the state unchanged");
        assertArrayEquals(bytes("b"), p.alice().open(p.bob().seal(bytes("b"))), "the session goes on");
    }

    @ParameterizedTest
    @EnumSource(value = CryptoMode.class, names = "CLASSICAL")
    void outOfOrder_2000ShuffledDecrypt_jumpBeyondBoundRefused(CryptoMode mode) {
        outOfOrder(mode, 2000);
    }

    @ParameterizedTest
    @EnumSource(value = CryptoMode.class, names = {"HYBRID", "PQC"})
    void outOfOrder_200ShuffledDecrypt_jumpBeyondBoundRefused(CryptoMode mode) {
        outOfOrder(mode, 200);
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void anyModifiedByte_refused_stateUnchanged(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults().withRatchetInterval(1));
        byte[] withRatchet = p.alice().seal(bytes("opens an epoch"));
        assertTrue((withRatchet[28] & 1) == 1, "the first message after Bob's epoch carries ratchet fields");
        for (byte[] m : List.of(withRatchet, p.alice().seal(bytes("second")))) {
            byte[] state = p.bob().export();
            for (int i = 0; i < m.length; i++) {
                byte[] bad = m.clone();
                bad[i] ^= (byte) (1 << (i % 8));
                assertThrows(QSafeException.class, () -> p.bob().open(bad), "byte " + i);
                assertArrayEquals(state, p.bob().export(), "byte " + i + " changed the state");
            }
            assertThrows(QSafeException.class, () -> p.bob().open(Arrays.copyOf(m, m.length - 1)));
            assertThrows(QSafeException.class, () -> p.bob().open(Arrays.copyOf(m, m.length + 1)));
            assertArrayEquals(state, p.bob().export());
            p.bob().open(m);
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void crossingFirstMessages_converge(CryptoMode mode) {
        Sessions sessions = Sessions.of(REGISTRY);
        var alice = SessionFixture.alice(mode);
        var bob = SessionFixture.bob(mode);
        var alicePrekeys = sessions.newPrekeys(alice);
        var bobPrekeys = sessions.newPrekeys(bob);
        Sessions.Initiation fromAlice = sessions.initiate(alice, bob.publicIdentity(), bobPrekeys.bundle(), bytes("A1"));
        Sessions.Initiation fromBob = sessions.initiate(bob, alice.publicIdentity(), alicePrekeys.bundle(), bytes("B1"));
        Sessions.Acceptance atBob = sessions.accept(bobPrekeys, fromAlice.firstMessage(), null);
        Sessions.Acceptance atAlice = sessions.accept(alicePrekeys, fromBob.firstMessage(), null);
        assertArrayEquals(bytes("A1"), atBob.payload());
        assertArrayEquals(bytes("B1"), atAlice.payload());
        Session aliceKeeps = Session.preferred(fromAlice.session(), atAlice.session());
        Session bobKeeps = Session.preferred(atBob.session(), fromBob.session());
        assertArrayEquals(aliceKeeps.sessionId(), bobKeeps.sessionId(), "both sides keep the same session");
        boolean aliceStartedKept = aliceKeeps == fromAlice.session();
        Session bobOther = aliceStartedKept ? fromBob.session() : atBob.session();
        Session aliceOther = aliceStartedKept ? atAlice.session() : fromAlice.session();
        byte[] inFlight = bobOther.seal(bytes("in flight")); // on the session not kept: still opens
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(bytes("a" + i), bobKeeps.open(aliceKeeps.seal(bytes("a" + i))));
            assertArrayEquals(bytes("b" + i), aliceKeeps.open(bobKeeps.seal(bytes("b" + i))));
        }
        assertArrayEquals(bytes("in flight"), aliceOther.open(inFlight));
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void thirtyPercentRandomLoss_converges(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults().withRatchetInterval(mode == CryptoMode.CLASSICAL ? 1 : 4));
        Random random = new Random(7);
        int delivered = 0;
        int lost = 0;
        for (int round = 0; round < 30; round++) {
            boolean fromAlice = round % 2 == 0;
            Session sender = fromAlice ? p.alice() : p.bob();
            Session receiver = fromAlice ? p.bob() : p.alice();
            int burst = 1 + random.nextInt(6);
            for (int i = 0; i < burst; i++) {
                byte[] m = bytes(round + "/" + i);
                byte[] c = sender.seal(m);
                if (random.nextInt(100) < 30) {
                    lost++;
                } else {
                    assertArrayEquals(m, receiver.open(c));
                    delivered++;
                }
            }
        }
        assertTrue(lost > 5 && delivered > 20, "lost " + lost + ", delivered " + delivered);
        assertArrayEquals(bytes("end a"), p.bob().open(p.alice().seal(bytes("end a"))));
        assertArrayEquals(bytes("end b"), p.alice().open(p.bob().seal(bytes("end b"))));
        assertArrayEquals(bytes("end a2"), p.bob().open(p.alice().seal(bytes("end a2"))));
        assertEquals(p.alice().epoch(), p.bob().epoch(), "both sides agree on the epoch");
        assertTrue(p.alice().epoch() >= 4, "the ratchet kept stepping under loss: " + p.alice().epoch());
    }

    @ParameterizedTest
    @EnumSource(value = CryptoMode.class, names = "CLASSICAL")
    void oldEpochBeyondTheKeptOnes_refusedAsDropped(CryptoMode mode) {
        SessionFixture.Pair p = established(mode, SessionConfig.defaults());
        byte[] late = p.alice().seal(bytes("late"));
        for (int i = 0; i < 4; i++) {
            p.alice().open(p.bob().seal(bytes("b")));
            p.bob().open(p.alice().seal(bytes("a")));
        }
        byte[] state = p.bob().export();
        assertEquals(Reason.EPOCH_DROPPED, assertThrows(SessionRefusedException.class, () -> p.bob().open(late)).reason());
        assertArrayEquals(state, p.bob().export());
    }
}
