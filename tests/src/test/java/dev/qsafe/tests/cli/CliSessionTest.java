package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code qsafe session}: a two-party exchange through files in every mode, its refusals and exit codes, and the status counters. */
class CliSessionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private String pass;

    private void identities(CryptoMode mode) throws IOException {
        CryptoRegistry r = CryptoRegistry.discover(RegistryConfig.defaults());
        for (var a : Suite.defaultFor(mode).algorithms()) {
            Assumptions.assumeTrue(r.selection(a).selected().isPresent(), () -> mode + " needs " + a);
        }
        Path f = dir.resolve("pass.txt");
        Files.writeString(f, "correct horse battery staple\n");
        pass = f.toString();
        String m = mode.name().toLowerCase(Locale.ROOT);
        for (String who : new String[] {"alice", "bob"}) {
            Cli.Result k = Cli.run("keygen", "--mode", m, "--name", who, "-o", p(who + ".id"), "--passphrase-file", pass);
            assertEquals(0, k.code(), k.err());
            Cli.cheapen(dir.resolve(who + ".id"), "correct horse battery staple");
        }
    }

    private Cli.Result session(String... args) {
        return Cli.run(Cli.concat(new String[] {"session"}, args, new String[] {"--passphrase-file", pass}));
    }

    private static JsonNode json(Cli.Result r) {
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void twoPartyExchangeThroughFiles(CryptoMode mode) throws IOException {
        identities(mode);
        JsonNode bundle = json(session("bundle", "--id", p("bob.id"), "-o", p("bob.bundle"), "--json"));
        assertTrue(bundle.get("created").asBoolean());
        assertEquals(20, bundle.get("oneTimePrekeys").asInt());
        assertTrue(Files.isRegularFile(dir.resolve("bob.id.sessions/prekeys.state")));

        Files.writeString(dir.resolve("hello.txt"), "hello bob, in " + mode);
        JsonNode init = json(session("init", "--id", p("alice.id"), "--to", p("bob.id.pub"), "--bundle", p("bob.bundle"),
                p("hello.txt"), "-o", p("m1"), "--json"));
        String sid = init.get("sessionId").asString();
        assertEquals(32, sid.length());
        assertEquals("bob", init.get("peer").asString());

        // a first message needs a peer Bob names
        assertEquals(2, session("receive", "--id", p("bob.id"), p("m1"), "-o", p("nope")).code());
        assertFalse(Files.exists(dir.resolve("nope")));
        JsonNode got1 = json(session("receive", "--id", p("bob.id"), "--from", p("alice.id.pub"), p("m1"), "-o", p("got1"), "--json"));
        assertEquals(sid, got1.get("sessionId").asString());
        assertTrue(got1.get("firstMessage").asBoolean());
        assertEquals("hello bob, in " + mode, Files.readString(dir.resolve("got1")));
        // the same first message again: the one-time prekey is gone (exit 2, nothing written)
        assertEquals(2, session("receive", "--id", p("bob.id"), "--from", p("alice.id.pub"), p("m1"), "-o", p("again")).code());
        assertFalse(Files.exists(dir.resolve("again")));

        Files.writeString(dir.resolve("reply.txt"), "hi alice");
        JsonNode sent = json(session("send", "--id", p("bob.id"), "--session", sid, p("reply.txt"), "-o", p("m2"), "--json"));
        assertEquals(1, sent.get("epoch").asInt(), "bob's first reply opens a KEM ratchet epoch");
        Cli.Result toStdout = session("receive", "--id", p("alice.id"), p("m2"));
        assertEquals(0, toStdout.code(), toStdout.err());
        assertArrayEquals("hi alice".getBytes(StandardCharsets.UTF_8), toStdout.stdout());

        for (int i = 3; i <= 5; i++) {
            Files.writeString(dir.resolve("t" + i), "message " + i);
            assertEquals(0, session("send", "--id", p("alice.id"), "--session", sid, p("t" + i), "-o", p("m" + i)).code());
        }
        for (int i : new int[] {5, 3, 4}) { // out of order
            Cli.Result r = session("receive", "--id", p("bob.id"), p("m" + i), "-o", p("got" + i));
            assertEquals(0, r.code(), r.err());
            assertEquals("message " + i, Files.readString(dir.resolve("got" + i)));
        }
        Cli.Result dup = session("receive", "--id", p("bob.id"), p("m4"), "-o", p("dup"));
        assertEquals(2, dup.code(), "a duplicate is refused");
        assertTrue(dup.err().contains("opened before"), dup.err());
        assertFalse(Files.exists(dir.resolve("dup")));

        assertEquals(0, session("send", "--id", p("bob.id"), "--session", sid, p("reply.txt"), "-o", p("m6")).code());
        byte[] modified = Files.readAllBytes(dir.resolve("m6"));
        modified[modified.length - 1] ^= 1;
        Files.write(dir.resolve("m6x"), modified);
        assertEquals(1, session("receive", "--id", p("alice.id"), p("m6x"), "-o", p("x")).code(), "a modified message fails its AEAD");
        assertFalse(Files.exists(dir.resolve("x")));
        assertEquals(0, session("receive", "--id", p("alice.id"), p("m6"), "-o", p("got6")).code(), "the state was left as it was");

        // the store is encrypted under the identity: another identity cannot open it (exit 1), a missing session is exit 2
        assertEquals(1, session("send", "--id", p("bob.id"), "--store", p("alice.id.sessions"), "--session", sid, p("t3"), "-o", p("y")).code());
        assertEquals(2, session("send", "--id", p("bob.id"), "--session", "00".repeat(16), p("t3"), "-o", p("y")).code());
        assertEquals(2, session("send", "--id", p("bob.id"), "--session", "not-hex", p("t3"), "-o", p("y")).code());
    }

    @Test
    void demo_showsASessionBesideTheOneShotEnvelopes() {
        Cli.Result r = Cli.run("demo", "--warmup-ms", "20", "--measure-ms", "40");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("session seal+open") && r.out().contains("one-shot / session"), r.out());
        JsonNode j = JSON.readTree(Cli.run("demo", "--mode", "hybrid", "--warmup-ms", "0", "--measure-ms", "5", "--json").out());
        JsonNode us = j.get("modes").get(0).get("microseconds");
        assertTrue(us.get("sessionSetup").asDouble() > 0 && us.get("sessionMessage").asDouble() > 0, us.toString());
        assertTrue(us.get("sessionMessage").asDouble() < us.get("seal").asDouble(), "a session message costs less than a one-shot seal");
    }

    @Test
    void helpHasExamplesAndExitCodes() {
        for (String sub : new String[] {"bundle", "init", "send", "receive"}) {
            Cli.Result h = Cli.run("session", sub, "--help");
            assertEquals(0, h.code());
            assertTrue(h.out().contains("Examples:") && h.out().contains("Exit codes:"), h.out());
        }
    }

    @Test
    void statusProbe_reportsSessionCounters() {
        Cli.Result r = Cli.run("status", "--probe", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode s = JSON.readTree(r.out()).get("metrics").get("sessions");
        assertTrue(s.get("sessions.initiated").asLong() >= 1, s.toString());
        assertTrue(s.get("ratchet.steps").asLong() >= 1, s.toString());
        assertTrue(s.get("refused.DUPLICATE").asLong() >= 1, s.toString());
        assertEquals(0, s.get("sessions.live").asLong(), "the probe destroys its sessions");
        assertTrue(s.has("skippedKeys.held"), s.toString());
    }
}
