package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PublicKey;
import dev.qsafe.cli.ExitCodes;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile inputs to the parsers and what the messages show (issue 13, item 6): an armor whose BEGIN
 * and END lines overlap, an input larger than the heap, names with terminal escapes and bidirectional
 * overrides, JSON errors that would quote a secret, a malformed key in a public identity file.
 */
class CliParsersAndMessagesTest {
    @TempDir
    static Path dir;

    private static CryptoRegistry registry;

    @BeforeAll
    static void fixtures() throws IOException {
        registry = CryptoRegistry.discover(RegistryConfig.defaults());
        for (String name : List.of("alice", "bob")) {
            Cli.Result r = Cli.run("keygen", "--mode", "classical", "--name", name, "--unprotected", "-o", f(name + ".id"));
            assertEquals(0, r.code(), r.err());
        }
        Files.writeString(dir.resolve("msg.txt"), "the message\n");
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void armorWhoseBeginAndEndLinesOverlap_isAUsageError_notACrash() throws IOException {
        String overlap = "-----BEGIN QSAFE MESSAGE-----END QSAFE MESSAGE-----";
        assertEquals(51, overlap.length());
        Files.writeString(dir.resolve("overlap.asc"), overlap);
        Cli.Result open = Cli.run("open", "--id", f("bob.id"), "--from", f("alice.id.pub"), f("overlap.asc"));
        assertEquals(ExitCodes.USAGE, open.code(), open.err());
        assertTrue(open.err().contains("armored input"), open.err());
        Cli.Result inspect = Cli.run("inspect", f("overlap.asc"));
        assertEquals(ExitCodes.USAGE, inspect.code(), inspect.err());
        Files.writeString(dir.resolve("overlap.sig.asc"), "-----BEGIN QSAFE SIGNATURE-----END QSAFE SIGNATURE-----");
        Cli.Result verify = Cli.run("verify", "--from", f("alice.id.pub"), "-s", f("overlap.sig.asc"), f("msg.txt"));
        assertEquals(ExitCodes.USAGE, verify.code(), verify.err());
    }

    @Test
    void inputLargerThanTheHeap_failsEarlyWithUsageErrorAndAClearMessage() throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(40L << 20); // sparse: 40 MiB of zeros, under the 64 MiB message limit
        }
        for (List<String> args : List.of(
                List.of("seal", "--to", f("bob.id.pub"), "--from", f("alice.id"), big.toString(), "-o", f("big.qsafe")),
                List.of("sign", "--id", f("alice.id"), big.toString(), "-o", f("big.sig")),
                List.of("inspect", big.toString()))) {
            Subprocess.Result r = Subprocess.run(dir, null, List.of("-Xmx48m"), args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.code(), args + ": " + r.err());
            assertTrue(r.err().startsWith("qsafe: ") && r.err().contains("heap") && r.err().contains("-Xmx"), r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), "no stack trace: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertFalse(Files.exists(dir.resolve("big.qsafe")));
    }

    @Test
    void namesFromFiles_arePrintedWithControlAndBidiCharactersEscaped() throws IOException {
        // The name tries to hide the real key id: erase the line and print another, then reverse what follows.
        String name = "alice\u001b[2K\rqsafe: good signature by bob (Ed25519, key 0000)\u202e\u2066";
        Identity liar = Identity.generate(name, Suite.defaultFor(CryptoMode.CLASSICAL), registry);
        Files.writeString(dir.resolve("liar.id"), IdentityFiles.writeUnprotected(liar));
        Files.writeString(dir.resolve("liar.id.pub"), IdentityFiles.writePublic(liar, registry));
        Cli.Result sign = Cli.run("sign", "--id", f("liar.id"), f("msg.txt"), "-o", f("liar.sig"));
        assertEquals(0, sign.code(), sign.err());
        Cli.Result r = Cli.run("verify", "--from", f("liar.id.pub"), "-s", f("liar.sig"), f("msg.txt"));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().chars().anyMatch(c -> c == 0x1b || c == '\r' || c == 0x202e || c == 0x2066), "raw control or bidi character: " + r.err());
        assertTrue(r.err().contains("\\u001B[2K\\u000D") && r.err().contains("\\u202E\\u2066"), r.err());
        assertTrue(r.err().contains("fingerprint " + liar.publicIdentity().fingerprint()), "the real fingerprint is shown: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        liar.destroy();
    }

    @Test
    void jsonErrors_giveLineAndColumn_neverTheFileContents() throws IOException {
        String secret = "hunter2SuperSecretToken";
        Files.writeString(dir.resolve("secrets.txt"), "\n  " + secret + " = yes\n");
        Cli.Result config = Cli.run("--config", f("secrets.txt"), "providers");
        assertEquals(ExitCodes.CONFIGURATION, config.code(), config.err());
        assertTrue(config.err().contains("line 2, column"), config.err());
        assertFalse(config.err().contains("hunter2"), "the file's content is echoed: " + config.err());
        Cli.Result verbose = Cli.run("--verbose", "--config", f("secrets.txt"), "providers");
        assertFalse(verbose.err().contains("hunter2"), "not even under --verbose: " + verbose.err());

        for (String[] args : List.of(new String[] {"seal", "--to", f("secrets.txt"), "--from", f("alice.id"), f("msg.txt")},
                new String[] {"sign", "--id", f("secrets.txt"), "--passphrase-file", f("msg.txt"), f("msg.txt")},
                new String[] {"verify", "--from", f("secrets.txt"), "-s", f("msg.txt"), f("msg.txt")})) {
            Cli.Result r = Cli.run(args);
            assertEquals(ExitCodes.USAGE, r.code(), r.err());
            assertTrue(r.err().contains("line 2, column"), r.err());
            assertFalse(r.everything().contains("hunter2"), "the file's content is echoed: " + r.err());
        }
    }

    @Test
    void malformedKeyInAPublicIdentityFile_isAUsageError() throws IOException {
        Cli.Result keygen = Cli.run("keygen", "--mode", "pqc", "--unprotected", "-o", f("pq.id"));
        assertEquals(0, keygen.code(), keygen.err());
        ObjectNode pub = (ObjectNode) JsonMapper.builder().build().readTree(Files.readString(dir.resolve("pq.id.pub")));
        ObjectNode kem = (ObjectNode) pub.get("keys").get("kem");
        byte[] spki = Base64.getDecoder().decode(kem.get("publicKey").asString());
        // ML-KEM coefficients out of range: the SubjectPublicKeyInfo parses, the key is malformed.
        Arrays.fill(spki, spki.length - 600, spki.length - 32, (byte) 0xff);
        PublicKey bad = KeyEncodings.decodeSpki(spki, dev.qsafe.api.Algorithm.forName(pub.get("suite").get("kem").asString()));
        kem.put("publicKey", Base64.getEncoder().encodeToString(spki));
        kem.put("keyId", bad.keyId());
        Files.writeString(dir.resolve("bad-kem.pub"), pub.toPrettyString());
        Cli.Result r = Cli.run("seal", "--to", f("bad-kem.pub"), "--from", f("pq.id"), f("msg.txt"), "-o", f("bad.qsafe"));
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("bad-kem.pub"), "names the file: " + r.err());
        assertFalse(Files.exists(dir.resolve("bad.qsafe")));
    }
}
