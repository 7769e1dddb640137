package dev.qsafe.tests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The documented bound on a session's state (docs/SESSION.md, "Limits"), after worst-case use with the
 * default limits: the skipped-key store full (4,096 keys, spread over the epochs kept by jumps of the
 * largest allowed size), three epochs' receiving chains, a ratchet key pair of its own, an epoch it
 * opened still pending (its KEM ciphertext and next key kept) and the peer's identity.
 */
class SessionStateBoundTest {
    /** Exported (and stored) state: 52 bytes per skipped key, 44 per kept epoch, 16 KiB for the rest. */
    static long exportBound(SessionConfig c) {
        return 52L * c.maxSkippedKeys() + 44L * c.epochsKept() + 16 * 1024;
    }

    /** In memory: 192 bytes per skipped key (entry, slot, key array, table), 64 KiB for the rest. */
    static long memoryBound(SessionConfig c) {
        return 192L * c.maxSkippedKeys() + 64 * 1024;
    }

    /** Stored file: the exported state, the file header (at most 4 + 1 + 40 + 8 + 32 + 12 bytes) and the tag. */
    static long fileBound(SessionConfig c) {
        return exportBound(c) + 128;
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void worstCaseState_staysWithinTheDocumentedBound(CryptoMode mode) throws Exception {
        SessionConfig config = SessionConfig.defaults();
        SessionFixture.Pair p = SessionFixture.pair(mode, config);
        Session alice = p.alice();
        Session bob = p.bob();
        int jump = config.maxForwardJump();
        for (int round = 0; round < 2; round++) {
            byte[] last = null;
            for (int i = 0; i <= jump; i++) {
                last = alice.seal(new byte[] {(byte) i});
            }
            bob.open(last); // skips 2,048 keys
            alice.open(bob.seal("turn".getBytes())); // bob opens the next epoch, alice answers in the one after
        }
        // two jumps of the largest size in the newest chain: the store holds only keys that survive the next epoch trim
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 2 * (jump + 1); i++) {
            batch.add(alice.seal(new byte[] {(byte) i}));
        }
        bob.open(batch.get(jump));
        bob.open(batch.get(batch.size() - 1));
        long epochBefore = bob.epoch();
        for (int i = 0; i < config.ratchetIntervalFor(mode); i++) {
            bob.seal("pending".getBytes()); // bob opens an epoch alice never answers: its ciphertext, next key and key pair kept
        }
        assertEquals(config.maxSkippedKeys(), bob.skippedKeys(), "the skipped-key store is full");
        assertEquals(epochBefore + 1, bob.epoch(), "bob opened an epoch that stays pending");

        byte[] state = bob.export();
        assertTrue(state.length <= exportBound(config), mode + ": exported state " + state.length + " > " + exportBound(config));
        Path store = dir.resolve(mode.name());
        try (FileSessionStore s = p.sessions().fileStore(store, SessionFixture.bob(mode))) {
            bob.persistTo(s);
        }
        long file = Files.size(store.resolve("s-" + HexFormat.of().formatHex(bob.sessionId()) + ".state"));
        assertTrue(file <= fileBound(config), mode + ": stored file " + file + " > " + fileBound(config));

        // in memory: many copies restored from the state, measured on the heap after collection
        int copies = 12;
        List<Session> held = new ArrayList<>();
        long before = usedHeap();
        for (int i = 0; i < copies; i++) {
            held.add(p.sessions().restore(state, SessionFixture.bob(mode)));
        }
        long perSession = (usedHeap() - before) / copies;
        assertEquals(copies, held.size());
        System.out.printf("session state bound %s: export %d B (bound %d), file %d B, memory ~%d B (bound %d)%n", mode, state.length,
                exportBound(config), file, perSession, memoryBound(config));
        assertTrue(perSession <= memoryBound(config), mode + ": ~" + perSession + " bytes in memory > " + memoryBound(config));
        held.forEach(Session::destroy);
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
