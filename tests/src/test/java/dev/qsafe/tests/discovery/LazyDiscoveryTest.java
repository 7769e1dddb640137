package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.registry.Selection;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery asks a provider's availability (where a native library is loaded or a JCA provider built)
 * only when the registry needs it: for the candidates of an algorithm being resolved, in weight order, up
 * to the first that works; reports ({@code providers()}, {@code selection()}, {@code notices()}) ask the
 * rest. Three providers compiled into a plug-in layer record, in system properties, whether their
 * availability was asked: {@code lazy-a-high} (weight 300) and {@code lazy-a-low} (100) offer LAZY-KDF-A,
 * {@code lazy-b} offers LAZY-KDF-B only. Each reads {@code qsafe.test.lazy.NAME.unavailable} to report
 * itself unavailable.
 */
class LazyDiscoveryTest {
    @TempDir
    static Path tmp;

    private static ModuleLayer layer;

    private static final Algorithm A = Algorithm.define(
            new Algorithm("LAZY-KDF-A", AlgorithmKind.KDF, 0, 0, 0, 0, 0, 0, 64, 0, 0, -1, ""));
    private static final Algorithm B = Algorithm.define(
            new Algorithm("LAZY-KDF-B", AlgorithmKind.KDF, 0, 0, 0, 0, 0, 0, 64, 0, 0, -1, ""));
    private static final List<String> NAMES = List.of("lazy-a-high", "lazy-a-low", "lazy-b");

    @BeforeAll
    static void compilePluginModule() throws IOException {
        Path src = tmp.resolve("src");
        PluginJars.write(src.resolve("com.example.lazy/module-info.java"), """
                module com.example.lazy {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with
                            com.example.lazy.AHigh, com.example.lazy.ALow, com.example.lazy.OnlyB;
                }""");
        PluginJars.write(src.resolve("com.example.lazy/com/example/lazy/Recording.java"), """
                package com.example.lazy;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.security.GeneralSecurityException;
                import java.util.Map;
                import java.util.Set;
                import javax.crypto.KDF;
                import javax.crypto.spec.HKDFParameterSpec;
                import javax.crypto.spec.SecretKeySpec;
                /** Records whether its availability was asked; HKDF-SHA512 from the JDK under a test name. */
                abstract class Recording implements CryptoProvider {
                    static final Algorithm A = Algorithm.define(
                            new Algorithm("LAZY-KDF-A", AlgorithmKind.KDF, 0, 0, 0, 0, 0, 0, 64, 0, 0, -1, ""));
                    static final Algorithm B = Algorithm.define(
                            new Algorithm("LAZY-KDF-B", AlgorithmKind.KDF, 0, 0, 0, 0, 0, 0, 64, 0, 0, -1, ""));
                    private final String name;
                    private final Map<Algorithm, Integer> weights;
                    Recording(String name, Map<Algorithm, Integer> weights) { this.name = name; this.weights = weights; }
                    public String name() { return name; }
                    public String description() { return "records whether its availability was asked"; }
                    public Availability availability() {
                        System.setProperty("qsafe.test.lazy." + name + ".asked", "true");
                        return Boolean.getBoolean("qsafe.test.lazy." + name + ".unavailable")
                                ? Availability.unavailable("told to be unavailable") : Availability.available("asked");
                    }
                    public Set<Algorithm> algorithms() { return weights.keySet(); }
                    public int weight(Algorithm a) { return weights.get(a); }
                    public KdfSpi engineKdf(Algorithm a) {
                        if (!weights.containsKey(a)) throw new UnsupportedAlgorithmException(name + " does not offer " + a);
                        return new KdfSpi() {
                            public Algorithm algorithm() { return a; }
                            public byte[] extract(byte[] salt, byte[] ikm) {
                                try {
                                    var b = HKDFParameterSpec.ofExtract().addIKM(ikm);
                                    if (salt.length > 0) b = b.addSalt(salt);
                                    return KDF.getInstance("HKDF-SHA512").deriveKey("Generic", b.extractOnly()).getEncoded();
                                } catch (GeneralSecurityException e) { throw new QSafeException("extract failed", e); }
                            }
                            public byte[] expand(byte[] prk, byte[] info, int length) {
                                try {
                                    return KDF.getInstance("HKDF-SHA512").deriveData(
                                            HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "Generic"), info, length));
                                } catch (GeneralSecurityException e) { throw new InvalidInputException("expand failed: " + e.getMessage()); }
                            }
                        };
                    }
                }""");
        PluginJars.write(src.resolve("com.example.lazy/com/example/lazy/AHigh.java"), """
                package com.example.lazy;
                public final class AHigh extends Recording { public AHigh() { super("lazy-a-high", java.util.Map.of(A, 300)); } }""");
        PluginJars.write(src.resolve("com.example.lazy/com/example/lazy/ALow.java"), """
                package com.example.lazy;
                public final class ALow extends Recording { public ALow() { super("lazy-a-low", java.util.Map.of(A, 100)); } }""");
        PluginJars.write(src.resolve("com.example.lazy/com/example/lazy/OnlyB.java"), """
                package com.example.lazy;
                public final class OnlyB extends Recording { public OnlyB() { super("lazy-b", java.util.Map.of(B, 100)); } }""");

        Path out = tmp.resolve("mods");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = List.of("-d", out.toString(), "--module-source-path", src.toString(),
                "--module-path", System.getProperty("jdk.module.path"), "--module", "com.example.lazy");
        assertTrue(javac.getTask(diagnostics, null, null, args, null, null).call(), "plug-in module must compile: " + diagnostics);
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(out), ModuleFinder.of(), Set.of("com.example.lazy"));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    @BeforeEach
    void forget() {
        for (String name : NAMES) {
            System.clearProperty("qsafe.test.lazy." + name + ".asked");
            System.clearProperty("qsafe.test.lazy." + name + ".unavailable");
        }
    }

