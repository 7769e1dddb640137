package dev.qsafe.tests.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionStoreException;
import dev.qsafe.session.SessionStoreException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The embedded session store and the store contract of {@link Session} (docs/SESSION.md, "Storing sessions"). */
class SessionStoreTest {
    @TempDir
    Path dir;

    private static Path stateFile(Path store, Session s) {
        return store.resolve("s-" + HexFormat.of().formatHex(s.sessionId()) + ".state");
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void storedSession_reloadsAndContinues_andIsEncryptedAtRest(CryptoMode mode) throws Exception {
        SessionFixture.Pair p = SessionFixture.pair(mode);
        Path store = dir.resolve("alice");
        byte[] m1;
        try (FileSessionStore s = p.sessions().fileStore(store, SessionFixture.alice(mode))) {
            p.alice().persistTo(s);
            m1 = p.alice().seal("one".getBytes());
            assertEquals(List.of(HexFormat.of().formatHex(p.alice().sessionId())),
                    s.sessionIds().stream().map(HexFormat.of()::formatHex).toList());
        }
        byte[] onDisk = Files.readAllBytes(stateFile(store, p.alice()));
        byte[] plain = p.alice().export();
        // the state's secret part (after the peer identity) never appears in the file
        byte[] tail = java.util.Arrays.copyOfRange(plain, plain.length - 64, plain.length);
        assertFalse(contains(onDisk, tail), "the stored file holds the state in the clear");
        if (Files.getFileStore(store).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(stateFile(store, p.alice())));
        }
        try (FileSessionStore s = p.sessions().fileStore(store, SessionFixture.alice(mode))) {
            Session again = p.sessions().load(s, p.alice().sessionId(), SessionFixture.alice(mode)).orElseThrow();
            assertArrayEquals(plain, again.export());
            byte[] m2 = again.seal("two".getBytes());
            assertEquals("one", new String(p.bob().open(m1)));
            assertEquals("two", new String(p.bob().open(m2)));
        }
    }

    /**
     * {@code qsafe key rotate} (docs/KEYS.md, "Keysets"): the store was sealed to the key that was primary
     * (under the fingerprint before the first rotation); the rotated identity opens it with that key, its
     * sessions continue, and the store key moves to the new primary, so retiring the old key later keeps it open.
     */
    @Test
    void afterKeyRotation_theStoreAndItsSessionsContinue_andMoveToTheNewPrimary() throws Exception {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        dev.qsafe.runtime.keys.Identity alice = SessionFixture.alice(CryptoMode.CLASSICAL);
        Path store = dir.resolve("alice");
        byte[] m1;
        try (FileSessionStore s = p.sessions().fileStore(store, alice)) {
            p.alice().persistTo(s);
            m1 = p.alice().seal("one".getBytes());
        }
        byte[] keyFile = Files.readAllBytes(store.resolve("store.key"));
        dev.qsafe.runtime.keys.Identity rotated = alice.rotate(SessionFixture.REGISTRY);
        assertFalse(rotated.publicIdentity().fingerprint().equals(alice.publicIdentity().fingerprint()),
                "the first rotation changes the fingerprint (docs/KEYS.md), which the store key file names");
        try (FileSessionStore s = p.sessions().fileStore(store, rotated)) {
            Session again = p.sessions().load(s, p.alice().sessionId(), rotated).orElseThrow();
            byte[] m2 = again.seal("two".getBytes());
            assertEquals("one", new String(p.bob().open(m1)));
            assertEquals("two", new String(p.bob().open(m2)));
        }
        assertFalse(java.security.MessageDigest.isEqual(keyFile, Files.readAllBytes(store.resolve("store.key"))),
                "the store key was sealed again, to the new primary");
        // rotate again and retire the key the store was first sealed to: it still opens
        dev.qsafe.runtime.keys.Identity retired = rotated.rotate(SessionFixture.REGISTRY).retire(alice.kem().publicKey().keyId());
        try (FileSessionStore s = p.sessions().fileStore(store, retired)) {
            Session again = p.sessions().load(s, p.alice().sessionId(), retired).orElseThrow();
            assertEquals("three", new String(p.bob().open(again.seal("three".getBytes()))));
        }
    }

    /** A store sealed to a key that was retired before the store moved to the primary: a typed error that says what to do. */
    @Test
    void storeSealedToARetiredKey_isRefused_namingTheRemedy() {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        dev.qsafe.runtime.keys.Identity alice = SessionFixture.alice(CryptoMode.CLASSICAL);
        try (FileSessionStore s = p.sessions().fileStore(dir, alice)) {
            p.alice().persistTo(s);
        }
        dev.qsafe.runtime.keys.Identity retired = alice.rotate(SessionFixture.REGISTRY).retire(alice.kem().publicKey().keyId());
        SessionStoreException e = assertThrows(SessionStoreException.class, () -> p.sessions().fileStore(dir, retired));
        assertEquals(Kind.WRONG_IDENTITY, e.kind());
        assertTrue(e.getMessage().contains("qsafe key reactivate"), e.getMessage());
        // the remedy works
        dev.qsafe.runtime.keys.Identity reactivated = retired.reactivate(alice.kem().publicKey().keyId());
        try (FileSessionStore s = p.sessions().fileStore(dir, reactivated)) {
            assertTrue(p.sessions().load(s, p.alice().sessionId(), reactivated).isPresent());
        }
        try (FileSessionStore s = p.sessions().fileStore(dir, reactivated.retire(alice.kem().publicKey().keyId()))) {
            assertEquals(1, s.sessionIds().size());
        }
    }

