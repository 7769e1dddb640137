package dev.qsafe.tests.session;

import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The receiving party of {@link SessionReceiveCrashTest}, run as its own JVM so that it can die for real:
 * it loads its session from a {@link FileSessionStore} and opens every message of the inbox in order.
 * For each one that opens it appends the plaintext to the delivered file (forced to disk: that is "the
 * application got it"), then seals a reply and appends it to the outbox. A message refused as a
 * duplicate is appended to the refused file. It dies, on request, with {@code Runtime.halt}.
 *
 * <pre>
 * args: storeDir  identityFile  sessionIdHex  inbox  outbox  delivered  refused  crash
 * crash: none | commit:K (die inside the store write of the K-th message that opens: after its AEAD
 *        succeeded, before the new state is committed) | delivered:K (die right after the K-th delivery)
 * </pre>
 * Exit 0 when done, {@link SessionCrashChild#CRASH_EXIT} when it died on request, 3 on any other refusal.
 */
public final class SessionReceiveCrashChild {
    private SessionReceiveCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        Identity me = IdentityFiles.readUnprotected(Files.readString(Path.of(args[1])), SessionFixture.REGISTRY);
        byte[] sid = HexFormat.of().parseHex(args[2]);
        Path inbox = Path.of(args[3]);
        Path outbox = Path.of(args[4]);
        Path delivered = Path.of(args[5]);
        Path refused = Path.of(args[6]);
        String crash = args[7];
        String point = crash.contains(":") ? crash.substring(0, crash.indexOf(':')) : crash;
        int at = crash.contains(":") ? Integer.parseInt(crash.substring(crash.indexOf(':') + 1)) : -1;

        Sessions sessions = Sessions.of(SessionFixture.REGISTRY);
        try (FileSessionStore files = sessions.fileStore(storeDir, me)) {
            boolean[] opening = {false};
            int[] opened = {0};
            SessionStore store = new SessionStore() {
                @Override
                public void save(byte[] id, byte[] state) {
                    // Session.open calls this only after the AEAD succeeded, before it returns the plaintext
                    if (opening[0] && point.equals("commit") && opened[0] + 1 == at) {
                        Runtime.getRuntime().halt(SessionCrashChild.CRASH_EXIT);
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
            Session session = sessions.load(store, sid, me).orElseThrow();
            for (byte[] m : SessionCrashTest.records(inbox)) {
                byte[] plaintext;
                opening[0] = true;
                try {
                    plaintext = session.open(m);
                } catch (SessionRefusedException e) {
                    if (e.reason() != SessionRefusedException.Reason.DUPLICATE) {
                        System.err.println("refused otherwise than as a duplicate: " + e);
                        Runtime.getRuntime().halt(3);
                    }
                    append(refused, m);
                    continue;
                } finally {
                    opening[0] = false;
                }
                opened[0]++;
                append(delivered, plaintext);
                if (point.equals("delivered") && opened[0] == at) {
                    Runtime.getRuntime().halt(SessionCrashChild.CRASH_EXIT);
                }
                append(outbox, session.seal(("ack " + new String(plaintext, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
            }
        }
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
}
