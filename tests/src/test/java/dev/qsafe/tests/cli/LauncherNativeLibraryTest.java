package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ./qsafe} launcher loads the native engines' JNI libraries as the build extracted them
 * ({@code cli/target/native}), with its own copies of two vendors' jars ({@code cli/target/repacked}) first on
 * its module path (docs/PROVIDERS.md, "Where the native libraries are loaded from"):
 * <ul>
 * <li>ACCP's library through ACCP's documented {@code useExternalLib} property, and nothing else in its place:
 * with the library where the launcher says, {@code accp} is active and its note says where it was loaded from;
 * pointed at a directory without it, {@code accp} is unavailable with the reason (ACCP does not fall back to
 * its jar) and commands still work on the other engines; a user's own ACCP property wins over the launcher's.
 * <li>Conscrypt's library (linux-x86_64) from {@code java.library.path}, with the launcher's copy of Conscrypt's
 * jar, which has no {@code META-INF/native}: {@code conscrypt} is active and says it loaded from there; without
 * the extracted library the launcher uses Conscrypt's own jar, which copies its library as before.
 * <li>The copies hold every other entry of the published jars (found on this test's own module or class path,
 * from the local Maven repository) unchanged; the extracted libraries are the jars' entries byte for byte;
 * ACCP's copy has no signature files (the build verified the signature once).
 * </ul>
 */
class LauncherNativeLibraryTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("qsafe");
    private static final Path NATIVE = ROOT.resolve("cli/target/native");
    private static final Path REPACKED = ROOT.resolve("cli/target/repacked");
    private static final String EXTERNAL = "-Dcom.amazon.corretto.crypto.provider.useExternalLib";
    private static final String CONSCRYPT_SO = "libconscrypt_openjdk_jni-linux-x86_64.so";
    private static final String ACCP_SO = "libamazonCorrettoCryptoProvider.so";
    private static final boolean LINUX_X86_64 = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch", ""));

    @TempDir
    Path tmp;

    @Test
    void accp_loadsTheLibraryTheBuildExtracted_andNothingElseInItsPlace() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        assumeTrue(Files.isRegularFile(NATIVE.resolve("libamazonCorrettoCryptoProvider.so")),
                "the build extracts ACCP's library on linux-x86_64 only");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("msg.txt"), "hi\n", StandardCharsets.UTF_8);
        Subprocess.Result keygen = launch(work, "", "keygen", "--mode", "hybrid", "--unprotected", "-o", "a.id");
        assertEquals(0, keygen.code(), keygen.err());
        Subprocess.Result seal = launch(work, "", "seal", "--to", "a.id.pub", "--from", "a.id", "-o", "a.qsafe", "msg.txt");
        assertEquals(0, seal.code(), seal.err());

        Path classes = tmp.resolve("classes.txt");
        Subprocess.Result providers = launch(work, "-Xlog:class+load=info:file=" + classes, "providers", "--json");
        JsonNode accp = accp(providers);
        assertEquals("active", accp.get("state").asString(), accp.toString());
        assertTrue(accp.get("reason").asString().contains("from java.library.path " + NATIVE), accp.toString());
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertTrue(loaded.contains("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider source: file:"
                + REPACKED.resolve("accp") + "/"), "ACCP's classes come from the launcher's copy of its jar");
        if (LINUX_X86_64) {
            JsonNode conscrypt = provider(providers, "conscrypt");
            assertEquals("active", conscrypt.get("state").asString(), conscrypt.toString());
            assertTrue(conscrypt.get("reason").asString().contains("from java.library.path " + NATIVE), conscrypt.toString());
            assertTrue(loaded.contains("org.conscrypt.NativeCrypto source: file:" + REPACKED.resolve("conscrypt") + "/"),
                    "Conscrypt's classes come from the launcher's copy of its jar");
        }

        // a user's own java.library.path wins: both libraries then come from their jars
        Path own = Files.createDirectories(tmp.resolve("own-library-path"));
        providers = launch(work, "-Djava.library.path=" + own, "providers", "--json");
        for (String name : List.of("accp", "conscrypt")) {
            JsonNode p = provider(providers, name);
            assertEquals("active", p.get("state").asString(), p.toString());
            assertFalse(p.get("reason").asString().contains("java.library.path"), p.toString());
        }

        Path empty = Files.createDirectories(tmp.resolve("no-library-here"));
        String elsewhere = EXTERNAL + "=true -Djava.library.path=" + empty;
        accp = accp(launch(work, elsewhere, "providers", "--json"));
        assertEquals("unavailable", accp.get("state").asString(), accp.toString());
        assertTrue(accp.get("reason").asString().contains("amazonCorrettoCryptoProvider"), accp.toString());
        Subprocess.Result open = launch(work, elsewhere, "open", "--id", "a.id", "--from", "a.id.pub", "a.qsafe");
        assertEquals(0, open.code(), open.err());
        assertEquals("hi\n", open.out());

        accp = accp(launch(work, EXTERNAL + "=false", "providers", "--json"));
        assertEquals("active", accp.get("state").asString(), accp.toString());
        assertFalse(accp.get("reason").asString().contains("java.library.path"), "the user's own setting wins: " + accp);
    }

    /**
     * Without Conscrypt's extracted library (a copy of the launcher with the build's jars and everything else
     * in {@code cli/target/native}), the launcher puts Conscrypt's own jar on the module path, which copies its
     * library as before: {@code conscrypt} is active, not from {@code java.library.path}; ACCP is unchanged.
     */
    @Test
    void conscrypt_withoutTheExtractedLibrary_loadsFromItsOwnJarAsBefore() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        assumeTrue(LINUX_X86_64, "the launcher uses Conscrypt's extracted library on linux-x86_64 only");
        Path copy = tmp.resolve("checkout");
        Files.createDirectories(copy.resolve("scripts"));
        Files.createDirectories(copy.resolve("cli/target/native"));
        Files.copy(LAUNCHER, copy.resolve("qsafe"));
        Files.copy(ROOT.resolve("scripts/find-jdk"), copy.resolve("scripts/find-jdk"));
        Path pom = Files.copy(ROOT.resolve("pom.xml"), copy.resolve("pom.xml"));
        Path jar;
        try (Stream<Path> target = Files.list(ROOT.resolve("cli/target"))) {
            jar = target.filter(f -> f.getFileName().toString().matches("qsafe-cli-.*\\.jar")
                    && !f.getFileName().toString().endsWith("-sources.jar")).findFirst().orElseThrow();
        }
        Files.createSymbolicLink(copy.resolve("cli/target").resolve(jar.getFileName()), jar);
        for (String d : List.of("lib", "repacked")) {
            Files.createSymbolicLink(copy.resolve("cli/target").resolve(d), ROOT.resolve("cli/target").resolve(d));
        }
        Files.createSymbolicLink(copy.resolve("cli/target/native").resolve(ACCP_SO), NATIVE.resolve(ACCP_SO));
        // not newer than the jar: the launcher would otherwise want to build
        Files.setLastModifiedTime(pom, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000));

        Path classes = tmp.resolve("classes-copy.txt");
        Subprocess.Result providers;
        try {
            List<String> command = List.of("/bin/bash", copy.resolve("qsafe").toString(), "providers", "--json");
            ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("QSAFE_NO_BUILD", "1");
            pb.environment().put("QSAFE_AOT", "off");
            pb.environment().put("QSAFE_JAVA_OPTS", "-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins") + " -Xlog:class+load=info:file=" + classes);
            pb.environment().remove("QSAFE_MODULE_PATH");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Path out = tmp.resolve("copy-out.txt");
            Path err = tmp.resolve("copy-err.txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "ended");
            providers = new Subprocess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            // the links, not what they point to (JUnit would warn about links leaving the temporary folder)
            for (Path link : List.of(copy.resolve("cli/target").resolve(jar.getFileName()), copy.resolve("cli/target/lib"),
                    copy.resolve("cli/target/repacked"), copy.resolve("cli/target/native").resolve(ACCP_SO))) {
                Files.deleteIfExists(link);
            }
        }
        JsonNode conscrypt = provider(providers, "conscrypt");
        assertEquals("active", conscrypt.get("state").asString(), conscrypt.toString());
        assertFalse(conscrypt.get("reason").asString().contains("java.library.path"), conscrypt.toString());
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertTrue(loaded.contains("org.conscrypt.NativeCrypto source: file:" + ROOT.resolve("cli/target/lib") + "/")
                || loaded.contains("org.conscrypt.NativeCrypto source: file:" + copy.resolve("cli/target/lib") + "/"),
                "Conscrypt's own jar (cli/target/lib) when its library was not extracted");
        JsonNode accp = provider(providers, "accp");
        assertEquals("active", accp.get("state").asString(), accp.toString());
        assertTrue(accp.get("reason").asString().contains("from java.library.path " + copy.resolve("cli/target/native")), accp.toString());
    }

    /**
     * The launcher's copies of the two jars are the published jars (on this test's own path, from the local
     * Maven repository) less Conscrypt's {@code META-INF/native/*} and ACCP's signature files, every other entry
     * byte for byte; the libraries in {@code cli/target/native} are the jars' entries byte for byte.
     */
    @Test
    void launcherCopies_arePublishedJarsLessNativeLibrariesAndSignatures_andExtractedLibrariesAreTheirs() throws Exception {
        Path conscrypt = published("conscrypt-openjdk-uber-");
        Path accp = published("AmazonCorrettoCryptoProvider-");

        Map<String, byte[]> original = entries(conscrypt);
        Map<String, byte[]> copy = entries(only(REPACKED.resolve("conscrypt"), conscrypt.getFileName().toString()));
        assertTrue(original.containsKey("META-INF/native/" + CONSCRYPT_SO), "the published jar carries the library");
        assertEquals(List.of(), copy.keySet().stream().filter(n -> n.startsWith("META-INF/native/")).toList(),
                "no META-INF/native in the launcher's copy of Conscrypt's jar");
        sameEntries(original, copy, n -> n.startsWith("META-INF/native/"), "Conscrypt");
        assertArrayEquals(original.get("META-INF/native/" + CONSCRYPT_SO), Files.readAllBytes(NATIVE.resolve(CONSCRYPT_SO)),
                "cli/target/native holds Conscrypt's library from its jar");

        original = entries(accp);
        copy = entries(only(REPACKED.resolve("accp"), accp.getFileName().toString()));
        Predicate<String> signature = n -> n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)") || n.matches("META-INF/SIG-[^/]+");
        assertEquals(List.of("META-INF/PROVIDER.RSA", "META-INF/PROVIDER.SF"),
                original.keySet().stream().filter(signature).toList(), "the published jar is signed");
        assertEquals(List.of(), copy.keySet().stream().filter(signature).toList(), "no signature files in the launcher's copy");
        sameEntries(original, copy, signature, "ACCP");
        assertArrayEquals(original.get("com/amazon/corretto/crypto/provider/" + ACCP_SO), Files.readAllBytes(NATIVE.resolve(ACCP_SO)),
                "cli/target/native holds ACCP's library from its jar");
    }

    /**
     * Every entry of {@code original} but the {@code removed} ones is in {@code copy} with the same bytes, and
     * nothing else but directory entries (Ant's zip adds one for each parent the original left implicit; they
     * hold no bytes).
     */
    private static void sameEntries(Map<String, byte[]> original, Map<String, byte[]> copy, Predicate<String> removed, String what) {
        List<String> kept = original.keySet().stream().filter(removed.negate()).toList();
        List<String> copied = copy.keySet().stream().filter(n -> original.containsKey(n) || !n.endsWith("/")).toList();
        assertEquals(kept, copied, what + ": the copy's entries (directories aside)");
        List<String> differ = new ArrayList<>();
        for (String name : kept) {
            if (!Arrays.equals(original.get(name), copy.get(name))) {
                differ.add(name);
            }
        }
        assertEquals(List.of(), differ, what + ": entries whose bytes differ from the published jar's");
        assertTrue(kept.stream().filter(n -> n.endsWith(".class")).count() > 100, what + ": classes compared");
    }

    /** The jar whose file name starts with {@code prefix} on this test's own module or class path. */
    private static Path published(String prefix) {
        String path = System.getProperty("jdk.module.path", "") + File.pathSeparator + System.getProperty("java.class.path", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(e -> !e.isEmpty()).map(Path::of)
                .filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".jar")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar on the test's path: " + path));
    }

    /** The one jar in {@code dir}, which must be named {@code name} (the published jar's file name). */
    private static Path only(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(name), files.map(f -> f.getFileName().toString()).sorted().toList(), dir.toString());
        }
        return dir.resolve(name);
    }

    /** A jar's entries by name (sorted), each one's uncompressed bytes (directories: empty). */
    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    assertFalse(entries.containsKey(entry.getName()), "entry twice: " + entry.getName() + " in " + jar);
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static JsonNode accp(Subprocess.Result providers) {
        return provider(providers, "accp");
    }

    private static JsonNode provider(Subprocess.Result providers, String name) {
        assertEquals(0, providers.code(), providers.err());
        for (JsonNode p : JsonMapper.builder().build().readTree(providers.out()).get("providers")) {
            if (p.get("name").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in " + providers.out());
    }

    private Subprocess.Result launch(Path dir, String javaOpts, String... args) throws IOException, InterruptedException {
        return Subprocess.launcher(tmp, dir, Map.of("QSAFE_AOT", "off",
                "QSAFE_JAVA_OPTS", ("-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins") + " " + javaOpts).trim()), args);
    }
}
