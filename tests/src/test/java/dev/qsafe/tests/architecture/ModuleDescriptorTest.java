package dev.qsafe.tests.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each module's descriptor exports, requires, uses and provides exactly what the design says. */
class ModuleDescriptorTest {
    private static final String SPI = "dev.qsafe.api.spi.CryptoProvider";

    private static ModuleDescriptor descriptor(String module) {
        return ModuleLayer.boot().findModule(module)
                .orElseThrow(() -> new AssertionError(module + " is not in the boot layer: tests must run on the module path"))
                .getDescriptor();
    }

    private static Set<String> exports(ModuleDescriptor d) {
        return d.exports().stream().map(e -> {
            assertTrue(e.targets().isEmpty(), d.name() + " has a qualified export " + e);
            return e.source();
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> requires(ModuleDescriptor d) {
        return d.requires().stream().map(ModuleDescriptor.Requires::name).filter(n -> !n.equals("java.base"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> provided(ModuleDescriptor d) {
        return d.provides().stream().filter(p -> p.service().equals(SPI)).flatMap(p -> p.providers().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The class-path registration must list the same providers as the module descriptor. */
    private static Set<String> serviceFile(String module) throws IOException {
        Module m = ModuleLayer.boot().findModule(module).orElseThrow();
        try (InputStream in = m.getResourceAsStream("META-INF/services/" + SPI)) {
            if (in == null) {
                return Set.of();
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void api_exportsApiAndSpiOnly_requiresNothingButJavaBase() {
        ModuleDescriptor d = descriptor("dev.qsafe.api");
        assertEquals(Set.of("dev.qsafe.api", "dev.qsafe.api.spi"), exports(d));
        assertEquals(Set.of(), requires(d));
        assertTrue(d.provides().isEmpty() && d.uses().isEmpty());
    }

    @Test
    void providerClassical_exportsNothing_providesJdkAndBcEngines() throws IOException {
        ModuleDescriptor d = descriptor("dev.qsafe.provider.classical");
        assertEquals(Set.of(), exports(d));
        assertEquals(Set.of("dev.qsafe.api", "dev.qsafe.provider.toolkit", "org.bouncycastle.provider"), requires(d));
        Set<String> expected = Set.of("dev.qsafe.provider.classical.internal.JdkClassicalProvider",
                "dev.qsafe.provider.classical.internal.BcClassicalProvider");
        assertEquals(expected, provided(d));
        assertEquals(expected, serviceFile("dev.qsafe.provider.classical"));
    }

    @Test
    void providerToolkit_exportedOnlyToTheProvidersThatShareIt_providesNothing() {
        ModuleDescriptor d = descriptor("dev.qsafe.provider.toolkit");
        assertEquals(1, d.exports().size(), d.exports().toString());
        ModuleDescriptor.Exports e = d.exports().iterator().next();
        assertEquals("dev.qsafe.provider.toolkit", e.source());
        assertEquals(Set.of("dev.qsafe.provider.classical", "dev.qsafe.provider.pqc", "dev.qsafe.provider.hwaccel"), e.targets(),
                "shared provider code, not API: no one else may read it");
        assertEquals(Set.of("dev.qsafe.api"), requires(d));
        assertTrue(d.provides().isEmpty() && d.uses().isEmpty());
    }

    @Test
    void providerPqc_exportsNothing_providesBouncyCastleEngine() throws IOException {
        ModuleDescriptor d = descriptor("dev.qsafe.provider.pqc");
        assertEquals(Set.of(), exports(d));
        assertEquals(Set.of("dev.qsafe.api", "dev.qsafe.provider.toolkit", "org.bouncycastle.provider"), requires(d));
        Set<String> expected = Set.of("dev.qsafe.provider.pqc.internal.BcPqcProvider",
                "dev.qsafe.provider.pqc.internal.JdkPqcProvider");
        assertEquals(expected, provided(d));
        assertEquals(expected, serviceFile("dev.qsafe.provider.pqc"));
    }

    @Test
    void providerHybrid_exportsNothing_dependsOnApiOnly_providesHybridProvider() throws IOException {
        ModuleDescriptor d = descriptor("dev.qsafe.provider.hybrid");
        assertEquals(Set.of(), exports(d));
        assertEquals(Set.of("dev.qsafe.api"), requires(d), "components come through the SPI, never from another provider");
        Set<String> expected = Set.of("dev.qsafe.provider.hybrid.internal.HybridProvider");
        assertEquals(expected, provided(d));
        assertEquals(expected, serviceFile("dev.qsafe.provider.hybrid"));
    }

    @Test
    void providerHwaccel_exportsNothing_dependsOnApiAndTheTwoNativeEngines() throws java.io.IOException {
        ModuleDescriptor d = descriptor("dev.qsafe.provider.hwaccel");
        assertEquals(Set.of(), exports(d));
        assertEquals(Set.of("dev.qsafe.api", "dev.qsafe.provider.toolkit", "org.conscrypt", "com.amazon.corretto.crypto.provider"),
                requires(d));
        Set<String> expected = Set.of("dev.qsafe.provider.hwaccel.internal.ConscryptProvider",
                "dev.qsafe.provider.hwaccel.internal.AccpProvider");
        assertEquals(expected, provided(d));
        assertEquals(expected, serviceFile("dev.qsafe.provider.hwaccel"));
    }

    @Test
    void runtime_exportsTheFacadeAndTheConceptsCallersName_notFormatOrInternal_usesTheSpi_providesNothing() {
        ModuleDescriptor d = descriptor("dev.qsafe.runtime");
        assertEquals(Set.of("dev.qsafe.runtime", "dev.qsafe.runtime.suite", "dev.qsafe.runtime.envelope",
                "dev.qsafe.runtime.registry", "dev.qsafe.runtime.hpke", "dev.qsafe.runtime.keys", "dev.qsafe.runtime.config",
                "dev.qsafe.runtime.ops"), exports(d));
        assertTrue(d.packages().containsAll(Set.of("dev.qsafe.runtime.format", "dev.qsafe.runtime.internal")),
                "the envelope and signature formats, caches and buffer pool are in the module: " + d.packages());
        assertEquals(Set.of(SPI), d.uses());
        assertTrue(d.provides().isEmpty());
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("dev.qsafe.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "runtime re-exports the api");
        assertTrue(requires(d).stream().noneMatch(n -> n.startsWith("dev.qsafe.provider")), "runtime never requires a provider");
        assertFalse(requires(d).contains("dev.qsafe.adaptive"), "adaptive selection is built on the runtime, not in it");
        assertFalse(requires(d).contains("jdk.management"), "the management beans went with adaptive selection");
    }

    @Test
    void adaptive_exportsItsPackage_requiresRuntimeTransitivelyJacksonAndJdkManagement_providesNothing() {
        ModuleDescriptor d = descriptor("dev.qsafe.adaptive");
        assertEquals(Set.of("dev.qsafe.adaptive"), exports(d));
        assertEquals(Set.of("dev.qsafe.runtime", "tools.jackson.databind", "jdk.management"), requires(d));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("dev.qsafe.runtime")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "adaptive re-exports the runtime");
        assertTrue(d.uses().isEmpty() && d.provides().isEmpty());
    }

    @Test
    void micrometer_exportsItsBinder_requiresRuntimeAndMicrometerTransitively_providesNothing() {
        ModuleDescriptor d = descriptor("dev.qsafe.micrometer");
        assertEquals(Set.of("dev.qsafe.micrometer"), exports(d));
        assertEquals(Set.of("dev.qsafe.runtime", "micrometer.core"), requires(d));
        assertTrue(d.requires().stream().filter(r -> !r.name().equals("java.base"))
                .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)),
                "QSafeMeterBinder's signature names QSafeMetrics and MeterBinder: both re-exported");
        assertTrue(d.uses().isEmpty() && d.provides().isEmpty());
    }

    @Test
    void session_exportsItsApiOnly_requiresRuntimeTransitively_providesNothing() {
        ModuleDescriptor d = descriptor("dev.qsafe.session");
        assertEquals(Set.of("dev.qsafe.session"), exports(d), "the implementation package stays unexported");
        assertEquals(Set.of("dev.qsafe.runtime"), requires(d));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("dev.qsafe.runtime")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "session re-exports the runtime");
        assertTrue(d.uses().isEmpty() && d.provides().isEmpty());
        assertTrue(d.packages().contains("dev.qsafe.session.internal"));
        assertFalse(requires(descriptor("dev.qsafe.runtime")).contains("dev.qsafe.session"), "the runtime never reads sessions");
    }

    @Test
    void relay_exportsItsApiOnly_requiresItsServerLibraries_notQsafeCrypto() {
        ModuleDescriptor d = descriptor("dev.qsafe.relay");
        assertEquals(Set.of("dev.qsafe.relay"), exports(d), "the implementation package stays unexported");
        assertTrue(d.packages().contains("dev.qsafe.relay.internal"));
        assertEquals(Set.of("java.net.http", "java.sql", "java.management", "org.eclipse.jetty.server",
                "org.xerial.sqlitejdbc", "org.postgresql.jdbc", "flyway.core", "flyway.database.postgresql",
                "micrometer.core", "micrometer.registry.prometheus", "tools.jackson.databind"), requires(d));
        assertTrue(d.uses().isEmpty() && d.provides().isEmpty() && d.opens().isEmpty());
        for (String m : List.of("dev.qsafe.runtime", "dev.qsafe.session", "dev.qsafe.adaptive", "dev.qsafe.conformance")) {
            assertFalse(requires(descriptor(m)).contains("dev.qsafe.relay"), m + " never reads the relay");
        }
    }

    /**
     * An application that only seals and opens requires the runtime alone: resolving it (with service
     * binding, so that every provider on the module path comes in) never brings in adaptive selection.
     */
    @Test
    void runtimeAlone_resolvesWithoutTheAdaptiveModule() {
        Path[] modulePath = ModuleLayer.boot().configuration().modules().stream()
                .map(m -> m.reference().location().orElseThrow())
                .filter(u -> u.getScheme().equals("file"))
                .map(Path::of)
                .toArray(Path[]::new);
        Configuration app = Configuration.resolveAndBind(ModuleFinder.compose(ModuleFinder.ofSystem(), ModuleFinder.of(modulePath)),
                List.of(Configuration.empty()), ModuleFinder.of(), Set.of("dev.qsafe.runtime"));
        Set<String> resolved = app.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(resolved.contains("dev.qsafe.provider.classical"), "providers are bound: " + resolved);
        assertFalse(resolved.contains("dev.qsafe.adaptive"), "resolved: " + resolved);
        Configuration cli = Configuration.resolveAndBind(ModuleFinder.compose(ModuleFinder.ofSystem(), ModuleFinder.of(modulePath)),
                List.of(Configuration.empty()), ModuleFinder.of(), Set.of("dev.qsafe.cli"));
        assertTrue(cli.findModule("dev.qsafe.adaptive").isPresent(), "the command line does load it");
    }

    @Test
    void conformance_exportsItsApiOnly_requiresRuntimeAndJackson_neverAProvider() {
        ModuleDescriptor d = descriptor("dev.qsafe.conformance");
        assertEquals(Set.of("dev.qsafe.conformance"), exports(d), "the implementation package stays unexported");
        assertEquals(Set.of("dev.qsafe.runtime", "tools.jackson.databind"), requires(d));
        assertTrue(d.uses().isEmpty() && d.provides().isEmpty(), "it runs the engines the runtime discovers");
        assertTrue(d.packages().contains("dev.qsafe.conformance.internal"));
    }

    @Test
    void cli_requiresRuntimeAdaptiveConformanceAndPicocli_neverAProvider() {
        ModuleDescriptor d = descriptor("dev.qsafe.cli");
        assertEquals(Set.of("dev.qsafe.cli"), exports(d));
        assertTrue(requires(d).containsAll(Set.of("dev.qsafe.runtime", "dev.qsafe.adaptive", "dev.qsafe.conformance", "dev.qsafe.session", "info.picocli")));
        assertTrue(requires(d).stream().noneMatch(n -> n.startsWith("dev.qsafe.provider")));
    }
}