    @Test
    void anotherIdentity_cannotOpenTheStore() {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        try (FileSessionStore s = p.sessions().fileStore(dir, SessionFixture.alice(CryptoMode.CLASSICAL))) {
            p.alice().persistTo(s);
        }
        SessionStoreException e = assertThrows(SessionStoreException.class,
                () -> p.sessions().fileStore(dir, SessionFixture.mallory(CryptoMode.CLASSICAL)));
        assertEquals(Kind.WRONG_IDENTITY, e.kind());
    }

    @Test
    void aModifiedByte_isRefusedAsCorrupt() throws Exception {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.HYBRID);
        var alice = SessionFixture.alice(CryptoMode.HYBRID);
        try (FileSessionStore s = p.sessions().fileStore(dir, alice)) {
            p.alice().persistTo(s);
        }
        Path f = stateFile(dir, p.alice());
        byte[] good = Files.readAllBytes(f);
        for (int i : new int[] {3, 10, 30, good.length / 2, good.length - 1}) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(f, bad);
            try (FileSessionStore s = p.sessions().fileStore(dir, alice)) {
                SessionStoreException e = assertThrows(SessionStoreException.class, () -> s.load(p.alice().sessionId()));
                assertEquals(Kind.CORRUPT, e.kind(), "byte " + i);
            }
        }
        // a state file renamed to another session's name is refused too (the name is authenticated)
        Files.write(f, good);
        byte[] other = p.alice().sessionId();
        other[0] ^= 1;
        Files.copy(f, dir.resolve("s-" + HexFormat.of().formatHex(other) + ".state"));
        try (FileSessionStore s = p.sessions().fileStore(dir, alice)) {
            assertEquals(Kind.CORRUPT, assertThrows(SessionStoreException.class, () -> s.load(other)).kind());
        }
    }

    @Test
    void aRolledBackFile_isRefused() throws Exception {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        var alice = SessionFixture.alice(CryptoMode.CLASSICAL);
        try (FileSessionStore s = p.sessions().fileStore(dir, alice)) {
            p.alice().persistTo(s);
            byte[] old = Files.readAllBytes(stateFile(dir, p.alice()));
            p.alice().seal("x".getBytes());
            Files.write(stateFile(dir, p.alice()), old); // an attacker or a backup puts the old state back
            assertEquals(Kind.ROLLBACK, assertThrows(SessionStoreException.class, () -> s.load(p.alice().sessionId())).kind());
        }
    }

    @Test
    void oneProcessHoldsAStore() {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        var alice = SessionFixture.alice(CryptoMode.CLASSICAL);
        try (FileSessionStore s = p.sessions().fileStore(dir, alice)) {
            assertEquals(Kind.LOCKED, assertThrows(SessionStoreException.class, () -> p.sessions().fileStore(dir, alice)).kind());
        }
        p.sessions().fileStore(dir, alice).close(); // released
    }

    @Test
    void seal_storesTheStateBeforeItEncrypts_andAFailedStoreNeverReusesTheGeneration() {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        AtomicReference<byte[]> stored = new AtomicReference<>();
        boolean[] fail = {true};
        long sealedBefore = p.sessions().metrics().get("messages.sealed");
        p.alice().persistTo(state -> {
            if (fail[0]) {
                throw new SessionStoreException(Kind.IO, "disk full", null);
            }
            stored.set(state.clone());
        });
        assertThrows(SessionStoreException.class, () -> p.alice().seal("lost".getBytes()));
        assertEquals(sealedBefore, p.sessions().metrics().get("messages.sealed"), "nothing was encrypted before the state was stored");
        fail[0] = false;
        byte[] m = p.alice().seal("kept".getBytes());
        assertEquals(1, SessionFixture.generationOf(m), "the generation whose state could not be stored is never used");
        // the stored state is already past the message it was stored for
        Session restored = p.sessions().restore(stored.get(), SessionFixture.alice(CryptoMode.CLASSICAL));
        assertEquals(2, SessionFixture.generationOf(restored.seal("after restart".getBytes())));
        assertEquals("kept", new String(p.bob().open(m)));
    }

    @Test
    void open_storesOnlyAfterTheAead_andAFailedStoreLeavesTheStateAsItWas() {
        SessionFixture.Pair p = SessionFixture.pair(CryptoMode.CLASSICAL);
        byte[] m = p.alice().seal("m".getBytes());
        int[] saves = {0};
        boolean[] fail = {true};
        p.bob().persistTo(state -> {
            saves[0]++;
            if (fail[0]) {
                throw new SessionStoreException(Kind.IO, "disk full", null);
            }
        });
        byte[] tampered = m.clone();
        tampered[tampered.length - 1] ^= 1;
        byte[] before = p.bob().export();
        assertThrows(RuntimeException.class, () -> p.bob().open(tampered));
        assertEquals(0, saves[0], "a message that fails its AEAD stores nothing");
        assertThrows(SessionStoreException.class, () -> p.bob().open(m));
        assertEquals(1, saves[0]);
        assertArrayEquals(before, p.bob().export(), "a failed store rolls the open back in memory");
        fail[0] = false;
        assertEquals("m", new String(p.bob().open(m)));
        assertEquals(SessionRefusedException.Reason.DUPLICATE,
                assertThrows(SessionRefusedException.class, () -> p.bob().open(m)).reason());
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        return Stream.iterate(0, i -> i <= hay.length - needle.length, i -> i + 1)
                .anyMatch(i -> java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length));
    }
}
