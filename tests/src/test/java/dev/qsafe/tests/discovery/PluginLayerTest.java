package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.Kdf;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party adds providers by dropping modules next to qsafe's: these modules are compiled from
 * source here, loaded into a child {@link ModuleLayer}, and discovered with the shipped ones. One adds
 * a new algorithm (HKDF-SHA512, from the JDK's KDF API), one cannot be instantiated, one fails when
 * queried, and one reports itself unavailable.
 */
class PluginLayerTest {
    @TempDir
    static Path tmp;

    private static ModuleLayer layer;

    private static final Algorithm HKDF_SHA512 = Algorithm.define(
            new Algorithm("HKDF-SHA512", AlgorithmKind.KDF, 4, 0, 0, 0, 0, 0, 64, 0, 0, 0x0003, ""));

    @BeforeAll
    static void compilePluginModules() throws IOException {
        Path src = tmp.resolve("src");
        write(src, "com.example.hkdf512", "module-info.java", """
                module com.example.hkdf512 {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.hkdf512.Hkdf512Provider;
                }""");
        write(src, "com.example.hkdf512", "com/example/hkdf512/Hkdf512Provider.java", """
                package com.example.hkdf512;

                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.security.GeneralSecurityException;
                import java.util.Set;
                import javax.crypto.KDF;
                import javax.crypto.spec.HKDFParameterSpec;
                import javax.crypto.spec.SecretKeySpec;

                public final class Hkdf512Provider implements CryptoProvider {
                    static final Algorithm HKDF_SHA512 = Algorithm.define(
                            new Algorithm("HKDF-SHA512", AlgorithmKind.KDF, 4, 0, 0, 0, 0, 0, 64, 0, 0, 0x0003, ""));
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
        write(src, "com.example.broken", "module-info.java", """
                module com.example.broken {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with
                            com.example.broken.ThrowsOnConstruction,
                            com.example.broken.ThrowsOnQuery,
                            com.example.broken.NeedsHardware;
                }""");
        write(src, "com.example.broken", "com/example/broken/ThrowsOnConstruction.java", """
                package com.example.broken;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class ThrowsOnConstruction implements CryptoProvider {
                    public ThrowsOnConstruction() { throw new IllegalStateException("native library missing"); }
                    public String name() { return "never"; }
                    public String description() { return ""; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.ED25519); }
                    public int weight(Algorithm a) { return 10_000; }
                }""");
        write(src, "com.example.broken", "com/example/broken/ThrowsOnQuery.java", """
                package com.example.broken;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class ThrowsOnQuery implements CryptoProvider {
                    public String name() { return "throws-on-query"; }
                    public String description() { return "fails when asked for its algorithms"; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { throw new UnsupportedOperationException("algorithm table corrupt"); }
                    public int weight(Algorithm a) { return 10_000; }
                }""");
        write(src, "com.example.broken", "com/example/broken/NeedsHardware.java", """
                package com.example.broken;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class NeedsHardware implements CryptoProvider {
                    public String name() { return "needs-hardware"; }
                    public String description() { return "an HSM-backed signer"; }
                    public Availability availability() { return Availability.unavailable("no HSM attached"); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.ED25519); }
                    public int weight(Algorithm a) { return 10_000; }
                    public SignatureSpi engineSignature(Algorithm a) { throw new AssertionError("must never be asked"); }
                }""");

        Path out = tmp.resolve("mods");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = List.of("-d", out.toString(), "--module-source-path", src.toString(),
                "--module-path", System.getProperty("jdk.module.path"),
                "--module", "com.example.hkdf512,com.example.broken");
        Boolean ok = javac.getTask(diagnostics, null, null, args, null, null).call();
        assertTrue(ok, "plug-in modules must compile: " + diagnostics);

        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(out), ModuleFinder.of(), Set.of("com.example.hkdf512", "com.example.broken"));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    private static void write(Path src, String module, String file, String content) throws IOException {
        Path p = src.resolve(module).resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static Map<String, ProviderStatus> statuses(CryptoRegistry registry) {
        return registry.providers().stream().collect(Collectors.toMap(ProviderStatus::name, s -> s));
    }

    @Test
    void pluginLayer_newAlgorithmFromDroppedModule_isDiscoveredAndWorks() throws Exception {
        CryptoRegistry registry = CryptoRegistry.discover(layer, RegistryConfig.defaults());
        ProviderStatus plugin = statuses(registry).get("example-hkdf512");
        assertEquals(ProviderStatus.State.ACTIVE, plugin.state());
        assertEquals("com.example.hkdf512", plugin.module());

        Kdf kdf = registry.kdf(HKDF_SHA512);
        byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);
        byte[] ikm = "input keying material".getBytes(StandardCharsets.UTF_8);
        byte[] info = "info".getBytes(StandardCharsets.UTF_8);
        byte[] expected = KDF.getInstance("HKDF-SHA512").deriveData(
                HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).thenExpand(info, 42));
        assertArrayEquals(expected, kdf.derive(salt, ikm, info, 42));
        // The shipped providers are still there, found through the parent (boot) layer.
        assertEquals(bootSelection(Algorithm.ED25519), registry.selection(Algorithm.ED25519).selected().orElseThrow());
    }

    /** What the shipped providers alone select (a native engine where it loads, else a pure-Java one). */
    private static String bootSelection(Algorithm algorithm) {
        return CryptoRegistry.discover(RegistryConfig.defaults()).selection(algorithm).selected().orElseThrow();
    }

    @Test
    void brokenProviders_areReportedAndSkipped_othersStillWork() {
        CryptoRegistry registry = CryptoRegistry.discover(layer, RegistryConfig.defaults());
        Map<String, ProviderStatus> s = statuses(registry);

        ProviderStatus ctor = s.get("com.example.broken.ThrowsOnConstruction");
        assertEquals(ProviderStatus.State.FAILED, ctor.state(), "a provider that cannot be instantiated is reported by class name");
        assertTrue(ctor.reason().contains("native library missing"), ctor.reason());

        ProviderStatus query = s.get("throws-on-query");
        assertEquals(ProviderStatus.State.FAILED, query.state());
        assertTrue(query.reason().contains("algorithm table corrupt"), query.reason());

        ProviderStatus hw = s.get("needs-hardware");
        assertEquals(ProviderStatus.State.UNAVAILABLE, hw.state());
        assertEquals("no HSM attached", hw.reason());

        // Despite weight 10,000, neither the unavailable nor the failed providers are chosen.
        assertEquals(bootSelection(Algorithm.ED25519), registry.selection(Algorithm.ED25519).selected().orElseThrow());
        assertTrue(registry.selection(Algorithm.ED25519).skipped().stream()
                .anyMatch(c -> c.provider().equals("needs-hardware") && c.note().contains("no HSM attached")));
        byte[] sig = registry.signature(Algorithm.ED25519).sign(
                registry.signature(Algorithm.ED25519).generateKeyPair().privateKey(), new byte[] {1, 2, 3}, new byte[0]);
        assertEquals(64, sig.length);
    }
}
