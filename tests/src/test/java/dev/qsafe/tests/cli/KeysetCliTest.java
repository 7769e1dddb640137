package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe key rotate|list|retire|reactivate|destroy} end to end: after a rotation senders seal to the new
 * primary and old envelopes still open; a retired key refuses (exit 1) until reactivated; a destroyed key's
 * private bytes leave the file; {@code key list --json} shows ids, status, creation time and mode; a .pub
 * whose statuses were flipped is refused.
 */
class KeysetCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    private void ok(String... args) {
        Cli.Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    private JsonNode list(String file) {
        Cli.Result r = run("key", "list", "--json", p(file));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    private Cli.Result open(String envelope, String out) {
        return run("open", "--id", p("bob.id"), "--from", p("alice.id.pub"), p(envelope), "-o", p(out));
    }

    /** CLASSICAL to HYBRID to PQC in one keyset is refused before anything is written, naming the remedy. */
    @Test
    void rotateToAnotherMode_isRefused_andTheFilesStayAsTheyWere() throws IOException {
        ok("keygen", "--mode", "classical", "--name", "carol", "-o", p("carol.id"), "--unprotected");
        byte[] id = Files.readAllBytes(dir.resolve("carol.id"));
        byte[] pub = Files.readAllBytes(dir.resolve("carol.id.pub"));
        for (String mode : new String[] {"hybrid", "pqc"}) {
            Cli.Result r = run("key", "rotate", "--id", p("carol.id"), "--mode", mode);
            assertEquals(ExitCodes.USAGE, r.code(), r.err());
            assertTrue(r.err().contains("never mixes modes") && r.err().contains("qsafe keygen --mode " + mode), r.err());
            assertArrayEquals(id, Files.readAllBytes(dir.resolve("carol.id")), "the identity file is unchanged");
            assertArrayEquals(pub, Files.readAllBytes(dir.resolve("carol.id.pub")), "the public file is unchanged");
        }
        ok("key", "rotate", "--id", p("carol.id"), "--mode", "classical"); // its own mode: an ordinary rotation
        assertEquals(2, list("carol.id").get("keys").size());
    }

    @Test
    void rotateListRetireReactivateDestroy_endToEnd() throws IOException {
        ok("keygen", "--mode", "pqc", "--name", "alice", "-o", p("alice.id"), "--unprotected");
        ok("keygen", "--mode", "pqc", "--name", "bob", "-o", p("bob.id"), "--unprotected");
        byte[] message = "before the rotation".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("msg.txt"), message);
        ok("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("msg.txt"), "-o", p("old.qsafe"));
        JsonNode single = list("bob.id");
        assertEquals(1, single.get("keys").size());
        String oldId = single.get("keys").get(0).get("keyId").asString();

        Cli.Result rotate = run("key", "rotate", "--id", p("bob.id"));
        assertEquals(0, rotate.code(), rotate.err());
        assertTrue(rotate.err().contains("new primary key"), rotate.err());

        JsonNode keys = list("bob.id").get("keys");
        assertEquals(2, keys.size());
        assertEquals(oldId, keys.get(0).get("keyId").asString());
        assertEquals("active", keys.get(0).get("status").asString());
        assertTrue(keys.get(0).get("created").isNull(), "the first key's creation time was not recorded");
        assertEquals("primary", keys.get(1).get("status").asString());
        assertTrue(keys.get(1).get("created").asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), keys.toString());
        assertEquals("PQC", keys.get(1).get("mode").asString());
        String newId = keys.get(1).get("keyId").asString();
        JsonNode published = list("bob.id.pub");
        assertEquals("public", published.get("file").asString());
        assertEquals(2, published.get("keys").size());
        Cli.Result text = run("key", "list", p("bob.id"));
        assertTrue(text.out().contains(newId) && text.out().contains("primary") && text.out().contains("unknown"), text.out());

        // senders seal to the new primary; both envelopes open
        ok("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("msg.txt"), "-o", p("new.qsafe"));
        Cli.Result inspect = run("inspect", "--json", p("new.qsafe"));
        assertEquals(newId, JSON.readTree(inspect.out()).get("recipientKeyId").asString(), inspect.out());
        assertEquals(0, open("new.qsafe", "new.out").code());
        assertEquals(0, open("old.qsafe", "old.out").code());
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("old.out")));

