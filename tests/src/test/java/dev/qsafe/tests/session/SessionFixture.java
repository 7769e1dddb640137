package dev.qsafe.tests.session;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.util.EnumMap;
import java.util.Map;

/** Shared registry and identities for the session tests. */
final class SessionFixture {
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());
    private static final Map<CryptoMode, Identity[]> IDS = new EnumMap<>(CryptoMode.class);

    private SessionFixture() {
    }

    static synchronized Identity alice(CryptoMode mode) {
        return ids(mode)[0];
    }

    static synchronized Identity bob(CryptoMode mode) {
        return ids(mode)[1];
    }

    static synchronized Identity mallory(CryptoMode mode) {
        return ids(mode)[2];
    }

    private static Identity[] ids(CryptoMode mode) {
        return IDS.computeIfAbsent(mode, m -> new Identity[] {Identity.generate("alice", Suite.defaultFor(m), REGISTRY),
                Identity.generate("bob", Suite.defaultFor(m), REGISTRY), Identity.generate("mallory", Suite.defaultFor(m), REGISTRY)});
    }

    /** Alice (initiator) and Bob (responder), after the first message was accepted. */
    record Pair(Sessions sessions, Session alice, Session bob, Prekeys bobPrekeys) {
    }

    static Pair pair(CryptoMode mode) {
        return pair(mode, SessionConfig.defaults());
    }

    static Pair pair(CryptoMode mode, SessionConfig config) {
        Sessions sessions = Sessions.of(REGISTRY, config);
        Prekeys prekeys = sessions.newPrekeys(bob(mode));
        Sessions.Initiation i = sessions.initiate(alice(mode), bob(mode).publicIdentity(), prekeys.bundle(), "hello".getBytes());
        Sessions.Acceptance a = sessions.accept(prekeys, i.firstMessage(), p -> p.equals(alice(mode).publicIdentity()));
        return new Pair(sessions, i.session(), a.session(), prekeys);
    }

    /** Header length of a session message, read as docs/SESSION.md lays it out. */
    static int headerLength(byte[] m) {
        int pos = 29;
        if ((m[28] & 1) != 0) {
            for (int f = 0; f < 2; f++) {
                int first = m[pos] & 0xFF;
                int len;
                if (first >>> 6 == 0) {
                    len = first;
                    pos += 1;
                } else if (first >>> 6 == 1) {
                    len = ((first & 0x3F) << 8) | (m[pos + 1] & 0xFF);
                    pos += 2;
                } else {
                    throw new AssertionError("unexpected length prefix");
                }
                pos += len;
            }
        }
        return pos;
    }

    static long epochOf(byte[] m) {
        return ((m[20] & 0xFFL) << 24) | ((m[21] & 0xFFL) << 16) | ((m[22] & 0xFFL) << 8) | (m[23] & 0xFFL);
    }

    static long generationOf(byte[] m) {
        return ((m[24] & 0xFFL) << 24) | ((m[25] & 0xFFL) << 16) | ((m[26] & 0xFFL) << 8) | (m[27] & 0xFFL);
    }
}
