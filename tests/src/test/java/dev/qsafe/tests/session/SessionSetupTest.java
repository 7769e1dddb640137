package dev.qsafe.tests.session;

import static dev.qsafe.tests.session.SessionFixture.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bundles and first messages: signatures, expiry, one-time prekeys, replays, modified bytes. */
class SessionSetupTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Sessions at(Instant t) {
        return Sessions.of(REGISTRY, SessionConfig.defaults().withClock(Clock.fixed(t, ZoneOffset.UTC))
                .withPrekeyValidity(Duration.ofDays(1)).withOneTimePrekeys(3));
    }

    private static int signedPrekeyOffset(String suiteName) {
        return 4 + 1 + suiteName.length() + 32 + 1 + 1 + 4 + 8;
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void badPrekeySignature_refused(CryptoMode mode) {
        Sessions s = at(T0);
        var bob = SessionFixture.bob(mode);
        byte[] bundle = s.newPrekeys(bob).bundle();
        byte[] lastByte = bundle.clone();
        lastByte[lastByte.length - 1] ^= 1; // inside the last one-time prekey's signature
        assertThrows(InvalidSignatureException.class,
                () -> s.initiate(SessionFixture.alice(mode), bob.publicIdentity(), lastByte, bytes("x")));
        byte[] key = bundle.clone();
        key[signedPrekeyOffset(bob.suite().name()) + 4] ^= 1; // inside the signed prekey's public key
        assertThrows(InvalidSignatureException.class,
                () -> s.initiate(SessionFixture.alice(mode), bob.publicIdentity(), key, bytes("x")));
        byte[] mallorys = s.newPrekeys(SessionFixture.mallory(mode)).bundle();
        assertEquals(Reason.WRONG_IDENTITY, assertThrows(SessionRefusedException.class,
                () -> s.initiate(SessionFixture.alice(mode), bob.publicIdentity(), mallorys, bytes("x"))).reason());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void expiredPrekey_refusedByInitiatorAndResponder(CryptoMode mode) {
        var bob = SessionFixture.bob(mode);
        var alice = SessionFixture.alice(mode);
        Prekeys prekeys = at(T0).newPrekeys(bob);
        byte[] bundle = prekeys.bundle();
        Sessions later = at(T0.plus(Duration.ofDays(2)));
        assertEquals(Reason.PREKEY_EXPIRED, assertThrows(SessionRefusedException.class,
                () -> later.initiate(alice, bob.publicIdentity(), bundle, bytes("x"))).reason());
        byte[] first = at(T0).initiate(alice, bob.publicIdentity(), bundle, bytes("x")).firstMessage();
        Prekeys atBobLater = later.restorePrekeys(prekeys.export(), bob);
        assertEquals(Reason.PREKEY_EXPIRED, assertThrows(SessionRefusedException.class,
                () -> later.accept(atBobLater, first, null)).reason());
        assertArrayEquals(bytes("x"), at(T0).accept(prekeys, first, null).payload(), "in time it is accepted");
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void oneTimePrekeys_usedAtMostOnce_signedPrekeyReplaysRefused(CryptoMode mode) {
        Sessions s = at(T0);
        var bob = SessionFixture.bob(mode);
        var alice = SessionFixture.alice(mode);
        Prekeys prekeys = s.newPrekeys(bob);
        byte[] bundle = prekeys.bundle();
        byte[] first = s.initiate(alice, bob.publicIdentity(), bundle, bytes("1")).firstMessage();
        byte[] again = s.initiate(alice, bob.publicIdentity(), bundle, bytes("2")).firstMessage(); // same one-time prekey
        s.accept(prekeys, first, null);
        assertEquals(2, prekeys.oneTimeCount());
        byte[] exported = prekeys.export();
        assertEquals(Reason.PREKEY_UNKNOWN, assertThrows(SessionRefusedException.class, () -> s.accept(prekeys, again, null)).reason());
        assertEquals(Reason.PREKEY_UNKNOWN, assertThrows(SessionRefusedException.class, () -> s.accept(prekeys, first, null)).reason());
        assertArrayEquals(exported, prekeys.export(), "refusals change nothing");
        for (int i = 0; i < 2; i++) {
            s.accept(prekeys, s.initiate(alice, bob.publicIdentity(), prekeys.bundle(), bytes("n")).firstMessage(), null);
        }
        assertEquals(0, prekeys.oneTimeCount());
        byte[] toSigned = s.initiate(alice, bob.publicIdentity(), prekeys.bundle(), bytes("s")).firstMessage();
        assertArrayEquals(bytes("s"), s.accept(prekeys, toSigned, null).payload());
        assertEquals(Reason.REPLAYED_SETUP, assertThrows(SessionRefusedException.class, () -> s.accept(prekeys, toSigned, null)).reason());
        Prekeys restored = s.restorePrekeys(prekeys.export(), bob);
        assertEquals(Reason.REPLAYED_SETUP, assertThrows(SessionRefusedException.class, () -> s.accept(restored, toSigned, null)).reason(),
                "the replay cache survives export");
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void firstMessage_anyModifiedByteOrUntrustedPeer_refused_noPrekeyConsumed(CryptoMode mode) {
        Sessions s = at(T0);
        var bob = SessionFixture.bob(mode);
        var alice = SessionFixture.alice(mode);
        Prekeys prekeys = s.newPrekeys(bob);
        byte[] first = s.initiate(alice, bob.publicIdentity(), prekeys.bundle(), bytes("hello")).firstMessage();
        byte[] exported = prekeys.export();
        int step = mode == CryptoMode.CLASSICAL ? 1 : 13;
        for (int i = 0; i < first.length; i += step) {
            byte[] bad = first.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            assertThrows(QSafeException.class, () -> s.accept(prekeys, bad, null), "byte " + i);
        }
        assertEquals(Reason.UNTRUSTED_PEER, assertThrows(SessionRefusedException.class,
                () -> s.accept(prekeys, first, p -> p.name().equals("carol"))).reason());
        assertArrayEquals(exported, prekeys.export(), "no refusal consumed a prekey");
        var accepted = s.accept(prekeys, first, p -> p.equals(alice.publicIdentity()));
        assertEquals(alice.publicIdentity(), accepted.peer());
        assertArrayEquals(bytes("hello"), accepted.payload());
    }
}
