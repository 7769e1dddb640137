package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two people on one machine: identities, mailboxes on a relay, {@code qsafe send} and {@code qsafe
 * receive} both ways with one-shot envelopes; and what goes wrong (a forged sender, a relay that is
 * gone, a bad address) ends with the documented exit codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendReceiveTest {
    @TempDir
    static Path dir;
    RelayServer relay;
    String pass;

    @BeforeAll
    void start() throws Exception {
        relay = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + dir.resolve("relay.db")).build());
        Path p = dir.resolve("pass.txt");
        Files.writeString(p, "correct horse battery staple\n");
        pass = p.toString();
        for (String who : new String[] {"alice", "bob", "mallory"}) {
            assertEquals(0, Cli.run("keygen", "--mode", "classical", "--name", who, "-o", p(who + ".id"),
                    "--passphrase-file", pass).code());
            Cli.cheapen(dir.resolve(who + ".id"), "correct horse battery staple");
        }
    }

    @AfterAll
    void stop() {
        relay.close();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private String address(String who) {
        return address(who, relay);
    }

    private String address(String who, RelayServer on) {
        Cli.Result r = Cli.run("receive", "--mailbox", p(who + ".mailbox"), "--relay", on.uri().toString(), "--address-only");
        assertEquals(0, r.code(), r.err());
        return r.out().strip();
    }

    @Test
    void twoPeople_exchangeMessages_throughTheRelay() throws Exception {
        String bob = address("bob");
        String alice = address("alice");
        assertTrue(bob.startsWith(relay.uri() + "#"), bob);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("bob.mailbox")), "the mailbox holds a signing key");
        assertEquals(bob, address("bob"), "an existing mailbox keeps its address");

        Files.writeString(dir.resolve("hi.txt"), "hello bob\n");
        Cli.Result sent = Cli.run("send", "--to", p("bob.id.pub"), "--from", p("alice.id"), "--passphrase-file", pass,
                "--address", bob, p("hi.txt"));
        assertEquals(0, sent.code(), sent.err());
        assertTrue(sent.out().startsWith("sent "), sent.out());
        assertFalse(new String(Files.readAllBytes(dir.resolve("relay.db")), StandardCharsets.ISO_8859_1).contains("hello bob"),
                "the relay stores only the envelope");

        Cli.Result got = Cli.run("receive", "--mailbox", p("bob.mailbox"), "--id", p("bob.id"), "--from", p("alice.id.pub"),
                "--passphrase-file", pass);
        assertEquals(0, got.code(), got.err());
        assertEquals("hello bob\n", new String(got.stdout(), StandardCharsets.UTF_8));
        Cli.Result again = Cli.run("receive", "--mailbox", p("bob.mailbox"), "--id", p("bob.id"), "--from", p("alice.id.pub"),
                "--passphrase-file", pass);
        assertEquals(0, again.code());
        assertEquals(0, again.stdout().length, "delivered once: deleted after it was written");

        Cli.Result reply = Cli.runWithStdin("hi alice".getBytes(StandardCharsets.UTF_8), "send", "--to", p("alice.id.pub"),
                "--from", p("bob.id"), "--passphrase-file", pass, "--address", alice);
        assertEquals(0, reply.code(), reply.err());
        Path inbox = dir.resolve("inbox");
        Cli.Result read = Cli.run("receive", "--mailbox", p("alice.mailbox"), "--id", p("alice.id"), "--from", p("bob.id.pub"),
                "--passphrase-file", pass, "--out-dir", inbox.toString(), "--wait", "1");
        assertEquals(0, read.code(), read.err());
        assertEquals("hi alice", Files.readString(inbox.resolve("1.msg")));
    }

    @Test
    void aForgedSender_isReportedAndDropped_exit1() throws Exception {
        String bob = address("bob2");
        assertEquals(0, Cli.runWithStdin("not from alice".getBytes(StandardCharsets.UTF_8), "send", "--to", p("bob.id.pub"),
                "--from", p("mallory.id"), "--passphrase-file", pass, "--address", bob).code());
        Cli.Result got = Cli.run("receive", "--mailbox", p("bob2.mailbox"), "--id", p("bob.id"), "--from", p("alice.id.pub"),
                "--passphrase-file", pass);
        assertEquals(1, got.code(), got.err());
        assertTrue(got.err().contains("does not open"), got.err());
        assertEquals(0, got.stdout().length, "nothing unauthenticated is written");
        Cli.Result after = Cli.run("receive", "--mailbox", p("bob2.mailbox"), "--id", p("bob.id"), "--from",
                p("alice.id.pub"), "--passphrase-file", pass);
        assertEquals(0, after.code(), "the forged message was dropped");
    }

    @Test
    void badAddress_exit2_relayGone_exit5() {
        RelayServer gone = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + dir.resolve("gone.db")).build());
        String bob = address("bob3", gone);
        assertEquals(2, Cli.runWithStdin(new byte[] {1}, "send", "--to", p("bob.id.pub"), "--from", p("alice.id"),
                "--passphrase-file", pass, "--address", "nowhere").code());
        assertEquals(2, Cli.run("receive", "--mailbox", p("nobody.mailbox"), "--address-only").code());
        gone.close();
        Cli.Result r = Cli.runWithStdin(new byte[] {1}, "send", "--to", p("bob.id.pub"), "--from", p("alice.id"),
                "--passphrase-file", pass, "--address", bob);
        assertEquals(5, r.code(), r.err());
        assertTrue(r.err().contains("relay unreachable"), r.err());
    }
}
