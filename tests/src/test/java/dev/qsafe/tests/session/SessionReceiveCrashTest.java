package dev.qsafe.tests.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-have 3 of issue 15, receiving side: a child JVM ({@link SessionReceiveCrashChild}) opens messages
 * with its state in a {@link FileSessionStore} and dies between a message's AEAD success and the commit
 * of the new state ({@code commit:K}), or right after a delivery ({@code delivered:K}); then the same
 * messages are delivered again to a restarted child. Every message must reach the application exactly
 * once: the one whose commit the crash cut is opened again and delivered, every one committed before is
 * refused as a duplicate. The receiver's replies (each after a delivery; with interval 1 each first one
 * of a turn opens a KEM ratchet epoch from the state the crash left) must never share an (epoch,
 * generation), and the sender opens all of them.
 */
class SessionReceiveCrashTest {
    private static final int BATCH = 4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void crashBetweenAeadAndCommit_deliversExactlyOnceOrRefusesAsReplay(CryptoMode mode) throws Exception {
        Sessions sessions = Sessions.of(SessionFixture.REGISTRY, SessionConfig.defaults().withRatchetInterval(1));
        Identity alice = SessionFixture.alice(mode);
        Identity bob = SessionFixture.bob(mode);
        Prekeys prekeys = sessions.newPrekeys(bob);
        Sessions.Initiation i = sessions.initiate(alice, bob.publicIdentity(), prekeys.bundle(), "hello".getBytes(StandardCharsets.UTF_8));
        Session aliceSession = i.session();
        Path store = dir.resolve("bob-store");
        try (FileSessionStore s = sessions.fileStore(store, bob)) {
            sessions.accept(prekeys, i.firstMessage(), null).session().persistTo(s);
        }
        Path identity = dir.resolve("bob.json");
        Files.writeString(identity, IdentityFiles.writeUnprotected(bob));
        byte[] sid = aliceSession.sessionId();

        // {crash of the first run, messages it delivers, messages the redelivery refuses as duplicates}
        Object[][] rounds = {{"commit:1", 0, 0}, {"commit:3", 2, 2}, {"delivered:2", 2, 2}, {"commit:4", 3, 3}};
        List<byte[]> repliesRead = new ArrayList<>();
        int round = 0;
        for (Object[] r : rounds) {
            round++;
            // Alice reads Bob's replies so far (her next batch then goes in a new epoch) and sends a batch
            List<byte[]> replies = SessionCrashTest.records(dir.resolve("outbox"));
            for (byte[] reply : replies.subList(repliesRead.size(), replies.size())) {
                aliceSession.open(reply); // a reply sealed with a reused key and nonce would be refused here
                repliesRead.add(reply);
            }
            List<byte[]> batch = new ArrayList<>();
            for (int k = 1; k <= BATCH; k++) {
                batch.add(aliceSession.seal(("round " + round + " message " + k).getBytes(StandardCharsets.UTF_8)));
            }
            writeRecords(dir.resolve("inbox"), batch);
            Files.deleteIfExists(dir.resolve("delivered"));
            Files.deleteIfExists(dir.resolve("refused"));

            String crash = (String) r[0];
            assertEquals(SessionCrashChild.CRASH_EXIT, run(store, identity, sid, crash), "the child's exit for " + crash);
            List<byte[]> delivered = SessionCrashTest.records(dir.resolve("delivered"));
            assertEquals((int) r[1], delivered.size(), crash + ": delivered before the crash");
            assertEquals(0, SessionCrashTest.records(dir.resolve("refused")).size(), crash + ": nothing refused before the crash");

            assertEquals(0, run(store, identity, sid, "none"), "the redelivery after " + crash);
            delivered = SessionCrashTest.records(dir.resolve("delivered"));
            List<byte[]> refused = SessionCrashTest.records(dir.resolve("refused"));
            assertEquals((int) r[2], refused.size(), crash + ": committed messages refused as duplicates on redelivery");
            for (int k = 0; k < refused.size(); k++) {
                assertArrayEquals(batch.get(k), refused.get(k), crash + ": the refused ones are the committed ones");
            }
            assertEquals(BATCH, delivered.size(), crash + ": every message delivered exactly once: " + texts(delivered));
            for (int k = 0; k < BATCH; k++) {
                assertEquals("round " + round + " message " + (k + 1), new String(delivered.get(k), StandardCharsets.UTF_8),
                        crash + ": delivered in order, once each");
            }
        }
        List<byte[]> replies = SessionCrashTest.records(dir.resolve("outbox"));
        for (byte[] reply : replies.subList(repliesRead.size(), replies.size())) {
            aliceSession.open(reply);
        }
        // one reply per delivery, except where the child died right after delivering (delivered:K)
        long diedAfterDelivery = java.util.Arrays.stream(rounds).filter(r -> ((String) r[0]).startsWith("delivered:")).count();
        assertEquals(rounds.length * BATCH - diedAfterDelivery, replies.size(), "one reply per delivery that did not end in a crash");
        assertEquals(Map.of(), SessionCrashTest.reused(replies), "a reply's (epoch, generation) left twice: a key and nonce were used twice");
    }

    private static List<String> texts(List<byte[]> l) {
        return l.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private int run(Path store, Path identity, byte[] sid, String crash) throws Exception {
        String testClasses = new File(SessionReceiveCrashChild.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dqsafe.hwaccel.native=false",
                "--module-path", System.getProperty("jdk.module.path"), "--patch-module", "dev.qsafe.tests=" + testClasses,
                "-m", "dev.qsafe.tests/" + SessionReceiveCrashChild.class.getName(), store.toString(), identity.toString(),
                HexFormat.of().formatHex(sid), dir.resolve("inbox").toString(), dir.resolve("outbox").toString(),
                dir.resolve("delivered").toString(), dir.resolve("refused").toString(), crash);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end");
        }
        if (p.exitValue() != 0 && p.exitValue() != SessionCrashChild.CRASH_EXIT) {
            throw new AssertionError("the child failed (" + p.exitValue() + "): " + Files.readString(dir.resolve("child.log")));
        }
        return p.exitValue();
    }

    private static void writeRecords(Path file, List<byte[]> records) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(records.stream().mapToInt(r -> r.length + 4).sum());
        records.forEach(r -> b.putInt(r.length).put(r));
        Files.write(file, b.array());
    }
}