        // the primary cannot be retired; an old key can, and then refuses to open
        assertEquals(ExitCodes.USAGE, run("key", "retire", "--id", p("bob.id"), newId).code());
        ok("key", "retire", "--id", p("bob.id"), oldId);
        Cli.Result refused = open("old.qsafe", "old2.out");
        assertEquals(ExitCodes.CRYPTO_FAILURE, refused.code(), refused.err());
        assertTrue(refused.err().contains("retired"), refused.err());
        assertFalse(Files.exists(dir.resolve("old2.out")));
        assertEquals(1, list("bob.id.pub").get("keys").size(), "a retired key is not published");

        ok("key", "reactivate", "--id", p("bob.id"), oldId);
        assertEquals(0, open("old.qsafe", "old3.out").code());

        // destroy needs --force; then the private bytes are gone from the file
        String oldPrivate = JSON.readTree(Files.readString(dir.resolve("bob.id"))).get("keys").get("kem").get(0)
                .get("privateKey").asString();
        assertEquals(ExitCodes.USAGE, run("key", "destroy", "--id", p("bob.id"), oldId).code());
        ok("key", "destroy", "--id", p("bob.id"), oldId, "--force");
        String file = Files.readString(dir.resolve("bob.id"));
        assertFalse(file.contains(oldPrivate), "the destroyed private key is not in the file");
        assertEquals("destroyed", list("bob.id").get("keys").get(0).get("status").asString());
        Cli.Result gone = open("old.qsafe", "old4.out");
        assertEquals(ExitCodes.CRYPTO_FAILURE, gone.code(), gone.err());
        assertTrue(gone.err().contains("destroyed"), gone.err());
        assertEquals(0, open("new.qsafe", "new2.out").code());
    }

    @Test
    void pubWithFlippedStatuses_isRefused() throws IOException {
        ok("keygen", "--mode", "classical", "--name", "alice", "-o", p("alice.id"), "--unprotected");
        ok("keygen", "--mode", "classical", "--name", "bob", "-o", p("bob.id"), "--unprotected");
        ok("key", "rotate", "--id", p("bob.id"));
        ObjectNode pub = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("bob.id.pub")));
        ((ObjectNode) pub.get("keys").get("kem").get(0)).put("status", "primary");
        ((ObjectNode) pub.get("keys").get("kem").get(1)).put("status", "active");
        Files.writeString(dir.resolve("flipped.pub"), pub.toPrettyString());
        Files.writeString(dir.resolve("msg.txt"), "hello");

        Cli.Result seal = run("seal", "--to", p("flipped.pub"), "--from", p("alice.id"), p("msg.txt"), "-o", p("m.qsafe"));
        assertEquals(ExitCodes.USAGE, seal.code(), seal.err());
        assertTrue(seal.err().contains("selfSignature"), seal.err());
        assertFalse(Files.exists(dir.resolve("m.qsafe")));
        assertEquals(ExitCodes.USAGE, run("key", "list", p("flipped.pub")).code());
        assertEquals(0, run("key", "show", p("bob.id.pub")).code());
    }

    @Test
    void protectedIdentity_staysProtectedAcrossARotation() throws IOException {
        Path pass = dir.resolve("pass.txt");
        Files.writeString(pass, "a long and careful passphrase\n");
        ok("keygen", "--mode", "classical", "--name", "carol", "-o", p("carol.id"), "--passphrase-file", pass.toString());
        Cli.cheapen(dir.resolve("carol.id"), "a long and careful passphrase");
        ok("key", "rotate", "--id", p("carol.id"), "--passphrase-file", pass.toString());
        JsonNode file = JSON.readTree(Files.readString(dir.resolve("carol.id")));
        assertEquals("qsafe-identity", file.get("format").asString());
        assertEquals(2, file.get("version").asInt());
        assertEquals(2, list("carol.id.pub").get("keys").size());
        Cli.Result listed = run("key", "list", p("carol.id"), "--passphrase-file", pass.toString());
        assertEquals(0, listed.code(), listed.err());
    }

    @Test
    void keysetCommands_haveHelpWithExamplesAndExitCodes() {
        for (String c : new String[] {"list", "rotate", "retire", "reactivate", "destroy"}) {
            Cli.Result help = run("key", c, "--help");
            assertEquals(0, help.code(), c);
            assertTrue(help.out().contains("Examples:") && help.out().contains("Exit codes:") && help.out().contains("qsafe key " + c),
                    c + ": " + help.out());
        }
    }
}