    private static boolean asked(String name) {
        return Boolean.getBoolean("qsafe.test.lazy." + name + ".asked");
    }

    private static CryptoRegistry discover() {
        return CryptoRegistry.discover(layer, RegistryConfig.defaults());
    }

    @Test
    void discovery_asksNoAvailability() {
        CryptoRegistry registry = discover();
        assertTrue(registry.algorithms().containsAll(Set.of(A, B)), "algorithms are known without asking availability");
        assertFalse(asked("lazy-a-high") || asked("lazy-a-low") || asked("lazy-b"), "discovery alone asks no provider");
    }

    @Test
    void resolvingAnAlgorithm_asksOnlyItsTopCandidate() {
        CryptoRegistry registry = discover();
        assertNotNull(registry.kdf(A));
        assertTrue(asked("lazy-a-high"), "the top candidate is asked");
        assertFalse(asked("lazy-a-low"), "a candidate ranked below the engine that worked is not asked");
        assertFalse(asked("lazy-b"), "a provider of another algorithm is not asked");
    }

    @Test
    void unavailableTopCandidate_fallsToTheNext_andTheReportIsAsBefore() {
        System.setProperty("qsafe.test.lazy.lazy-a-high.unavailable", "true");
        CryptoRegistry registry = discover();
        registry.kdf(A);
        assertTrue(asked("lazy-a-high") && asked("lazy-a-low"));
        assertFalse(asked("lazy-b"));

        Selection s = registry.selection(A);
        assertEquals("lazy-a-low", s.selected().orElseThrow());
        assertEquals(List.of("lazy-a-low"), s.candidates().stream().map(Selection.Candidate::provider).toList());
        Selection.Candidate high = s.skipped().stream().filter(c -> c.provider().equals("lazy-a-high")).findFirst().orElseThrow();
        assertEquals("unavailable: told to be unavailable", high.note());
    }

    @Test
    void selectionReport_asksEveryProviderOfThatAlgorithm_only() {
        CryptoRegistry registry = discover();
        Selection s = registry.selection(A);
        assertEquals(List.of("lazy-a-high", "lazy-a-low"), s.candidates().stream().map(Selection.Candidate::provider).toList(),
                "the report lists the lower candidate as it did when every provider was asked at discovery");
        assertTrue(asked("lazy-a-low"));
        assertFalse(asked("lazy-b"));
    }

    @Test
    void providersReport_asksEveryProvider() {
        CryptoRegistry registry = discover();
        Map<String, ProviderStatus> s = registry.providers().stream().collect(Collectors.toMap(ProviderStatus::name, p -> p));
        for (String name : NAMES) {
            assertTrue(asked(name), name);
            assertEquals(ProviderStatus.State.ACTIVE, s.get(name).state());
            assertEquals("asked", s.get(name).reason(), "the status carries the provider's own availability note");
        }
    }

    @Test
    void noAvailableCandidate_failsWithTheSameTypedError() {
        System.setProperty("qsafe.test.lazy.lazy-b.unavailable", "true");
        CryptoRegistry registry = discover();
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class, () -> registry.kdf(B));
        assertTrue(e.getMessage().contains("lazy-b (unavailable: told to be unavailable)"), e.getMessage());
        assertFalse(asked("lazy-a-high") || asked("lazy-a-low"));
    }

    @Test
    void pinToTheLowerCandidate_neverAsksTheHigherOne() {
        CryptoRegistry registry = CryptoRegistry.discover(layer,
                RegistryConfig.newBuilder().pin(A, "lazy-a-low").build());
        registry.kdf(A);
        assertTrue(asked("lazy-a-low"));
        assertFalse(asked("lazy-a-high"), "a provider pinned away is not a candidate, so it is not asked");
    }
}
