package dev.qsafe.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The staged release (what {@code ./mvnw -P release deploy} wrote to {@code qsafe.staging.dir}) is what a
 * central repository accepts and what an application needs: every jar has its sources and javadoc jars,
 * the licence inside the jar and in its POM (directly or through the staged parent), a module name; every
 * POM has the metadata; the BOM manages exactly the published jars and nothing else; the {@code qsafe}
 * artifact brings the runtime and the pure-Java providers, not the native ones; and the README example,
 * as an application that declares the {@code qsafe-bom} import and {@code qsafe} gets them (the closure of the
 * staged POMs, {@link #applicationArtifacts()}), compiles and runs on the module path and in a shaded jar,
 * with every engine and without the JDK-25-only ones.
 */
class StagedReleaseTest {
    private static final String GROUP = "dev.qsafe";
    private static Path staging;
    private static String version;
    /** artifactId to the path prefix of its newest staged build (e.g. .../qsafe-api-0.1.0-20261204.221100-1). */
    private static final Map<String, String> NEWEST = new TreeMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void readStaging() throws IOException {
        staging = Path.of(System.getProperty("qsafe.staging.dir"));
        version = System.getProperty("qsafe.release.version");
        Path group = staging.resolve(GROUP.replace('.', '/'));
        assertTrue(Files.isDirectory(group), "nothing was staged in " + group + ": run ./mvnw -B -P release deploy");
        try (Stream<Path> artifacts = Files.list(group)) {
            for (Path dir : artifacts.filter(Files::isDirectory).toList()) {
                Path v = dir.resolve(version);
                if (!Files.isDirectory(v)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(v)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pom"))
                            .max(String::compareTo) // snapshot builds sort by their timestamp
                            .ifPresent(pom -> NEWEST.put(dir.getFileName().toString(),
                                    v.resolve(pom.substring(0, pom.length() - ".pom".length())).toString()));
                }
            }
        }
        assertFalse(NEWEST.isEmpty(), "no POM staged under " + group);
    }

    /** What {@code qsafe} must bring: the runtime, the api, the toolkit and the pure-Java providers. */
    private static final Set<String> QSAFE_CLOSURE = Set.of("qsafe", "qsafe-api", "qsafe-runtime", "qsafe-provider-toolkit",
            "qsafe-provider-classical", "qsafe-provider-pqc", "qsafe-provider-hybrid");

    /**
     * qsafe's artifacts that an application declaring the {@code qsafe-bom} import and {@code qsafe} gets, as
     * Maven resolves them: the compile and runtime scope closure of {@code qsafe}'s staged POMs (optional
     * dependencies left out), every one of them managed by the staged BOM at the release version and staged.
     * The libraries these depend on (Bouncy Castle, Jackson, Caffeine) are not qsafe's: the tests take
     * them from their own class path.
     */
    private static List<String> applicationArtifacts() throws Exception {
        List<String> closure = closure("qsafe");
        assertEquals(QSAFE_CLOSURE, Set.copyOf(closure), "what qsafe-bom + qsafe resolve to (no native provider)");
        return closure;
    }

    /** The staged qsafe artifacts {@code root} brings (compile and runtime scope, not optional), each managed by the BOM. */
    private static List<String> closure(String root) throws Exception {
        Map<String, String> managed = new TreeMap<>();
        NodeList bomDeps = pom("qsafe-bom").getElementsByTagName("dependency");
        for (int i = 0; i < bomDeps.getLength(); i++) {
            Element d = (Element) bomDeps.item(i);
            managed.put(child(d, "artifactId"), child(d, "version").replace("${project.version}", version));
        }
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(root));
        Set<String> closure = new java.util.LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String a = todo.pop();
            if (!closure.add(a)) {
                continue;
            }
            assertEquals(version, managed.get(a), "qsafe-bom manages " + a + " at the release version");
            assertTrue(NEWEST.containsKey(a) && Files.isRegularFile(Path.of(NEWEST.get(a) + ".jar")), a + " is staged with its jar");
            Element project = pom(a).getDocumentElement();
            for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element deps && deps.getTagName().equals("dependencies")) {
                    NodeList list = deps.getElementsByTagName("dependency");
                    for (int i = 0; i < list.getLength(); i++) {
                        Element d = (Element) list.item(i);
                        String scope = child(d, "scope");
                        if (GROUP.equals(child(d, "groupId")) && !child(d, "optional").equals("true")
                                && (scope.isEmpty() || scope.equals("compile") || scope.equals("runtime"))) {
                            todo.add(child(d, "artifactId"));
                        }
                    }
                }
            }
        }
        return List.copyOf(closure);
    }

    private static Set<String> jarArtifacts() {
        return NEWEST.entrySet().stream().filter(e -> Files.isRegularFile(Path.of(e.getValue() + ".jar")))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyJar_hasSourcesJavadocLicenceAndModuleName() throws IOException {
        Set<String> jars = jarArtifacts();
        assertTrue(jars.containsAll(Set.of("qsafe", "qsafe-api", "qsafe-runtime", "qsafe-provider-classical",
                "qsafe-provider-pqc", "qsafe-provider-hybrid", "qsafe-provider-hwaccel")), "staged jars: " + jars);
        List<String> problems = new ArrayList<>();
        for (String artifact : jars) {
            String prefix = NEWEST.get(artifact);
            Path jar = Path.of(prefix + ".jar");
            Path sources = Path.of(prefix + "-sources.jar");
            Path javadoc = Path.of(prefix + "-javadoc.jar");
            if (!Files.isRegularFile(sources)) {
                problems.add(artifact + ": no sources jar");
            } else if (!hasEntry(sources, "META-INF/LICENSE")) {
                problems.add(artifact + ": the sources jar has no META-INF/LICENSE");
            }
            if (!Files.isRegularFile(javadoc)) {
                problems.add(artifact + ": no javadoc jar");
            } else if (!hasEntry(javadoc, "index.html")) {
                problems.add(artifact + ": the javadoc jar has no index.html");
            }
            if (!hasEntry(jar, "META-INF/LICENSE")) {
                problems.add(artifact + ": the jar has no META-INF/LICENSE");
            }
            if (moduleName(jar).isEmpty()) {
                problems.add(artifact + ": the jar has neither module-info.class nor Automatic-Module-Name");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPom_hasTheMetadataACentralRepositoryRequires() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String artifact : NEWEST.keySet()) {
            for (String field : List.of("name", "description", "url", "licenses", "developers", "scm")) {
                if (inherited(artifact, field).isEmpty()) {
                    problems.add(artifact + ": no <" + field + "> (nor in a staged parent)");
                }
            }
            inherited(artifact, "licenses").ifPresent(l -> {
                if (!l.getTextContent().contains("Apache-2.0")) {
                    problems.add(artifact + ": licence is not Apache-2.0: " + l.getTextContent().strip());
                }
            });
        }
        assertEquals(List.of(), problems);
        assertTrue(Files.readString(Path.of(System.getProperty("qsafe.staging.dir"), "..", "..", "LICENSE"))
                .contains("Apache License"), "the repository's LICENSE is the Apache License");
    }

    @Test
    void bom_managesExactlyThePublishedJars_andNoOtherLibrary() throws Exception {
        assertTrue(NEWEST.containsKey("qsafe-bom"), "qsafe-bom is staged");
        Document bom = pom("qsafe-bom");
        assertEquals(0, bom.getElementsByTagName("parent").getLength(),
                "the BOM has no parent: an imported BOM would bring the parent's test libraries");
        Set<String> managed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String g = child(d, "groupId");
            assertEquals(GROUP, g, "the BOM manages qsafe's artifacts only, found " + g + ":" + child(d, "artifactId"));
            assertEquals(version, child(d, "version").replace("${project.version}", version));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(jarArtifacts(), managed, "the BOM lists every published jar and nothing else");
    }

    @Test
    void qsafeArtifact_bringsRuntimeAndPureJavaProviders_notTheNativeOnes() throws Exception {
        Document pom = pom("qsafe");
        Set<String> deps = new TreeSet<>();
        NodeList list = pom.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            String scope = child(d, "scope");
            if (scope.isEmpty() || scope.equals("compile") || scope.equals("runtime")) {
                deps.add(child(d, "artifactId"));
            }
        }
        assertEquals(Set.of("qsafe-runtime", "qsafe-provider-classical", "qsafe-provider-pqc", "qsafe-provider-hybrid"), deps);
        assertEquals(Optional.of("dev.qsafe"), moduleName(Path.of(NEWEST.get("qsafe") + ".jar")));
    }

    /**
     * The README's example, compiled and run on a module path of the staged jars (qsafe's from the
     * staging folder; the libraries they depend on, Bouncy Castle, Jackson and Caffeine, from this test's
     * class path), in a fresh JVM: what an application that declares {@code qsafe} gets.
     */
    @Test
    void readmeExample_runsOnTheModulePath_ofTheStagedQsafeArtifact() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("qsafe.staging.dir"), "..", "..", "README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        String source = null;
        while (m.find() && source == null) {
            source = m.group(1).contains("class Example") ? m.group(1) : null;
        }
        assertTrue(source != null, "README.md has a ```java block with class Example");
        List<String> path = new ArrayList<>();
        for (String a : applicationArtifacts()) {
            path.add(NEWEST.get(a) + ".jar");
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("bcprov") || name.startsWith("jackson") || name.startsWith("caffeine")) {
                path.add(entry);
            }
        }
        String modulePath = String.join(File.pathSeparator, path);
        Path src = tmp.resolve("Example.java");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        Path classes = tmp.resolve("classes");
        StringWriter diagnostics = new StringWriter();
        boolean ok = ToolProvider.getSystemJavaCompiler().getTask(diagnostics, null, null,
                List.of("-d", classes.toString(), "--module-path", modulePath, "--add-modules", "dev.qsafe"),
                null, ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(src)).call();
        assertTrue(ok, "the README example compiles against the staged jars:\n" + diagnostics);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // With every engine, then as on a Java 21 runtime: without the engines that need JDK 25 APIs (jdk-pqc:
        // the JDK's ML-KEM and ML-DSA; jdk-classical's HKDF and DHKEM over javax.crypto.KDF), as Java21PathTest.
        for (List<String> options : List.of(List.<String>of(), AS_ON_JAVA_21)) {
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(options);
            command.addAll(List.of("--module-path", modulePath, "--add-modules", "dev.qsafe", "-cp", classes.toString(), "Example"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example finishes");
            assertEquals(0, p.exitValue(), options + ": " + out);
            assertEquals("meet at noon via X-Wing", out.strip(), options.toString());
        }
    }

    /** What a Java 21 runtime lacks, expressed as configuration (the same as the tests module's Java21PathTest). */
    private static final List<String> AS_ON_JAVA_21 = List.of("-Dqsafe.provider.exclude=jdk-pqc",
            "-Dqsafe.provider.pin=HKDF-SHA256=bc-classical,DHKEM-X25519-HKDF-SHA256=bc-classical");

    /**
     * The README example in a shaded (uber) jar of the staged {@code qsafe} and its libraries, on the class
     * path: with the service files merged (what maven-shade-plugin's ServicesResourceTransformer does) it
     * runs; without (one provider's file wins), it fails and the error says where discovery looked.
     */
    @Test
    void readmeExample_inAShadedJar_worksWithMergedServiceFiles_andSaysWhereItLookedWithout() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (String a : applicationArtifacts()) {
            jars.add(Path.of(NEWEST.get(a) + ".jar"));
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("bcprov") || name.startsWith("jackson") || name.startsWith("caffeine")) {
                jars.add(Path.of(entry));
            }
        }
        Path merged = shade(jars, tmp.resolve("merged.jar"), true);
        Path unmerged = shade(jars, tmp.resolve("unmerged.jar"), false);
        Path classes = compileExample(merged);
        Run ok = runExample(merged, classes, List.of());
        assertEquals(0, ok.code(), ok.out());
        assertEquals("meet at noon via X-Wing", ok.out().strip());
        Run java21 = runExample(merged, classes, AS_ON_JAVA_21);
        assertEquals(0, java21.code(), "without the JDK 25 engines: " + java21.out());
        assertEquals("meet at noon via X-Wing", java21.out().strip());
        Run lost = runExample(unmerged, classes, List.of());
        assertTrue(lost.code() != 0, lost.out());
        assertTrue(lost.out().contains("Looked in the class path (META-INF/services/dev.qsafe.api.spi.CryptoProvider entries)"),
                "the error says where discovery looked: " + lost.out());
    }

    private record Run(int code, String out) {
    }

    /**
     * The example provider project of the docs ({@code docs/examples/hkdf-provider}), built as a third party
     * would from the staged artifacts: its sources compiled against the staged {@code qsafe-api} alone (module
     * path), its contract test against the staged {@code qsafe-provider-testkit}, and the contract run by the
     * JUnit Platform in a JVM of its own with the staged {@code qsafe} next to it. It must pass whole.
     */
    @Test
    void exampleProvider_builtAgainstTheStagedApiAndTestKit_passesTheContract() throws Exception {
        Path project = Path.of(System.getProperty("qsafe.staging.dir"), "..", "..", "docs", "examples", "hkdf-provider");
        Set<String> staged = new java.util.LinkedHashSet<>(closure("qsafe-provider-testkit"));
        staged.addAll(applicationArtifacts());
        List<String> path = new ArrayList<>();
        staged.forEach(a -> path.add(NEWEST.get(a) + ".jar"));
        Path root = Path.of(System.getProperty("qsafe.staging.dir"), "..", "..").toRealPath();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path e = Path.of(entry).toAbsolutePath().normalize();
            // third-party libraries only: qsafe's own classes come from the staging folder, not the reactor
            if (!e.startsWith(root) && !e.getFileName().toString().startsWith("qsafe-")) {
                path.add(entry);
            }
        }
        String deps = String.join(File.pathSeparator, path);
        Path main = tmp.resolve("example-main");
        Path test = tmp.resolve("example-test");
        Path runner = tmp.resolve("example-runner");
        compileTree(project.resolve("src/main/java"), main, List.of("--module-path", NEWEST.get("qsafe-api") + ".jar"));
        try (Stream<Path> s = Files.walk(project.resolve("src/main/resources"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path target = main.resolve(project.resolve("src/main/resources").relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        compileTree(project.resolve("src/test/java"), test, List.of("-cp", main + File.pathSeparator + deps));
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
        compileTree(runner, runner, List.of("-cp", deps));
        String runPath = String.join(File.pathSeparator, runner.toString(), test.toString(), main.toString(), deps);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", runPath, "RunContract", "com.example.hkdf.HkdfProviderContractTest").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the contract run ends");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("failed=0 aborted=0"), out);
        int found = Integer.parseInt(out.replaceAll("(?s).*found=(\\d+).*", "$1"));
        assertTrue(found >= 12, "the whole contract ran (" + found + " tests): " + out);
    }

    private static void compileTree(Path src, Path out, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", out.toString()));
        args.addAll(extra);
        try (Stream<Path> s = Files.walk(src)) {
            s.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, "compiles: " + src + "\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }

    private Path compileExample(Path classPath) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("qsafe.staging.dir"), "..", "..", "README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        String source = null;
        while (m.find() && source == null) {
            source = m.group(1).contains("class Example") ? m.group(1) : null;
        }
        assertTrue(source != null, "README.md has a ```java block with class Example");
        Path src = tmp.resolve("shaded-src/Example.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source, StandardCharsets.UTF_8);
        Path classes = tmp.resolve("shaded-classes");
        StringWriter diagnostics = new StringWriter();
        boolean ok = ToolProvider.getSystemJavaCompiler().getTask(diagnostics, null, null,
                List.of("-d", classes.toString(), "-cp", classPath.toString()),
                null, ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(src)).call();
        assertTrue(ok, "the README example compiles against the shaded jar:\n" + diagnostics);
        return classes;
    }

    private static Run runExample(Path jar, Path classes, List<String> jvmOptions) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", jar + File.pathSeparator + classes, "Example"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example finishes");
        return new Run(p.exitValue(), out);
    }

    /** An uber jar of {@code jars}: no module descriptors or signatures; service files merged or first-wins. */
    private static Path shade(List<Path> jars, Path out, boolean mergeServices) throws IOException {
        Map<String, StringBuilder> services = new TreeMap<>();
        Set<String> written = new TreeSet<>();
        try (var o = new java.util.jar.JarOutputStream(Files.newOutputStream(out))) {
            for (Path jar : jars) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    for (var e : java.util.Collections.list(j.entries())) {
                        String name = e.getName();
                        if (e.isDirectory() || name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class")
                                || name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)") || name.startsWith("META-INF/versions/")) {
                            continue;
                        }
                        byte[] bytes;
                        try (InputStream in = j.getInputStream(e)) {
                            bytes = in.readAllBytes();
                        }
                        if (name.startsWith("META-INF/services/")) {
                            StringBuilder b = services.get(name);
                            if (b == null) {
                                services.put(name, new StringBuilder(new String(bytes, StandardCharsets.UTF_8)).append('\n'));
                            } else if (mergeServices) {
                                b.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
                            }
                            continue;
                        }
                        if (written.add(name)) {
                            o.putNextEntry(new java.util.jar.JarEntry(name));
                            o.write(bytes);
                            o.closeEntry();
                        }
                    }
                }
            }
            for (Map.Entry<String, StringBuilder> s : services.entrySet()) {
                o.putNextEntry(new java.util.jar.JarEntry(s.getKey()));
                o.write(s.getValue().toString().getBytes(StandardCharsets.UTF_8));
                o.closeEntry();
            }
        }
        return out;
    }

    private static boolean hasEntry(Path jar, String entry) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getEntry(entry) != null;
        }
    }

    private static Optional<String> moduleName(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getEntry("module-info.class") != null) {
                try (InputStream in = j.getInputStream(j.getEntry("module-info.class"))) {
                    return Optional.of(java.lang.module.ModuleDescriptor.read(in).name());
                }
            }
            var manifest = j.getManifest();
            return Optional.ofNullable(manifest == null ? null : manifest.getMainAttributes().getValue("Automatic-Module-Name"));
        }
    }

    private static Document pom(String artifact) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new File(NEWEST.get(artifact) + ".pom"));
    }

    /** The top-level element {@code field} of the artifact's POM, or of its staged parent's. */
    private static Optional<Element> inherited(String artifact, String field) throws Exception {
        for (String a = artifact; a != null; ) {
            if (!NEWEST.containsKey(a)) {
                fail(artifact + ": its parent " + a + " is not staged");
            }
            Element project = pom(a).getDocumentElement();
            Element parent = null;
            for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(field) && !e.getTextContent().isBlank()) {
                    return Optional.of(e);
                }
                if (n instanceof Element e && e.getTagName().equals("parent")) {
                    parent = e;
                }
            }
            a = parent == null || !GROUP.equals(child(parent, "groupId")) ? null : child(parent, "artifactId");
        }
        return Optional.empty();
    }

    private static String child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c.getTextContent().strip();
            }
        }
        return "";
    }
}
