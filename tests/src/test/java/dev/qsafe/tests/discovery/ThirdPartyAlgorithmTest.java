package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party algorithms are first-class (issue 17): a plug-in provider that offers HKDF-SHA512 (RFC 9180
 * KDF id 0x0003, from the JDK's KDF API), built with {@code Algorithm.builder} and never defined by
 * itself, is learned by the registry at discovery, so that in a fresh {@code qsafe} process its name is
 * pinned, named in a configuration file's suite, written into identity files and read back from an
 * envelope header by its HPKE id. Providers whose algorithms collide with built-in names or ids are
 * refused loudly.
 */
class ThirdPartyAlgorithmTest {
    @TempDir
    static Path tmp;
    private static Path plugins;
    private static ModuleLayer collisions;

    @BeforeAll
    static void buildPlugins() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path src = tmp.resolve("src-hkdf");
        PluginJars.write(src.resolve("module-info.java"), """
                module com.example.hkdf512b {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.hkdf512b.Hkdf512Provider;
                }""");
        PluginJars.write(src.resolve("com/example/hkdf512b/Hkdf512Provider.java"), """
                package com.example.hkdf512b;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.security.GeneralSecurityException;
                import java.util.Set;
                import javax.crypto.KDF;
                import javax.crypto.spec.HKDFParameterSpec;
                import javax.crypto.spec.SecretKeySpec;
                public final class Hkdf512Provider implements CryptoProvider {
                    // Not Algorithm.define: the registry defines what a provider offers.
                    static final Algorithm HKDF_SHA512 = Algorithm.builder("HKDF-SHA512", AlgorithmKind.KDF)
                            .nistCategory(4).keySize(64).hpkeId(0x0003).build();
                    public String name() { return "example-hkdf512"; }
                    public String description() { return "HKDF-SHA512 from the JDK's javax.crypto.KDF"; }
                    public Availability availability() { return Availability.available("JDK " + Runtime.version()); }
                    public Set<Algorithm> algorithms() { return Set.of(HKDF_SHA512); }
                    public int weight(Algorithm a) { return 100; }
                    public KdfSpi engineKdf(Algorithm a) {
                        if (!a.equals(HKDF_SHA512)) throw new UnsupportedAlgorithmException("only HKDF-SHA512");
                        return new KdfSpi() {
                            public Algorithm algorithm() { return HKDF_SHA512; }
                            public byte[] extract(byte[] salt, byte[] ikm) {
                                try {
                                    var b = HKDFParameterSpec.ofExtract().addIKM(ikm);
                                    if (salt.length > 0) b = b.addSalt(salt);
                                    return KDF.getInstance("HKDF-SHA512").deriveKey("Generic", b.extractOnly()).getEncoded();
                                } catch (GeneralSecurityException e) { throw new QSafeException("HKDF-SHA512 extract failed", e); }
                            }
                            public byte[] expand(byte[] prk, byte[] info, int length) {
                                try {
                                    return KDF.getInstance("HKDF-SHA512").deriveData(
                                            HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "Generic"), info, length));
                                } catch (GeneralSecurityException e) { throw new InvalidInputException("HKDF-SHA512 expand failed: " + e.getMessage()); }
                            }
                        };
                    }
                }""");
        PluginJars.jar(PluginJars.compile(src, tmp.resolve("classes-hkdf"), List.of()), plugins.resolve("hkdf512.jar"));

        Path bad = tmp.resolve("src-collide");
        PluginJars.write(bad.resolve("module-info.java"), """
                module com.example.collide {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.collide.FakeEd25519, com.example.collide.IdSquatter;
                }""");
        String provider = """
                package com.example.collide;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class %s implements CryptoProvider {
                    public String name() { return "%s"; }
                    public String description() { return "collides"; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { return Set.of(%s); }
                    public int weight(Algorithm a) { return 10_000; }
                }""";
        PluginJars.write(bad.resolve("com/example/collide/FakeEd25519.java"), provider.formatted("FakeEd25519", "fake-ed25519",
                "new Algorithm(\"Ed25519\", AlgorithmKind.SIGNATURE, 5, 32, 32, 0, 0, 64, 0, 0, 0, -1, \"\")"));
        PluginJars.write(bad.resolve("com/example/collide/IdSquatter.java"), provider.formatted("IdSquatter", "id-squatter",
                "Algorithm.builder(\"Squat-KEM\", AlgorithmKind.KEM).nistCategory(1).publicKeySize(32).privateKeySize(32)"
                        + ".ciphertextSize(32).sharedSecretSize(32).hpkeId(0x0020).build()"));
        Path out = PluginJars.compile(bad, tmp.resolve("classes-collide"), List.of());
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(out), ModuleFinder.of(), Set.of("com.example.collide"));
        collisions = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    @Test
    void collidingDefinitions_refuseTheProviderLoudly_andNeverReplaceABuiltIn() {
        CryptoRegistry registry = CryptoRegistry.discover(collisions, RegistryConfig.defaults());
        Map<String, ProviderStatus> s = registry.providers().stream().collect(Collectors.toMap(ProviderStatus::name, p -> p));
        ProviderStatus fake = s.get("fake-ed25519");
        assertEquals(ProviderStatus.State.FAILED, fake.state());
        assertTrue(fake.reason().contains("algorithm definition refused: 'Ed25519' is a well-known algorithm with other parameters"), fake.reason());
        ProviderStatus squatter = s.get("id-squatter");
        assertEquals(ProviderStatus.State.FAILED, squatter.state());
        assertTrue(squatter.reason().contains("claims HPKE KEM id 0x0020, which is DHKEM-X25519-HKDF-SHA256's"), squatter.reason());
        assertThrows(UnsupportedAlgorithmException.class, () -> Algorithm.forName("Squat-KEM"), "a refused definition is not nameable");
        assertEquals(32, Algorithm.forName("Ed25519").publicKeySize());
        assertTrue(registry.providersOf(Algorithm.ED25519).stream().noneMatch("fake-ed25519"::equals));
    }

    /** In fresh processes: pinned, in a suite of the configuration, in identity files, in an envelope header. */
    @Test
    void pluginAlgorithm_isPinnedNamedInASuiteAndReadFromIdentitiesAndEnvelopes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work"));
        Path config = dir.resolve("qsafe.json");
        Files.writeString(config, """
                { "defaultMode": "classical",
                  "suites": { "classical": { "name": "classical-hkdf512", "kem": "DHKEM-X25519-HKDF-SHA256",
                                             "signature": "Ed25519", "aead": "AES-128-GCM", "kdf": "HKDF-SHA512" } },
                  "providers": { "pin": { "HKDF-SHA512": "example-hkdf512" } } }""");
        Files.writeString(dir.resolve("msg.txt"), "meet at noon");
        String[] common = {"--provider-path", plugins.toString(), "--config", config.toString()};
        assertOk(qsafe(dir, common, "keygen", "--mode", "classical", "--unprotected", "-o", "alice.id"));
        assertOk(qsafe(dir, common, "keygen", "--mode", "classical", "--unprotected", "-o", "bob.id"));
        assertTrue(Files.readString(dir.resolve("bob.id.pub")).contains("HKDF-SHA512"), "the identity file names the plug-in's KDF");
        assertOk(qsafe(dir, common, "seal", "--to", "bob.id.pub", "--from", "alice.id", "msg.txt", "-o", "msg.qsafe"));
        String inspected = assertOk(qsafe(dir, common, "inspect", "msg.qsafe"));
        assertTrue(inspected.contains("HKDF-SHA512"), "the envelope header's KDF id 0x0003 reads as HKDF-SHA512: " + inspected);
        String opened = assertOk(qsafe(dir, common, "open", "--id", "bob.id", "--from", "alice.id.pub", "msg.qsafe"));
        assertTrue(opened.contains("meet at noon"), opened);
        String providers = assertOk(qsafe(dir, common, "providers"));
        assertTrue(providers.lines().anyMatch(l -> l.startsWith("HKDF-SHA512") && l.contains("example-hkdf512 (pinned)")), providers);

        // Without the plug-in, the same names are unknown: exit 4 (configuration), with what is known.
        String[] noPlugin = {"--config", config.toString()};
        Result r = qsafe(dir, noPlugin, "providers");
        assertEquals(4, r.code(), r.out());
        assertTrue(r.out().contains("unknown algorithm 'HKDF-SHA512'"), r.out());
    }

    private record Result(int code, String out) {
    }

    private static String assertOk(Result r) {
        assertEquals(0, r.code(), r.out());
        return r.out();
    }

    private static Result qsafe(Path dir, String[] common, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("jdk.module.path"), "-Dqsafe.hwaccel.native=false",
                "-Duser.home=" + dir, "-m", "dev.qsafe.cli/dev.qsafe.cli.Main"));
        cmd.addAll(List.of(common));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "qsafe ends");
        return new Result(p.exitValue(), out);
    }
}
