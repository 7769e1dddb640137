package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.relay.HttpSignatures;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invitations, contacts and messages over sessions through a real relay (SQLite in a temporary folder):
 * every refusal with its documented exit code (bad URI 2, fingerprint mismatch 1, unknown contact 2,
 * relay down 5), one-time prekeys handed to one accepter only, a message the relay did not acknowledge
 * sent by the next send, and a redelivered message written once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactsRelayTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    RelayServer relay;

    @BeforeAll
    void start() {
        relay = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + dir.resolve("relay.db")).build());
        for (String who : new String[] {"alice", "bob", "carol", "dave"}) {
            assertEquals(0, Cli.run("keygen", "--mode", "classical", "--name", who, "--unprotected", "-o", p(who + ".id")).code());
        }
    }

    @AfterAll
    void stop() {
        relay.close();
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    private String invite(String who) {
        Cli.Result r = Cli.run("invite", "--id", p(who + ".id"), "--relay", relay.uri().toString());
        assertEquals(0, r.code(), r.err());
        return r.out().strip();
    }

    private static Cli.Result send(String from, String to, String text, String... more) {
        return Cli.runWithStdin(text.getBytes(StandardCharsets.UTF_8),
                Cli.concat(new String[] {"send", "--id", p(from + ".id"), "--to", to}, more));
    }

    private static JsonNode receiveJson(String who) {
        Cli.Result r = Cli.run("receive", "--id", p(who + ".id"), "--json");
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void newCommands_haveHelpWithExampleAndExitCodes() {
        for (String[] cmd : new String[][] {{"invite", "--help"}, {"contact", "--help"}, {"contact", "add", "--help"},
                {"contact", "list", "--help"}, {"send", "--help"}, {"receive", "--help"}}) {
            Cli.Result r = Cli.run(cmd);
            assertEquals(0, r.code(), String.join(" ", cmd));
            assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:") && r.out().contains("--json"),
                    String.join(" ", cmd) + ":\n" + r.out());
        }
    }

    @Test
    void sessionBothWays_thenOneShot_andJson() throws Exception {
        String a = invite("alice");
        assertTrue(a.matches("qsafe\\+http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{22}#fp=[0-9a-f]{64}"), a);
        assertEquals(a, invite("alice"), "the invitation of an identity is stable");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("alice.id.relay/mailbox.json")), "the mailbox holds a signing key");
        Cli.Result added = Cli.run("contact", "add", "--id", p("bob.id"), "--name", "alice", a, "--json");
        assertEquals(0, added.code(), added.err());
        assertEquals("alice", JSON.readTree(added.out()).get("name").asString());
        assertEquals(0, Cli.run("contact", "accept", "--id", p("alice.id"), "--name", "bob", invite("bob")).code());
        assertEquals(2, Cli.run("contact", "add", "--id", p("bob.id"), "--name", "alice", a).code(), "a name already taken");

        Cli.Result s1 = send("alice", "bob", "one", "--json");
        assertEquals(0, s1.code(), s1.err());
        assertEquals("session", JSON.readTree(s1.out()).get("via").asString());
        assertEquals(0, send("alice", "bob", "two").code());
        JsonNode got = receiveJson("bob");
        assertEquals(2, got.get("messages").size(), got.toString());
        assertEquals("one", got.get("messages").get(0).get("text").asString());
        assertEquals("two", got.get("messages").get(1).get("text").asString());
        assertEquals("alice", got.get("messages").get(0).get("from").asString());

        assertEquals(0, send("bob", "alice", "three").code());
        Cli.Result r = Cli.run("receive", "--id", p("alice.id"));
        assertEquals(0, r.code(), r.err());
        assertEquals("bob: three\n", new String(r.stdout(), StandardCharsets.UTF_8));
        JsonNode list = JSON.readTree(Cli.run("contact", "list", "--id", p("alice.id"), "--json").out());
        assertTrue(list.get("contacts").get(0).get("session").isString(), "the session is recorded: " + list);

        Cli.Result env = send("alice", "bob", "four", "--one-shot", "--json");
        assertEquals(0, env.code(), env.err());
        assertEquals("envelope", JSON.readTree(env.out()).get("via").asString());
        JsonNode e = receiveJson("bob").get("messages").get(0);
        assertEquals("four", e.get("text").asString());
        assertEquals("envelope", e.get("via").asString());
    }

    @Test
    void refusals_haveTheirExitCodes() throws Exception {
        String c = invite("carol");
        // a bad URI: 2
        for (String bad : List.of("http://127.0.0.1:1/x", "qsafe+http://127.0.0.1:1/short#fp=00", c.replace("#fp=", "#xx="),
                c.substring(0, c.indexOf('#')), c + "0")) {
            assertEquals(2, Cli.run("contact", "add", "--id", p("dave.id"), bad).code(), bad);
        }
        // a fingerprint that is not the served identity's: 1, nothing stored
        String fp = c.substring(c.indexOf("#fp=") + 4);
        String other = (fp.charAt(0) == 'a' ? "b" : "a") + fp.substring(1);
        Cli.Result tampered = Cli.run("contact", "add", "--id", p("dave.id"), "--name", "carol", c.replace(fp, other));
        assertEquals(1, tampered.code(), tampered.err());
        assertTrue(tampered.err().contains("fingerprint mismatch"), tampered.err());
        assertTrue(!Files.exists(dir.resolve("dave.id.relay/contacts/carol.json")), "a refused invitation is not stored");
        // another mailbox id on the same relay: no invitation there (5) or another identity (1)
        String id = c.substring(c.lastIndexOf('/') + 1, c.indexOf('#'));
        String unknown = c.replace(id, (id.charAt(0) == 'A' ? "B" : "A") + id.substring(1));
        assertEquals(5, Cli.run("contact", "add", "--id", p("dave.id"), unknown).code());
        // an unknown contact: 2
        Cli.Result u = send("dave", "nobody", "x");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("unknown contact"), u.err());
        // a relay that is gone: 5
        RelayServer gone = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + dir.resolve("gone.db")).build());
        Cli.Result inv = Cli.run("invite", "--id", p("dave.id"), "--folder", p("dave-gone"), "--relay", gone.uri().toString());
        assertEquals(0, inv.code(), inv.err());
        gone.close();
        assertEquals(5, Cli.run("contact", "add", "--id", p("carol.id"), "--folder", p("carol-gone"), inv.out().strip()).code());
        assertEquals(5, Cli.run("receive", "--id", p("dave.id"), "--folder", p("dave-gone")).code());
    }

    @Test
    void oneTimePrekeys_goToOneAccepterEach() throws Exception {
        String d = invite("dave");
        int before = JSON.readTree(Cli.run("invite", "--id", p("dave.id"), "--json").out()).get("oneTimePrekeysPublished").asInt();
        assertEquals(0, before, "a second invite publishes no one-time prekey twice");
        // 20 one-time prekeys were published: each accepter takes a different one, and sessions from all open
        for (int i = 0; i < 3; i++) {
            String folder = p("acc" + i);
            assertEquals(0, Cli.run("contact", "add", "--id", p("alice.id"), "--folder", folder, "--name", "dave", d).code());
            assertEquals(0, Cli.run("invite", "--id", p("alice.id"), "--folder", folder, "--relay", relay.uri().toString()).code());
        }
        Files.createDirectories(dir.resolve("dave.id.relay/contacts"));
        // dave accepts alice (whose three folders share one identity) as a contact from one of her invitations
        String ai = Cli.run("invite", "--id", p("alice.id"), "--folder", p("acc0")).out().strip();
        assertEquals(0, Cli.run("contact", "add", "--id", p("dave.id"), "--name", "alice", ai).code());
        for (int i = 0; i < 3; i++) {
            Cli.Result s = Cli.runWithStdin(("hi " + i).getBytes(StandardCharsets.UTF_8), "send", "--id", p("alice.id"),
                    "--folder", p("acc" + i), "--store", p("acc" + i + ".sessions"), "--to", "dave");
            assertEquals(0, s.code(), s.err());
        }
        JsonNode got = receiveJson("dave");
        assertEquals(3, got.get("messages").size(), "three first messages, each to its own one-time prekey: " + got);
        assertEquals(0, got.get("failed").asInt());
        JsonNode more = JSON.readTree(Cli.run("invite", "--id", p("dave.id"), "--one-time", "5", "--json").out());
        assertEquals(5, more.get("oneTimePrekeysPublished").asInt(), "--one-time adds and publishes only the new ones");
        assertEquals(2, Cli.run("invite", "--id", p("dave.id"), "--one-time", "0").code());
    }

    @Test
    void redelivery_isWrittenOnce_andAnUnacknowledgedSend_isSentByTheNext() throws Exception {
        String b = invite("bob");
        String c = invite("carol");
        assertEquals(0, Cli.run("contact", "add", "--id", p("carol.id"), "--name", "bob2", b).code());
        assertEquals(0, Cli.run("contact", "add", "--id", p("bob.id"), "--name", "carol", c).code());
        assertEquals(0, send("carol", "bob2", "once").code());
        assertEquals(0, send("carol", "bob2", "twice").code());

        // read the queue as bob's relay client would, without deleting
        JsonNode box = JSON.readTree(Files.readString(dir.resolve("bob.id.relay/mailbox.json")));
        byte[] seed = Base64.getUrlDecoder().decode(box.get("key").asString());
        RelayClient client = new RelayClient(relay.uri());
        List<RelayClient.Message> raw = client.fetch(box.get("recv_id").asString(), HttpSignatures.ed25519PrivateKey(seed), 0,
                Duration.ZERO);
        assertEquals(2, raw.size());

        JsonNode first = receiveJson("bob");
        assertEquals(2, first.get("messages").size(), first.toString());
        assertEquals("once", first.get("messages").get(0).get("text").asString());
        assertEquals("twice", first.get("messages").get(1).get("text").asString());
        // the second deposited again: under its own id the relay answers as for a duplicate and stores
        // nothing (its tombstone lives until the message's TTL); under another id the relay stores it,
        // and the receiver drops it by the session's replay rule
        String sendId = box.get("send_id").asString();
        client.deposit(sendId, raw.get(1).body(), raw.get(1).id(), null);
        assertEquals(0, client.fetch(box.get("recv_id").asString(), HttpSignatures.ed25519PrivateKey(seed), 0, Duration.ZERO).size(),
                "a deposit replayed after its delete is not stored again");
        client.deposit(sendId, raw.get(1).body(), RelayClient.newId(), null);
        JsonNode again = receiveJson("bob");
        assertEquals(0, again.get("messages").size(), again.toString());
        assertEquals(1, again.get("duplicatesDropped").asInt(), "dropped by the session's replay rule");
        // the first message replayed under another id: its one-time prekey is gone, so it is refused (exit 1), nothing written
        client.deposit(sendId, raw.get(0).body(), RelayClient.newId(), null);
        Cli.Result replay = Cli.run("receive", "--id", p("bob.id"));
        assertEquals(1, replay.code(), replay.err());
        assertEquals(0, replay.stdout().length);
        assertTrue(replay.err().contains("refused"), replay.err());

        // carol's relay is down: the send exits 5 and keeps the message; the next send delivers both, in order
        int port = relay.uri().getPort();
        relay.close();
        try {
            assertEquals(5, send("carol", "bob2", "while down").code());
        } finally {
            relay = RelayServer.start(RelayConfig.builder().port(port).storage("sqlite:" + dir.resolve("relay.db")).build());
        }
        Cli.Result next = send("carol", "bob2", "after", "--json");
        assertEquals(0, next.code(), next.err());
        assertEquals(1, JSON.readTree(next.out()).get("earlierDelivered").asInt());
        JsonNode got = receiveJson("bob");
        assertEquals(2, got.get("messages").size(), got.toString());
        assertEquals("while down", got.get("messages").get(0).get("text").asString());
        assertEquals("after", got.get("messages").get(1).get("text").asString());
    }
}
