package dev.qsafe.tests.session;

import static dev.qsafe.tests.session.SessionFixture.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bundle split for a relay (docs/RELAY.md, "Invitations"): the signed-prekey-only bundle and the
 * one-time prekey records, joined one at a time as the relay hands them out. Each joined bundle
 * verifies and starts a session on its own one-time prekey; a used one is refused; a modified record
 * or a record of another identity fails the signature check; malformed joins are refused.
 */
class BundleSplitTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void joinedBundles_startSessionsOnDistinctOneTimePrekeys(CryptoMode mode) {
        Sessions s = Sessions.of(REGISTRY);
        var alice = SessionFixture.alice(mode);
        var bob = SessionFixture.bob(mode);
        Prekeys prekeys = s.newPrekeys(bob);
        byte[] signed = prekeys.signedBundle();
        List<byte[]> records = new ArrayList<>(prekeys.oneTimeRecords().values());
        assertEquals(prekeys.oneTimeCount(), records.size());
        s.verifyBundle(bob.publicIdentity(), signed);

        List<byte[]> firsts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] joined = Sessions.joinBundle(signed, records.get(i));
            s.verifyBundle(bob.publicIdentity(), joined);
            firsts.add(s.initiate(alice, bob.publicIdentity(), joined, bytes("m" + i)).firstMessage());
        }
        int before = prekeys.oneTimeCount();
        for (int i = 0; i < 3; i++) {
            Sessions.Acceptance a = s.accept(prekeys, firsts.get(i), p -> p.equals(alice.publicIdentity()));
            assertArrayEquals(bytes("m" + i), a.payload());
        }
        assertEquals(before - 3, prekeys.oneTimeCount(), "each first message used its own one-time prekey");
        byte[] again = s.initiate(alice, bob.publicIdentity(), Sessions.joinBundle(signed, records.get(0)), bytes("x")).firstMessage();
        assertEquals(Reason.PREKEY_UNKNOWN, assertThrows(SessionRefusedException.class,
                () -> s.accept(prekeys, again, p -> true)).reason(), "a one-time prekey handed out twice is refused the second time");
    }

    @ParameterizedTest
    @EnumSource(value = CryptoMode.class, names = "CLASSICAL")
    void modifiedOrForeignRecords_andMalformedJoins_areRefused(CryptoMode mode) {
        Sessions s = Sessions.of(REGISTRY);
        var bob = SessionFixture.bob(mode);
        Prekeys prekeys = s.newPrekeys(bob);
        byte[] signed = prekeys.signedBundle();
        byte[] record = prekeys.oneTimeRecords().values().iterator().next();
        byte[] modified = record.clone();
        modified[10] ^= 1; // inside the key
        assertThrows(InvalidSignatureException.class, () -> s.verifyBundle(bob.publicIdentity(), Sessions.joinBundle(signed, modified)));
        byte[] mallorys = s.newPrekeys(SessionFixture.mallory(mode)).oneTimeRecords().values().iterator().next();
        assertThrows(InvalidSignatureException.class, () -> s.verifyBundle(bob.publicIdentity(), Sessions.joinBundle(signed, mallorys)));
        assertEquals(Reason.MALFORMED, assertThrows(SessionRefusedException.class,
                () -> Sessions.joinBundle(prekeys.bundle(), record)).reason(), "a bundle that already has one-time prekeys");
        assertEquals(Reason.MALFORMED, assertThrows(SessionRefusedException.class,
                () -> Sessions.joinBundle(signed, java.util.Arrays.copyOf(record, record.length - 1))).reason());
        assertEquals(Reason.MALFORMED, assertThrows(SessionRefusedException.class,
                () -> Sessions.joinBundle(signed, java.util.Arrays.copyOf(record, record.length + 1))).reason());
        byte[] signedKind = record.clone();
        signedKind[0] = 1;
        assertEquals(Reason.MALFORMED, assertThrows(SessionRefusedException.class,
                () -> Sessions.joinBundle(signed, signedKind)).reason());
    }
}
