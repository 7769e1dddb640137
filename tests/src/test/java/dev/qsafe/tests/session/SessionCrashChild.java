package dev.qsafe.tests.session;

import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionStore;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The sending party of {@link SessionCrashTest}, run as its own JVM so that it can die for real: it loads
 * its session from a {@link FileSessionStore}, opens the peer's replies from an inbox, then seals messages
 * and appends each to an outbox file (forced to disk: that is "the message left"). It dies, on request,
 * with {@code Runtime.halt} at a chosen point, or runs until the test kills it.
 *
 * <pre>
 * args: safe|unsafe  storeDir  identityFile  sessionIdHex  inbox  outbox  count(-1 = forever)  crash
 * crash: none | persist:K (die inside the K-th store write, before it writes: between seal and persist)
 *        | sent:K (die right after the K-th message left) | beforeSave:K (unsafe only: the K-th message
 *        left, its state is not yet stored)
 * </pre>
 * "unsafe" is the negative control: the session has no store attached and the state is saved after the
 * message leaves, the order the store contract forbids.
 */
public final class SessionCrashChild {
    static final int CRASH_EXIT = 77;

    private SessionCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean safe = args[0].equals("safe");
        Path storeDir = Path.of(args[1]);
        Identity me = IdentityFiles.readUnprotected(Files.readString(Path.of(args[2])), registry());
        byte[] sid = HexFormat.of().parseHex(args[3]);
        Path inbox = Path.of(args[4]);
        Path outbox = Path.of(args[5]);
        int count = Integer.parseInt(args[6]);
        String crash = args[7];
        String point = crash.contains(":") ? crash.substring(0, crash.indexOf(':')) : crash;
        int at = crash.contains(":") ? Integer.parseInt(crash.substring(crash.indexOf(':') + 1)) : -1;

        Sessions sessions = Sessions.of(registry());
        truncateToWholeRecords(outbox);
        try (FileSessionStore files = sessions.fileStore(storeDir, me)) {
            int[] saves = {0};
            SessionStore store = new SessionStore() {
                @Override
                public void save(byte[] id, byte[] state) {
                    if (point.equals("persist") && ++saves[0] == at) {
                        Runtime.getRuntime().halt(CRASH_EXIT); // between seal and persist
                    }
                    files.save(id, state);
                }

                @Override
                public Optional<byte[]> load(byte[] id) {
                    return files.load(id);
                }

                @Override
                public List<byte[]> sessionIds() {
                    return files.sessionIds();
                }

                @Override
                public void delete(byte[] id) {
                    files.delete(id);
                }
            };
            Session session = safe ? sessions.load(store, sid, me).orElseThrow()
                    : sessions.restore(files.load(sid).orElseThrow(), me);
            for (byte[] reply : SessionCrashTest.records(inbox)) {
                try {
                    session.open(reply);
                    if (!safe) {
                        files.save(sid, session.export());
                    }
                } catch (SessionRefusedException opened) {
                    // opened in an earlier run
                }
            }
            // the opens above counted as store writes; the crash counts from the first seal
            saves[0] = 0;
            SecureRandom random = new SecureRandom();
            for (int i = 1; count < 0 || i <= count; i++) {
                byte[] r = new byte[8];
                random.nextBytes(r);
                byte[] m = session.seal(("message " + i + " " + HexFormat.of().formatHex(r)).getBytes(StandardCharsets.UTF_8));
                append(outbox, m);
                if ((point.equals("sent") || point.equals("beforeSave")) && i == at) {
                    Runtime.getRuntime().halt(CRASH_EXIT);
                }
                if (!safe) {
                    files.save(sid, session.export());
                }
            }
        }
    }

    private static CryptoRegistry registry() {
        return SessionFixture.REGISTRY;
    }

    private static void append(Path file, byte[] m) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.allocate(4 + m.length).putInt(m.length).put(m).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /** A record cut short by a kill did not leave: drop it, so that later records stay readable. */
    private static void truncateToWholeRecords(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long whole = SessionCrashTest.wholeLength(Files.readAllBytes(file));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(whole);
            ch.force(true);
        }
    }
}
