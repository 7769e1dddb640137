package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.cli.ExitCodes;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.discovery.PluginJars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI takes provider plug-ins (README, "Provider plug-ins"): a third party's provider, compiled here
 * against the api alone and packed as a modular jar (and another as a plain jar, an automatic module),
 * is listed by {@code qsafe providers} when its folder is on {@code --provider-path} or
 * {@code QSAFE_MODULE_PATH}, and not otherwise; a path entry that does not exist is a configuration error;
 * and discovery that finds nothing says where it looked.
 */
class ProviderPluginCliTest {
    @TempDir
    static Path tmp;
    private static Path plugins;

    @BeforeAll
    static void buildPluginJars() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        String provider = """
                package %s;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class %s implements CryptoProvider {
                    public String name() { return "%s"; }
                    public String description() { return "a third party's test provider"; }
                    public Availability availability() { return Availability.available("always"); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.HKDF_SHA256); }
                    public int weight(Algorithm a) { return 1; }
                    public KdfSpi engineKdf(Algorithm a) { throw new UnsupportedAlgorithmException("a listing-only provider"); }
                }""";
        // A modular jar: module-info with provides.
        Path modSrc = tmp.resolve("src-mod");
        PluginJars.write(modSrc.resolve("module-info.java"), """
                module com.example.plugin {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.plugin.PluginProvider;
                }""");
        PluginJars.write(modSrc.resolve("com/example/plugin/PluginProvider.java"),
                provider.formatted("com.example.plugin", "PluginProvider", "example-plugin"));
        PluginJars.jar(PluginJars.compile(modSrc, tmp.resolve("classes-mod"), List.of()), plugins.resolve("example-plugin.jar"));
        // A plain jar with a services file: an automatic module named after the jar.
        Path plainSrc = tmp.resolve("src-plain");
        PluginJars.write(plainSrc.resolve("com/example/plain/PlainProvider.java"),
                provider.formatted("com.example.plain", "PlainProvider", "example-plain"));
        Path plainClasses = PluginJars.compile(plainSrc, tmp.resolve("classes-plain"), List.of("--add-modules", "dev.qsafe.api"));
        PluginJars.write(plainClasses.resolve("META-INF/services/dev.qsafe.api.spi.CryptoProvider"), "com.example.plain.PlainProvider\n");
        PluginJars.jar(plainClasses, plugins.resolve("example-plain.jar"));
    }

    @Test
    void providersCommand_listsThePluginsOfTheProviderPath() {
        Cli.Result r = Cli.run("--provider-path", plugins.toString(), "providers");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("example-plugin") && r.out().contains("com.example.plugin"), r.out());
        assertTrue(r.out().contains("example-plain") && r.out().contains("example.plain"), "the plain jar is an automatic module: " + r.out());
        assertTrue(r.out().contains("Plug-ins: plug-in path [" + plugins.toAbsolutePath().normalize() + "]"), r.out());
        assertTrue(r.out().contains("jdk-classical"), "the shipped providers are still there: " + r.out());

        Cli.Result without = Cli.run("providers");
        assertEquals(0, without.code(), without.err());
        assertFalse(without.out().contains("example-plugin"), without.out());
        assertTrue(without.out().contains("Plug-ins: no plug-in path"), without.out());
        assertTrue(without.out().contains("Looked in: the module path"), without.out());
    }

    @Test
    void providersJson_saysWhereItLooked() {
        Cli.Result r = Cli.run("--provider-path", plugins.toString(), "providers", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"name\" : \"example-plugin\""), r.out());
        assertTrue(r.out().contains("\"searched\" : \"the module layer of [com.example.plugin, example.plain] and its parent layers\""), r.out());
    }

    @Test
    void missingProviderPathEntry_isAConfigurationError() {
        Cli.Result r = Cli.run("--provider-path", tmp.resolve("no-such-folder").toString(), "providers");
        assertEquals(ExitCodes.CONFIGURATION, r.code());
        assertTrue(r.err().contains("provider path entry") && r.err().contains("no-such-folder") && r.err().contains("does not exist"), r.err());
    }

    /** The environment variable, in a process of its own as the launcher runs it. */
    @Test
    void qsafeModulePathVariable_isHonoured() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("jdk.module.path"), "-Dqsafe.hwaccel.native=false",
                "-m", "dev.qsafe.cli/dev.qsafe.cli.Main", "providers"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("QSAFE_MODULE_PATH", plugins.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("example-plugin") && out.contains("example-plain"), out);
    }

    /** An empty registry is never silent: the error for a missing algorithm says where discovery looked. */
    @Test
    void emptyDiscovery_saysWhereItLooked() {
        CryptoRegistry empty = CryptoRegistry.discover(ModuleLayer.empty(), RegistryConfig.defaults());
        assertTrue(empty.providers().isEmpty());
        assertTrue(empty.searched().startsWith("the module layer of []"), empty.searched());
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class, () -> empty.aead(Algorithm.AES_256_GCM));
        assertTrue(e.getMessage().contains("Looked in the module layer of []"), e.getMessage());
        assertTrue(CryptoRegistry.discover(RegistryConfig.defaults()).searched().contains("module path"));
    }
}
