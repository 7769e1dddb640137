package dev.qsafe.tests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Must-have 3 of issue 15: a session's state survives a crash without a key or nonce ever used twice.
 * A child JVM ({@link SessionCrashChild}) sends from a {@link FileSessionStore} and dies between seal and
 * persist, right after a message left, and at random moments (killed by this test); after every restart
 * it goes on from the store. Every message that left must have its own (epoch, generation) — the pair
 * that fixes the AEAD key and nonce — and the peer must open every one of them. The negative control
 * runs the same child with the state saved after the message leaves and shows that this test sees the
 * reuse that order causes.
 */
class SessionCrashTest {
    private static final Random RANDOM = new Random();

    @TempDir
    Path dir;

    record Setup(Sessions sessions, Identity alice, Session bob, byte[] sid, Path store, Path identity, Path inbox, Path outbox) {
    }

    private Setup setup(CryptoMode mode) throws IOException {
        // interval 1: the sender opens a KEM ratchet epoch on every turn, so its stored state must also carry its new ratchet key
        Sessions sessions = Sessions.of(SessionFixture.REGISTRY, SessionConfig.defaults().withRatchetInterval(1));
        Identity alice = SessionFixture.alice(mode);
        Identity bob = SessionFixture.bob(mode);
        Prekeys prekeys = sessions.newPrekeys(bob);
        Sessions.Initiation i = sessions.initiate(alice, bob.publicIdentity(), prekeys.bundle(), "hello".getBytes());
        Path store = dir.resolve("alice-store");
        try (FileSessionStore s = sessions.fileStore(store, alice)) {
            i.session().persistTo(s);
        }
        Session bobSession = sessions.accept(prekeys, i.firstMessage(), null).session();
        Path identity = dir.resolve("alice.json");
        Files.writeString(identity, IdentityFiles.writeUnprotected(alice));
        return new Setup(sessions, alice, bobSession, i.session().sessionId(), store, identity, dir.resolve("inbox"), dir.resolve("outbox"));
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void crashesBetweenSealAndPersist_neverReuseAKeyOrNonce(CryptoMode mode) throws Exception {
        Setup s = setup(mode);
        List<String> crashes = mode == CryptoMode.CLASSICAL
                ? List.of("persist:1", "persist:3", "sent:2", "persist:2", "kill", "sent:1", "kill", "persist:1", "none")
                : List.of("persist:2", "sent:1", "kill", "persist:1", "none");
        int seen = 0;
        List<byte[]> replies = new ArrayList<>();
        for (String crash : crashes) {
            int code = crash.equals("kill") ? runAndKill(s, "safe") : run(s, "safe", 4, crash);
            assertEquals(crash.equals("none") ? 0 : crash.equals("kill") ? -1 : SessionCrashChild.CRASH_EXIT, code,
                    "the child's exit for " + crash);
            List<byte[]> sent = records(s.outbox());
            // Bob reads what left since the last run, out of order, and answers once (a KEM ratchet turn)
            List<byte[]> fresh = new ArrayList<>(sent.subList(seen, sent.size()));
            Collections.shuffle(fresh, RANDOM);
            for (byte[] m : fresh) {
                s.bob().open(m); // a message sealed with a state that was not stored would fail here or later
            }
            seen = sent.size();
            replies.add(s.bob().seal(("reply after " + crash).getBytes()));
            writeRecords(s.inbox(), replies);
        }
        List<byte[]> sent = records(s.outbox());
        assertTrue(sent.size() >= crashes.size(), "messages sent: " + sent.size());
        assertEquals(Map.of(), reused(sent), "an (epoch, generation) left twice: a key and nonce were used twice");
        assertTrue(SessionFixture.epochOf(sent.get(sent.size() - 1)) >= crashes.size(), "every run stepped the KEM ratchet");
    }

    @Test
    void negativeControl_savingAfterTheMessageLeft_reusesAKeyAndNonce() throws Exception {
        Setup s = setup(CryptoMode.CLASSICAL);
        assertEquals(SessionCrashChild.CRASH_EXIT, run(s, "unsafe", 4, "beforeSave:2"));
        assertEquals(0, run(s, "unsafe", 2, "none"));
        Map<String, List<byte[]>> reused = reused(records(s.outbox()));
        assertEquals(1, reused.size(), "the generation whose state was not saved left twice");
        List<byte[]> twice = reused.values().iterator().next();
        assertFalse(Arrays.equals(twice.get(0), twice.get(1)), "two different messages under one key and nonce");
    }

    /** Messages grouped by (session, epoch, generation), only the groups with more than one. */
    static Map<String, List<byte[]>> reused(List<byte[]> messages) {
        Map<String, List<byte[]>> by = new HashMap<>();
        for (byte[] m : messages) {
            String slot = HexFormat.of().formatHex(m, 4, 20) + "/" + SessionFixture.epochOf(m) + "/" + SessionFixture.generationOf(m);
            by.computeIfAbsent(slot, k -> new ArrayList<>()).add(m);
        }
        by.values().removeIf(l -> l.size() < 2);
        return by;
    }

    private static List<String> java(Setup s, String kind, int count, String crash) {
        String testClasses = new File(SessionCrashChild.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dqsafe.hwaccel.native=false",
                "--module-path", System.getProperty("jdk.module.path"), "--patch-module", "dev.qsafe.tests=" + testClasses,
                "-m", "dev.qsafe.tests/" + SessionCrashChild.class.getName(), kind, s.store().toString(), s.identity().toString(),
                HexFormat.of().formatHex(s.sid()), s.inbox().toString(), s.outbox().toString(), Integer.toString(count), crash);
    }

    private int run(Setup s, String kind, int count, String crash) throws Exception {
        Process p = new ProcessBuilder(java(s, kind, count, crash)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end");
        }
        if (p.exitValue() != 0 && p.exitValue() != SessionCrashChild.CRASH_EXIT) {
            throw new AssertionError("the child failed: " + Files.readString(dir.resolve("child.log")));
        }
        return p.exitValue();
    }

    /** Runs the child until it has sent a few messages, then kills it (SIGKILL) at a random moment. */
    private int runAndKill(Setup s, String kind) throws Exception {
        int before = records(s.outbox()).size();
        Process p = new ProcessBuilder(java(s, kind, -1, "none")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (records(s.outbox()).size() < before + 3) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the child stopped early: " + Files.readString(dir.resolve("child.log")));
            }
            Thread.sleep(5);
        }
        Thread.sleep(RANDOM.nextInt(30));
        p.destroyForcibly().waitFor();
        return -1;
    }

    // ---- length-prefixed record files ----

    static List<byte[]> records(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        while (b.remaining() >= 4) {
            int len = b.getInt(b.position());
            if (len < 0 || len > b.remaining() - 4) {
                break; // cut short by a kill: never left
            }
            b.getInt();
            byte[] m = new byte[len];
            b.get(m);
            out.add(m);
        }
        return out;
    }

    static long wholeLength(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.remaining() >= 4) {
            int len = b.getInt(b.position());
            if (len < 0 || len > b.remaining() - 4) {
                break;
            }
            b.position(b.position() + 4 + len);
        }
        return b.position();
    }

    private static void writeRecords(Path file, List<byte[]> records) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(records.stream().mapToInt(r -> r.length + 4).sum());
        records.forEach(r -> b.putInt(r.length).put(r));
        Files.write(file, b.array());
    }
}
