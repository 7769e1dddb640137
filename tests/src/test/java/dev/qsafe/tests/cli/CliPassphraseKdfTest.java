package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passphrase-protected identities under {@code qsafe --profile fips} (docs/POLICY.md, docs/KEYS.md "Passphrase
 * protection"): keygen without {@code --kdf} is refused naming the rule and {@code --kdf pbkdf2}, nothing written;
 * {@code --kdf pbkdf2} writes a PBKDF2 file that seals, opens and rotates under the profile (the rotation keeps
 * PBKDF2); an Argon2id identity is refused naming the rule, the file and {@code qsafe key protect}; that command,
 * run without the profile, re-protects it with the same passphrase and the profile then reads it.
 */
class CliPassphraseKdfTest {
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

    private JsonNode json(String name) throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(dir.resolve(name)));
    }

    @Test
    void fips_keygenNeedsKdfPbkdf2_argon2idIdentityRefusedWithTheWayOut_keyProtectMovesIt() throws IOException {
        Files.writeString(dir.resolve("pw"), "a long passphrase for the fips profile\n");
        String pw = p("pw");
        byte[] message = "under the fips profile".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("msg.txt"), message);

        // no silent fallback: the default KDF is refused, naming the rule and the option; nothing is written
        Cli.Result refused = Cli.run("--profile", "fips", "keygen", "--mode", "pqc", "-o", p("a.id"), "--passphrase-file", pw);
        assertEquals(4, refused.code(), refused.err());
        assertTrue(refused.err().contains("rule fips.password-kdf") && refused.err().contains("--kdf pbkdf2"), refused.err());
        assertTrue(Files.notExists(dir.resolve("a.id")) && Files.notExists(dir.resolve("a.id.pub")), "nothing written");

        ok("--profile", "fips", "keygen", "--mode", "pqc", "--kdf", "pbkdf2", "--name", "alice", "-o", p("a.id"),
                "--passphrase-file", pw);
        JsonNode a = json("a.id");
        assertEquals(3, a.get("version").asInt());
        assertEquals("PBKDF2-HMAC-SHA512", a.get("protection").get("kdf").asString());

        // bob: an Argon2id identity made without the profile
        ok("keygen", "--mode", "pqc", "--name", "bob", "-o", p("b.id"), "--passphrase-file", pw);
        assertEquals("Argon2id", json("b.id").get("protection").get("kdf").asString());
        ok("--profile", "fips", "seal", "--to", p("b.id.pub"), "--from", p("a.id"), p("msg.txt"), "-o", p("msg.qsafe"),
                "--passphrase-file", pw);
        Cli.Result open = Cli.run("--profile", "fips", "open", "--id", p("b.id"), "--from", p("a.id.pub"), p("msg.qsafe"),
                "-o", p("opened.txt"), "--passphrase-file", pw);
        assertEquals(4, open.code(), open.err());
        assertTrue(open.err().contains("rule fips.password-kdf") && open.err().contains(p("b.id"))
                && open.err().contains("qsafe key protect --id FILE --kdf pbkdf2"), open.err());
        assertTrue(Files.notExists(dir.resolve("opened.txt")));
        // re-protecting needs reading the Argon2id file, which the profile refuses too
        assertEquals(4, Cli.run("--profile", "fips", "key", "protect", "--id", p("b.id"), "--kdf", "pbkdf2",
                "--passphrase-file", pw).code());

        String pubBefore = Files.readString(dir.resolve("b.id.pub"));
        Cli.Result protect = ok("key", "protect", "--id", p("b.id"), "--kdf", "pbkdf2", "--passphrase-file", pw);
        assertTrue(protect.err().contains("PBKDF2-HMAC-SHA512") && protect.err().contains("same passphrase"), protect.err());
        assertEquals("PBKDF2-HMAC-SHA512", json("b.id").get("protection").get("kdf").asString());
        assertEquals(pubBefore, Files.readString(dir.resolve("b.id.pub")), "the public identity is unchanged");
        ok("--profile", "fips", "open", "--id", p("b.id"), "--from", p("a.id.pub"), p("msg.qsafe"), "-o", p("opened.txt"),
                "--passphrase-file", pw);
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("opened.txt")));

        // a rotation under the profile keeps PBKDF2 (version 4), never Argon2id
        Cli.Result rotate = ok("--profile", "fips", "key", "rotate", "--id", p("b.id"), "--passphrase-file", pw);
        assertTrue(rotate.err().contains("identity file version 4"), rotate.err());
        assertEquals(4, json("b.id").get("version").asInt());
        assertEquals("PBKDF2-HMAC-SHA512", json("b.id").get("protection").get("kdf").asString());
        ok("--profile", "fips", "open", "--id", p("b.id"), "--from", p("a.id.pub"), p("msg.qsafe"), "-o", p("again.txt"),
                "--passphrase-file", pw);
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("again.txt")));

        // and back to Argon2id without the profile, same passphrase
        ok("key", "protect", "--id", p("b.id"), "--kdf", "argon2id", "--passphrase-file", pw);
        assertEquals(2, json("b.id").get("version").asInt(), "a keyset file with Argon2id is version 2 again");
        ok("open", "--id", p("b.id"), "--from", p("a.id.pub"), p("msg.qsafe"), "-o", p("third.txt"), "--passphrase-file", pw);
    }

    @Test
    void keygenAndProtect_usageErrors_andAnUnprotectedFileGetsAPassphrase() throws IOException {
        Files.writeString(dir.resolve("pw"), "another long passphrase, for the usage tests\n");
        String pw = p("pw");
        Cli.Result both = Cli.run("keygen", "--mode", "classical", "--unprotected", "--kdf", "pbkdf2", "-o", p("x.id"));
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--unprotected"), both.err());
        Cli.Result unknown = Cli.run("keygen", "--mode", "classical", "--kdf", "scrypt", "-o", p("y.id"), "--passphrase-file", pw);
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("pbkdf2") && unknown.err().contains("argon2id"), unknown.err());
        assertTrue(Files.notExists(dir.resolve("y.id")));

        ok("keygen", "--mode", "classical", "--unprotected", "-o", p("u.id"));
        ok("key", "protect", "--id", p("u.id"), "--kdf", "pbkdf2", "--passphrase-file", pw);
        JsonNode u = json("u.id");
        assertEquals("qsafe-identity", u.get("format").asString());
        assertEquals("PBKDF2-HMAC-SHA512", u.get("protection").get("kdf").asString());
        ok("key", "list", p("u.id"), "--passphrase-file", pw);
        Files.writeString(dir.resolve("wrong"), "not the passphrase at all, sorry\n");
        assertEquals(1, Cli.run("key", "list", p("u.id"), "--passphrase-file", p("wrong")).code(), "wrong passphrase: exit 1");
    }
}
