package dev.qsafe.tests.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qsafe.tests.cli.Subprocess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example provider project of the docs ({@code docs/examples/hkdf-provider}) is built as its author
 * would build it: its sources compiled against the api alone, its contract test (extending the test
 * kit's {@code ProviderContract}) compiled against the kit, and run by the JUnit Platform in a JVM of its
 * own with the provider on the class path next to qsafe. It must pass the whole contract, vectors
 * included, and its HKDF-SHA512 must be defined by discovery.
 */
class ExampleProviderProjectTest {
    @TempDir
    Path tmp;

    @Test
    void exampleProvider_passesTheTestKitContract() throws Exception {
        Path project = Path.of("..", "docs", "examples", "hkdf-provider");
        Path main = tmp.resolve("main");
        Path test = tmp.resolve("test");
        Path runner = tmp.resolve("runner");
        String modulePath = System.getProperty("jdk.module.path");
        Set<String> classPath = new LinkedHashSet<>();
        for (String entries : new String[] {modulePath, System.getProperty("java.class.path")}) {
            for (String e : entries.split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    classPath.add(e);
                }
            }
        }
        compile(project.resolve("src/main/java"), main, List.of("--module-path", modulePath));
        copy(project.resolve("src/main/resources"), main);
        String deps = String.join(File.pathSeparator, classPath);
        compile(project.resolve("src/test/java"), test, List.of("-cp", main + File.pathSeparator + deps));
        Files.createDirectories(runner);
        Files.writeString(runner.resolve("RunContract.java"), """
                import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
                import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
                import org.junit.platform.launcher.core.LauncherFactory;
                import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
                public class RunContract {
                    public static void main(String[] args) throws Exception {
                        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(args[0]))).build();
                        var listener = new SummaryGeneratingListener();
                        LauncherFactory.create().execute(request, listener);
                        var s = listener.getSummary();
                        s.printFailuresTo(new java.io.PrintWriter(System.out, true), 30);
                        System.out.println("found=" + s.getTestsFoundCount() + " succeeded=" + s.getTestsSucceededCount()
                                + " failed=" + s.getTestsFailedCount() + " aborted=" + s.getTestsAbortedCount());
                        System.exit(s.getTotalFailureCount() == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
                    }
                }""");
        compile(runner, runner, List.of("-cp", deps));
        String runPath = String.join(File.pathSeparator, runner.toString(), test.toString(), main.toString(), deps);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dqsafe.hwaccel.native=false", "-cp", runPath, "RunContract", "com.example.hkdf.HkdfProviderContractTest")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the contract run ends");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("failed=0 aborted=0"), out);
        int found = Integer.parseInt(out.replaceAll("(?s).*found=(\\d+).*", "$1"));
        assertTrue(found >= 12, "the whole contract ran (4 provider tests, 4 per KDF) (" + found + " tests): " + out);

        // The provider that passed, as its author ships it (a modular jar), dropped in a folder that the CLI
        // is given with --provider-path, run as ./qsafe runs it (module path, -m dev.qsafe.cli/...): listed.
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        dev.qsafe.tests.discovery.PluginJars.jar(main, plugins.resolve("hkdf-provider.jar"));
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "-Dqsafe.hwaccel.native=false", "-m", "dev.qsafe.cli/dev.qsafe.cli.Main",
                "--provider-path", plugins.toString(), "providers").redirectErrorStream(true).start();
        cli.getOutputStream().close();
        String listed = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(120, TimeUnit.SECONDS), "qsafe providers ends");
        assertEquals(0, cli.exitValue(), listed);
        assertTrue(listed.contains("example-hkdf") && listed.contains("com.example.hkdf"),
                "qsafe --provider-path DIR providers lists the example provider and its module: " + listed);
        assertTrue(listed.contains("HKDF-SHA512"), "its defined algorithm is listed: " + listed);
    }

    /**
     * The real {@code ./qsafe} launcher, run as a process as a user runs it (bash, the jars this build made:
     * {@code QSAFE_NO_BUILD}; no start-up cache: {@code QSAFE_AOT=off}), given the folder holding the example
     * provider's modular jar with {@code --provider-path}: {@code providers} lists it as a third party's with its
     * module and algorithm, {@code providers --json} parses and says the same, and without the option it is
     * not there (the flag, not something else on the path, brought it).
     */
    @Test
    void launcher_withProviderPath_listsTheExampleProvider() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path launcher = root.resolve("qsafe");
        assumeTrue(Files.isExecutable(launcher) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        Path project = Path.of("..", "docs", "examples", "hkdf-provider");
        Path main = tmp.resolve("launcher-main");
        compile(project.resolve("src/main/java"), main, List.of("--module-path", System.getProperty("jdk.module.path")));
        copy(project.resolve("src/main/resources"), main);
        Path plugins = Files.createDirectories(tmp.resolve("launcher-plugins"));
        dev.qsafe.tests.discovery.PluginJars.jar(main, plugins.resolve("hkdf-provider.jar"));

        Subprocess.Result text = launch(root, "--provider-path", plugins.toString(), "providers");
        assertEquals(0, text.code(), text.out() + text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.contains("example-hkdf") && l.contains("com.example.hkdf") && l.contains("third-party")),
                "./qsafe --provider-path DIR providers lists the example provider, its module, as a third party's: " + text.out());
        assertTrue(text.out().contains("HKDF-SHA512"), "its defined algorithm is listed: " + text.out());
        assertTrue(text.out().contains(plugins.toAbsolutePath().normalize().toString()), "it says where it looked: " + text.out());

        Subprocess.Result json = launch(root, "--provider-path", plugins.toString(), "providers", "--json");
        assertEquals(0, json.code(), json.out() + json.err());
        JsonNode tree = JsonMapper.builder().build().readTree(json.out());
        JsonNode example = null;
        for (JsonNode p : tree.get("providers")) {
            if (p.get("name").asString().equals("example-hkdf")) {
                example = p;
            }
        }
        assertTrue(example != null, "providers --json lists example-hkdf: " + json.out());
        assertEquals("com.example.hkdf", example.get("module").asString());
        assertFalse(example.get("builtIn").asBoolean(), "a third party's provider");
        assertTrue(example.get("weights").has("HKDF-SHA512"), example.toString());
        assertTrue(tree.get("plugins").asString().contains(plugins.toAbsolutePath().normalize().toString()), tree.get("plugins").toString());

        Subprocess.Result without = launch(root, "providers");
        assertEquals(0, without.code(), without.out() + without.err());
        assertFalse(without.out().contains("example-hkdf"), "without --provider-path the example provider is not listed: " + without.out());
    }

    /** The staged checkout's launcher, on its own build, without the AOT cache (no training in this test). */
    private Subprocess.Result launch(Path root, String... args) throws IOException, InterruptedException {
        return Subprocess.launcher(root.resolve("qsafe"), tmp, tmp, Map.of("QSAFE_AOT", "off"), args);
    }

    private static void compile(Path src, Path out, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", out.toString()));
        args.addAll(extra);
        try (Stream<Path> s = Files.walk(src)) {
            s.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, "compiles: " + src + "\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }
}
