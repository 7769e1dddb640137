package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 13, items 3 and 4, end to end through the command: a configuration may not make a PQC suite of
 * classical algorithms or reuse a built-in suite's name (keygen used to write an unreadable identity and
 * exit 0); a .pub with Alice's signature key and Mallory's KEM key is refused (it used to verify as
 * "good signature by alice" and take messages for Mallory); an unsigned (version 1) .pub is refused
 * and its owner upgrades it with {@code qsafe key upgrade}; {@code qsafe key show --expect} compares
 * fingerprints.
 */
class CliIdentityTrustTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path V1 = Path.of("src", "test", "resources", "dev", "qsafe", "tests", "keys", "v1");

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private Cli.Result run(String... args) {
        return Cli.run(args);
    }

    private void keygen(String name, String mode) {
        Cli.Result r = run("keygen", "--mode", mode, "--name", name, "-o", p(name + ".id"), "--unprotected");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void keygen_withAConfiguredPqcSuiteOfClassicalAlgorithms_failsAsConfiguration() throws IOException {
        Path config = dir.resolve("qsafe.json");
        Files.writeString(config, """
                { "suites": { "pqc": { "name": "fake-pqc", "kem": "DHKEM-X25519-HKDF-SHA256", "signature": "Ed25519",
                                       "aead": "AES-128-GCM", "kdf": "HKDF-SHA256" } } }""");
        Cli.Result r = run("--config", config.toString(), "keygen", "--mode", "pqc", "-o", p("x.id"), "--unprotected");
        assertEquals(ExitCodes.CONFIGURATION, r.code(), r.err());
        assertFalse(Files.exists(dir.resolve("x.id")));
    }

    @Test
    void keygen_withACustomSuiteReusingABuiltInName_failsAsConfiguration() throws IOException {
        Path config = dir.resolve("qsafe.json");
        Files.writeString(config, """
                { "suites": { "pqc": { "name": "pqc-v1", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                       "aead": "AES-256-GCM", "kdf": "HKDF-SHA256" } } }""");
        Cli.Result r = run("--config", config.toString(), "keygen", "--mode", "pqc", "-o", p("x.id"), "--unprotected");
        assertEquals(ExitCodes.CONFIGURATION, r.code(), r.err());
        assertTrue(r.err().contains("built-in"), r.err());
        assertFalse(Files.exists(dir.resolve("x.id")));
    }

    @Test
    void pubWithMallorysKemKeyNextToAlicesSignatureKey_isRefusedBySealAndVerify() throws IOException {
        keygen("alice", "classical");
        keygen("mallory", "classical");
        ObjectNode alice = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("alice.id.pub")));
        ObjectNode mallory = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("mallory.id.pub")));
        ((ObjectNode) alice.get("keys")).set("kem", mallory.get("keys").get("kem"));
        Files.writeString(dir.resolve("spliced.pub"), alice.toPrettyString());

        Files.writeString(dir.resolve("release.txt"), "release 1.0");
        assertEquals(0, run("sign", "--id", p("alice.id"), p("release.txt"), "-o", p("release.sig")).code());
        Cli.Result verify = run("verify", "--from", p("spliced.pub"), "--signature", p("release.sig"), p("release.txt"));
        assertEquals(ExitCodes.USAGE, verify.code(), verify.err());
        assertFalse(verify.err().contains("good signature"), verify.err());

        Cli.Result seal = run("seal", "--to", p("spliced.pub"), "--from", p("alice.id"), p("release.txt"), "-o", p("m.qsafe"));
        assertEquals(ExitCodes.USAGE, seal.code(), seal.err());
        assertFalse(Files.exists(dir.resolve("m.qsafe")), "nothing sealed to Mallory's key");

        Cli.Result good = run("verify", "--from", p("alice.id.pub"), "--signature", p("release.sig"), p("release.txt"));
        assertEquals(0, good.code(), good.err());
        assertTrue(good.err().contains("good signature by alice") && good.err().contains("fingerprint "), good.err());
    }

    @Test
    void versionOnePub_isRefused_thenUpgradedByItsOwner_andItsFingerprintCompared() throws IOException {
        Files.copy(V1.resolve("alice.id"), dir.resolve("alice.id"));
        Files.copy(V1.resolve("alice.id.pub"), dir.resolve("alice.id.pub"));
        Files.writeString(dir.resolve("msg.txt"), "hello");
        assertEquals(0, run("sign", "--id", p("alice.id"), p("msg.txt"), "-o", p("msg.sig")).code());

        Cli.Result old = run("verify", "--from", p("alice.id.pub"), "--signature", p("msg.sig"), p("msg.txt"));
        assertEquals(ExitCodes.USAGE, old.code(), old.err());
        assertTrue(old.err().contains("qsafe key upgrade"), old.err());

        Cli.Result upgrade = run("key", "upgrade", "--id", p("alice.id"));
        assertEquals(0, upgrade.code(), upgrade.err());
        Matcher m = Pattern.compile("fingerprint ([0-9a-f]{64})").matcher(upgrade.err());
        assertTrue(m.find(), upgrade.err());
        String fingerprint = m.group(1);
        assertEquals(2, JSON.readTree(Files.readString(dir.resolve("alice.id.pub"))).get("version").asInt());

        Cli.Result verify = run("verify", "--from", p("alice.id.pub"), "--signature", p("msg.sig"), p("msg.txt"));
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.err().contains(fingerprint), verify.err());

        Cli.Result show = run("key", "show", p("alice.id.pub"), "--expect", fingerprint.toUpperCase(java.util.Locale.ROOT));
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("fingerprint " + fingerprint), show.out());
        String other = (fingerprint.charAt(0) == '0' ? "1" : "0") + fingerprint.substring(1);
        Cli.Result mismatch = run("key", "show", p("alice.id.pub"), "--expect", other);
        assertEquals(ExitCodes.CRYPTO_FAILURE, mismatch.code(), mismatch.err());
    }

    @Test
    void upgrade_ofAnotherIdentitysPub_refusesAndLeavesItAlone() throws IOException {
        keygen("bob", "classical");
        Files.copy(V1.resolve("alice.id.pub"), dir.resolve("bob.id.pub"), StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(dir.resolve("bob.id.pub"));
        Cli.Result r = run("key", "upgrade", "--id", p("bob.id"));
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("not the public half"), r.err());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(dir.resolve("bob.id.pub")));
        Cli.Result same = run("key", "upgrade", "--id", p("bob.id"), "--public-out", p("bob.id"));
        assertEquals(ExitCodes.USAGE, same.code(), same.err());
    }
}
