package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sealed envelopes: round trips for every KEM x AEAD, header contents, sizes and malformed input. */
class EnvelopeTest {
    private static final byte[] MESSAGE = "the eagle lands at midnight".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void sealOpen_eachMode_roundTripsAndNamesTheSuite(CryptoMode mode) {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", mode);
        Identity bob = Parties.identity(q, "bob", mode);
        byte[] envelope = q.seal(MESSAGE, bob.publicIdentity(), alice);
        assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));

        Suite suite = q.config().suite(mode);
        EnvelopeHeader h = q.inspect(envelope);
        assertEquals(1, h.version());
        assertEquals(suite.kem(), h.kem());
        assertEquals(suite.aead(), h.aead());
        assertEquals(bob.publicIdentity().kemKeyId(), h.recipientKeyId());
        int overhead = envelope.length - MESSAGE.length;
        int expected = 4 + 1 + 6 + 16 + 2 + suite.kem().ciphertextSize() + 4 + 16
                + 1 + suite.signature().name().length() + 16 + 2 + suite.signature().signatureSize();
        assertEquals(expected, overhead, "envelope overhead of " + mode);
    }

    @TestFactory
    List<DynamicTest> sealOpen_everyKemTimesEveryAead_roundTrips() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Algorithm kem : List.of(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024, Algorithm.X_WING)) {
            for (Algorithm aead : List.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305)) {
                tests.add(DynamicTest.dynamicTest(kem + " + " + aead, () -> {
                    // CLASSICAL, the one mode without rules on its algorithms (ModeRules), takes every combination.
                    Suite suite = new Suite("test-" + kem.name() + "-" + aead.name(), CryptoMode.CLASSICAL, kem, Algorithm.ML_DSA_65,
                            aead, Algorithm.HKDF_SHA256);
                    Parties.assumeEngines(suite);
                    QSafe q = Parties.qsafe(QSafeConfig.newBuilder().suite(suite).build());
                    Identity alice = q.generateIdentity("alice", CryptoMode.CLASSICAL);
                    Identity bob = q.generateIdentity("bob", CryptoMode.CLASSICAL);
                    byte[] env = q.seal(MESSAGE, bob.publicIdentity(), alice);
                    assertEquals(aead, q.inspect(env).aead());
                    assertArrayEquals(MESSAGE, q.open(env, bob, alice.publicIdentity()));
                }));
            }
        }
        return tests;
    }

    @Test
    void open_emptyAndLargeMessages_roundTrip() {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
        for (byte[] m : List.of(new byte[0], new byte[1 << 20])) {
            assertArrayEquals(m, q.open(q.seal(m, bob.publicIdentity(), alice), bob, alice.publicIdentity()));
        }
    }

    @Test
    void open_otherRecipient_isRefusedNamingTheKeys() {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
        Identity eve = Parties.identity(q, "eve", CryptoMode.CLASSICAL);
        byte[] env = q.seal(MESSAGE, bob.publicIdentity(), alice);
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> q.open(env, eve, alice.publicIdentity()));
        assertTrue(e.getMessage().contains(bob.publicIdentity().kemKeyId()), e.getMessage());
    }

    @Test
    void open_otherSender_failsUniformly() {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
        Identity mallory = Parties.identity(q, "mallory", CryptoMode.CLASSICAL);
        byte[] env = q.seal(MESSAGE, bob.publicIdentity(), mallory);
        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> q.open(env, bob, alice.publicIdentity()));
        assertEquals(DecryptionFailedException.MESSAGE, e.getMessage());
    }

    @Test
    void maxMessageSize_isEnforcedOnSealAndOpen() {
        QSafe small = Parties.qsafe(QSafeConfig.newBuilder().maxMessageBytes(1024).build());
        QSafe large = Parties.qsafe();
        Identity alice = Parties.identity(large, "alice", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(large, "bob", CryptoMode.CLASSICAL);
        InvalidInputException seal = assertThrows(InvalidInputException.class,
                () -> small.seal(new byte[1025], bob.publicIdentity(), alice));
        assertTrue(seal.getMessage().contains("maxMessageBytes"), seal.getMessage());
        byte[] big = large.seal(new byte[200_000], bob.publicIdentity(), alice);
        assertThrows(InvalidInputException.class, () -> small.open(big, bob, alice.publicIdentity()));
    }

    @Test
    void malformedEnvelopes_giveTypedErrors() {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
        byte[] env = q.seal(MESSAGE, bob.publicIdentity(), alice);

        byte[] trailing = Arrays.copyOf(env, env.length + 1);
        assertTrue(assertThrows(InvalidInputException.class, () -> q.open(trailing, bob, alice.publicIdentity()))
                .getMessage().contains("trailing"));
        byte[] version = env.clone();
        version[4] = 4; // 2 is the streaming envelope (StreamEnvelopeTest), 3 the multi-recipient one (MultiRecipientEnvelopeTest)
        assertTrue(assertThrows(InvalidInputException.class, () -> q.inspect(version)).getMessage().contains("version 4"));
        byte[] kemId = env.clone();
        kemId[5] = (byte) 0x7F;
        assertThrows(UnsupportedAlgorithmException.class, () -> q.inspect(kemId));
        byte[] magic = env.clone();
        magic[0] = 'Q';
        assertThrows(InvalidInputException.class, () -> q.inspect(magic));
        byte[] hugeLength = env.clone();
        int ctLenOffset = 4 + 1 + 6 + 16 + 2 + 32;
        hugeLength[ctLenOffset] = (byte) 0x7F;
        assertThrows(InvalidInputException.class, () -> q.open(hugeLength, bob, alice.publicIdentity()));
        assertThrows(InvalidInputException.class, () -> q.inspect(new byte[0]));
    }
}
