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

/** keygen, seal, open, sign, verify through the CLI, in each mode, and its error handling. */
class CliRoundTripTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private Path passphraseFile(String value) throws IOException {
        Path f = dir.resolve("pass-" + value.hashCode() + ".txt");
        Files.writeString(f, value + "\n");
        return f;
    }

    private static void assumeMode(CryptoMode mode) {
        CryptoRegistry r = CryptoRegistry.discover(RegistryConfig.defaults());
        for (var a : Suite.defaultFor(mode).algorithms()) {
            Assumptions.assumeTrue(r.selection(a).selected().isPresent(), () -> mode + " needs " + a + ", which has no engine here");
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void keygenSealOpenSignVerify_eachMode(CryptoMode mode) throws IOException {
        assumeMode(mode);
        String m = mode.name().toLowerCase(Locale.ROOT);
        String pass = passphraseFile("correct horse battery staple").toString();
        assertEquals(0, CliTest.run("keygen", "--mode", m, "--name", "alice", "-o", p("alice.id"), "--passphrase-file", pass).code());
        assertEquals(0, CliTest.run("keygen", "--mode", m, "-o", p("bob.id"), "--passphrase-file", pass).code());
        assertTrue(Files.exists(dir.resolve("alice.id.pub")) && Files.exists(dir.resolve("bob.id.pub")));

        byte[] message = ("a message in " + m + " mode").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("msg.txt"), message);
        CliTest.Run seal = CliTest.run("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), "--mode", m,
                "--passphrase-file", pass, p("msg.txt"), "-o", p("msg.qsafe"));
        assertEquals(0, seal.code(), seal.err());
        CliTest.Run open = CliTest.run("open", "--id", p("bob.id"), "--from", p("alice.id.pub"), "--passphrase-file", pass,
                p("msg.qsafe"), "-o", p("msg.out"));
        assertEquals(0, open.code(), open.err());
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("msg.out")));

        // Armored form.
        assertEquals(0, CliTest.run("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), "--armor",
                "--passphrase-file", pass, p("msg.txt"), "-o", p("msg.asc")).code());
        assertTrue(Files.readString(dir.resolve("msg.asc")).startsWith("-----BEGIN QSAFE MESSAGE-----"));
        assertEquals(0, CliTest.run("open", "--id", p("bob.id"), "--from", p("alice.id.pub"), "--passphrase-file", pass,
                p("msg.asc"), "-o", p("msg2.out")).code());
        assertArrayEquals(message, Files.readAllBytes(dir.resolve("msg2.out")));

        // Detached signature.
        assertEquals(0, CliTest.run("sign", "--id", p("alice.id"), "--passphrase-file", pass, p("msg.txt"), "-o", p("msg.sig")).code());
        assertEquals(0, CliTest.run("verify", "--from", p("alice.id.pub"), "--signature", p("msg.sig"), p("msg.txt")).code());
        Files.writeString(dir.resolve("msg.txt"), "a different message");
        CliTest.Run bad = CliTest.run("verify", "--from", p("alice.id.pub"), "--signature", p("msg.sig"), p("msg.txt"));
        assertEquals(1, bad.code());
        assertOneLine(bad.err());
    }

    @Test
    void errors_areOneLineWithDocumentedCodes_andNoPartialOutput() throws IOException {
        assumeMode(CryptoMode.CLASSICAL);
        String pass = passphraseFile("right").toString();
        String wrong = passphraseFile("wrong").toString();
        assertEquals(0, CliTest.run("keygen", "--mode", "classical", "-o", p("a.id"), "--passphrase-file", pass).code());
        assertEquals(0, CliTest.run("keygen", "--mode", "classical", "-o", p("b.id"), "--passphrase-file", pass).code());
        Files.writeString(dir.resolve("m.txt"), "hello");
        assertEquals(0, CliTest.run("seal", "--to", p("b.id.pub"), "--from", p("a.id"), "--passphrase-file", pass,
                p("m.txt"), "-o", p("m.qsafe")).code());

        CliTest.Run wrongPass = CliTest.run("open", "--id", p("b.id"), "--from", p("a.id.pub"), "--passphrase-file", wrong,
                p("m.qsafe"), "-o", p("out.txt"));
        assertEquals(1, wrongPass.code(), wrongPass.err());
        assertOneLine(wrongPass.err());
        assertFalse(Files.exists(dir.resolve("out.txt")), "no output file on failure");

        byte[] env = Files.readAllBytes(dir.resolve("m.qsafe"));
        env[env.length - 1] ^= 1;
        Files.write(dir.resolve("tampered.qsafe"), env);
        CliTest.Run tampered = CliTest.run("open", "--id", p("b.id"), "--from", p("a.id.pub"), "--passphrase-file", pass,
                p("tampered.qsafe"), "-o", p("out.txt"));
        assertEquals(1, tampered.code());
        assertOneLine(tampered.err());
        assertFalse(Files.exists(dir.resolve("out.txt")));

        Files.writeString(dir.resolve("garbage.qsafe"), "this is not an envelope");
        CliTest.Run garbage = CliTest.run("open", "--id", p("b.id"), "--from", p("a.id.pub"), "--passphrase-file", pass,
                p("garbage.qsafe"), "-o", p("out.txt"));
        assertEquals(2, garbage.code(), garbage.err());
        assertOneLine(garbage.err());

        CliTest.Run missing = CliTest.run("open", "--id", p("nope.id"), "--from", p("a.id.pub"), "--passphrase-file", pass, p("m.qsafe"));
        assertEquals(5, missing.code(), missing.err());
        assertOneLine(missing.err());

        CliTest.Run notIdentity = CliTest.run("seal", "--to", p("m.txt"), "--from", p("a.id"), "--passphrase-file", pass, p("m.txt"));
        assertTrue(notIdentity.code() != 0, notIdentity.err());
        assertOneLine(notIdentity.err());

        CliTest.Run unknownMode = CliTest.run("keygen", "--mode", "quantum-ish", "-o", p("x.id"), "--passphrase-file", pass);
        assertEquals(2, unknownMode.code());
        assertFalse(Files.exists(dir.resolve("x.id")));
    }

    @Test
    void keygen_unprotected_onlyWhenAskedAndPublicFileHasNoPrivateKey() throws IOException {
        assumeMode(CryptoMode.CLASSICAL);
        assertEquals(0, CliTest.run("keygen", "--mode", "classical", "-o", p("u.id"), "--unprotected").code());
        String pub = Files.readString(dir.resolve("u.id.pub"));
        assertFalse(pub.toLowerCase(Locale.ROOT).contains("private"), pub);
        Files.writeString(dir.resolve("m.txt"), "x");
        assertEquals(0, CliTest.run("sign", "--id", p("u.id"), p("m.txt"), "-o", p("m.sig")).code(), "no passphrase needed");
    }

    @Test
    void configFile_choosesTheSuite_andABadOneExitsWith4() throws IOException {
        assumeMode(CryptoMode.PQC);
        Path config = dir.resolve("qsafe.json");
        Files.writeString(config, "{ \"suites\": { \"pqc\": \"pqc-768-v1\" } }");
        assertEquals(0, CliTest.run("--config", config.toString(), "keygen", "--mode", "pq", "-o", p("c.id"), "--unprotected").code());
        Files.writeString(dir.resolve("m.txt"), "x");
        assertEquals(0, CliTest.run("seal", "--config", config.toString(), "--to", p("c.id.pub"), "--from", p("c.id"),
                p("m.txt"), "-o", p("m.qsafe")).code());
        CliTest.Run inspect = CliTest.run("inspect", p("m.qsafe"));
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("ML-KEM-768"), inspect.out());

        Files.writeString(config, "{ \"suites\": { \"pqc\": \"no-such-suite\" } }");
        CliTest.Run bad = CliTest.run("--config", config.toString(), "keygen", "--mode", "pqc", "-o", p("d.id"), "--unprotected");
        assertEquals(4, bad.code());
        assertTrue(bad.err().contains("suites.pqc"), bad.err());
        assertOneLine(bad.err());
    }

    static void assertOneLine(String err) {
        assertTrue(err.startsWith("qsafe: ") && err.strip().lines().count() == 1 && !err.contains("\tat "),
                "one line, no stack trace: " + err);
    }
}
