package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code qsafe --profile cnsa2}: keygen, seal, open, sign and verify with the CNSA 2.0 suite
 * {@code pqc-cnsa2-v1} (ML-KEM-1024, ML-DSA-87, AES-256-GCM, HKDF-SHA384), and its envelopes open without
 * the profile (docs/POLICY.md); several recipients (envelope version 3) under the profile, a non-CNSA recipient
 * refused by the KEM rule.
 */
class Cnsa2CliTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err() + r.out());
        return r;
    }

    @Test
    void keygenSealOpenSignVerify_underCnsa2_useHkdfSha384_andOpenWithoutTheProfile() throws IOException {
        // no --mode: under cnsa2 the default mode is PQC, whose suite is pqc-cnsa2-v1
        ok("--profile", "cnsa2", "keygen", "--name", "alice", "--unprotected", "-o", p("alice.id"));
        ok("--profile", "cnsa2", "keygen", "--mode", "pqc", "--name", "bob", "--unprotected", "-o", p("bob.id"));
        assertTrue(Files.readString(dir.resolve("alice.id.pub")).contains("pqc-cnsa2-v1"),
                Files.readString(dir.resolve("alice.id.pub")));
        byte[] message = "for national security systems".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("msg.txt"), message);

        ok("--profile", "cnsa2", "seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("msg.txt"), "-o", p("msg.qsafe"));
        JsonNode header = JsonMapper.builder().build().readTree(ok("inspect", "--json", p("msg.qsafe")).out());
        assertEquals("HKDF-SHA384", header.get("kdf").asString(), header.toString());
        assertEquals("ML-KEM-1024", header.get("kem").asString(), header.toString());
        assertEquals("AES-256-GCM", header.get("aead").asString(), header.toString());

        ok("--profile", "cnsa2", "open", "--id", p("bob.id"), "--from", p("alice.id.pub"), p("msg.qsafe"), "-o", p("opened.txt"));
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("opened.txt")));
        ok("open", "--id", p("bob.id"), "--from", p("alice.id.pub"), p("msg.qsafe"), "-o", p("opened-free.txt"));
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("opened-free.txt")), "opens without the profile");

        ok("--profile", "cnsa2", "sign", "--id", p("alice.id"), p("msg.txt"), "-o", p("msg.sig"));
        ok("--profile", "cnsa2", "verify", "--from", p("alice.id.pub"), "--signature", p("msg.sig"), p("msg.txt"));

        // without the profile the same keys seal with pqc-v1 (HKDF-SHA256), which cnsa2 refuses to open
        ok("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("msg.txt"), "-o", p("old.qsafe"));
        Cli.Result refused = Cli.run("--profile", "cnsa2", "open", "--id", p("bob.id"), "--from", p("alice.id.pub"),
                p("old.qsafe"), "-o", p("old.txt"));
        assertEquals(4, refused.code(), refused.err());
        assertTrue(refused.err().contains("rule cnsa2.kdf"), refused.err());
        assertTrue(Files.notExists(dir.resolve("old.txt")), "nothing released");
    }

    @Test
    void severalRecipients_underCnsa2_sealAsVersion3WithHkdfSha384_eachOpens_nonCnsaRecipientRefusedByTheKemRule()
            throws IOException {
        ok("--profile", "cnsa2", "keygen", "--name", "alice", "--unprotected", "-o", p("alice.id"));
        ok("--profile", "cnsa2", "keygen", "--name", "bob", "--unprotected", "-o", p("bob.id"));
        ok("--profile", "cnsa2", "keygen", "--name", "carol", "--unprotected", "-o", p("carol.id"));
        ok("keygen", "--mode", "classical", "--name", "dave", "--unprotected", "-o", p("dave.id"));
        byte[] message = "to both, under CNSA 2.0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("msg.txt"), message);

        ok("--profile", "cnsa2", "seal", "--to", p("bob.id.pub"), "--to", p("carol.id.pub"), "--from", p("alice.id"),
                p("msg.txt"), "-o", p("msg.qsafe"));
        JsonNode header = JsonMapper.builder().build().readTree(ok("inspect", "--json", p("msg.qsafe")).out());
        assertEquals(3, header.get("version").asInt(), header.toString());
        assertEquals(2, header.get("recipientCount").asInt(), header.toString());
        assertEquals("HKDF-SHA384", header.get("kdf").asString(), header.toString());
        assertEquals("AES-256-GCM", header.get("aead").asString(), header.toString());
        for (JsonNode r : header.get("recipients")) {
            assertEquals("ML-KEM-1024", r.get("kem").asString(), header.toString());
        }
        for (String who : new String[] {"bob", "carol"}) {
            ok("--profile", "cnsa2", "open", "--id", p(who + ".id"), "--from", p("alice.id.pub"), p("msg.qsafe"),
                    "-o", p(who + ".txt"));
            assertArrayEquals(message, Files.readAllBytes(dir.resolve(who + ".txt")), who);
        }

        Cli.Result refused = Cli.run("--profile", "cnsa2", "seal", "--to", p("bob.id.pub"), "--to", p("dave.id.pub"),
                "--from", p("alice.id"), p("msg.txt"), "-o", p("refused.qsafe"));
        assertEquals(4, refused.code(), refused.err());
        // the recipient's public identity is refused as it is read (its first key the profile does not admit),
        // naming the file
        assertTrue(refused.err().contains("rule cnsa2.") && refused.err().contains("dave.id.pub"), refused.err());
        assertTrue(Files.notExists(dir.resolve("refused.qsafe")), "nothing written");
    }
}
