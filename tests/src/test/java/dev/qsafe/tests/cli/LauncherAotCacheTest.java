package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ./qsafe} launcher's ahead-of-time caches never change what a command does: the same
 * representative commands (help, open, inspect --json, providers --json, a failing open) run as whole
 * processes through the launcher with the caches absent ({@code QSAFE_AOT=off}), present (the light one
 * trained by the first {@code --version}, the full one by the first {@code providers}, into a private
 * {@code QSAFE_AOT_DIR}), with the key file beside them removed or wrong, and each corrupted (truncated,
 * then overwritten with garbage), and give the same output, exit codes and an empty standard error: the
 * JVM's messages about a cache it cannot use never reach the user. The launcher's choice of cache and of
 * JIT and collector options by the first command word is read from its start-up trace. The other CLI tests run the
 * commands in-process, where no cache is involved. {@code QSAFE_NO_BUILD} makes the launcher use the
 * jars this build made instead of building.
 */
class LauncherAotCacheTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("qsafe");

    @TempDir
    Path tmp;

    @Test
    void commands_giveTheSameResults_withTheCachesAbsentPresentAndCorrupted() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        Path aotDir = tmp.resolve("aot");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("msg.txt"), "hi\n", StandardCharsets.UTF_8);
        Subprocess.Result keygen = launch(work, Map.of("QSAFE_AOT", "off"), "keygen", "--mode", "hybrid", "--unprotected", "-o", "a.id");
        assertEquals(0, keygen.code(), keygen.err());
        Subprocess.Result seal = launch(work, Map.of("QSAFE_AOT", "off"), "seal", "--to", "a.id.pub", "--from", "a.id", "-o", "a.qsafe", "msg.txt");
        assertEquals(0, seal.code(), seal.err());

        List<Subprocess.Result> absent = commands(work, Map.of("QSAFE_AOT", "off"));
        assertFalse(Files.exists(aotDir), "QSAFE_AOT=off writes no cache");

        // the first run of each kind of command trains its cache: the light one for --version, the full one for providers
        Map<String, String> withCache = Map.of("QSAFE_AOT_DIR", aotDir.toString());
        Subprocess.Result training = launch(work, withCache, "--version");
        assertEquals(0, training.code(), training.err());
        assertTrue(training.err().contains("preparing the start-up cache"), training.err());
        Path light = onlyCache(aotDir, "-light.aot");
        assertEquals(List.of(), caches(aotDir, "-full.aot"), "--version trains the light cache only");
        training = launch(work, withCache, "providers");
        assertEquals(0, training.code(), training.err());
        assertTrue(training.err().contains("preparing the start-up cache"), training.err());
        Path full = onlyCache(aotDir, "-full.aot");
        assertEquals(light, onlyCache(aotDir, "-light.aot"), "training the full cache keeps the light one");
        assertTrue(Files.size(light) < Files.size(full), "the light cache leaves the cryptography out: " + Files.size(light)
                + " bytes against " + Files.size(full));
        List<Subprocess.Result> present = commands(work, withCache);
        assertSame(absent, present, "caches present");

        // the key file beside the caches: removed or wrong, it is computed again and names the same caches
        Path key = aotDir.resolve("key");
        assertTrue(Files.isRegularFile(key), "key file");
        Files.delete(key);
        assertSame(absent, commands(work, withCache), "key file removed");
        assertTrue(Files.isRegularFile(key), "key file written again");
        Files.writeString(key, "not the basis\n12345\n", StandardCharsets.UTF_8);
        assertSame(absent, commands(work, withCache), "key file wrong");
        assertEquals(List.of(light), caches(aotDir, "-light.aot"), "no new light cache after the key file was replaced");
        assertEquals(List.of(full), caches(aotDir, "-full.aot"), "no new full cache after the key file was replaced");

        for (Path cache : List.of(light, full)) {
            byte[] bytes = Files.readAllBytes(cache);
            Files.write(cache, java.util.Arrays.copyOf(bytes, bytes.length / 3));
            assertSame(absent, commands(work, withCache), cache.getFileName() + " truncated");
            byte[] garbage = new byte[4096];
            new java.security.SecureRandom().nextBytes(garbage);
            Files.write(cache, garbage);
            assertSame(absent, commands(work, withCache), cache.getFileName() + " overwritten with garbage");
        }
        assertEquals(List.of(light), caches(aotDir, "-light.aot"), "a damaged light cache is not re-trained on every run");
        assertEquals(List.of(full), caches(aotDir, "-full.aot"), "a damaged full cache is not re-trained on every run");
    }

    /** Which cache and which JIT and collector options the launcher chooses, by the first command word. */
    @Test
    void theFirstCommandWord_choosesTheCacheAndTheJitOptions() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        Path aotDir = tmp.resolve("aot");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Map<String, String> env = Map.of("QSAFE_AOT_DIR", aotDir.toString(), "QSAFE_TRACE_STARTUP", "1");
        // both caches trained first, so that each run below only chooses
        assertEquals(0, launch(work, env, "--version").code());
        assertEquals(0, launch(work, env, "providers").code());
        String oneShot = "JIT and collector: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
        for (List<String> line : List.<List<String>>of(List.of("--help"), List.of("--version"), List.of(), List.of("-h"), List.of("--verbose"),
                List.of("help"), List.of("help", "seal"), List.of("inspect", "--help"), List.of("--verbose", "inspect", "--help"),
                List.of("--config", "none.json", "inspect", "--help"), List.of("--help", "seal"))) {
            Subprocess.Result r = launch(work, env, line.toArray(String[]::new));
            assertTrue(r.err().contains("-light.aot; " + oneShot), line + ": " + r.err());
        }
        for (List<String> line : List.of(List.of("seal", "--help"), List.of("providers", "--json"), List.of("open", "--help"),
                List.of("--profile", "inspect", "open", "--help"), List.of("keygen", "--help"))) {
            Subprocess.Result r = launch(work, env, line.toArray(String[]::new));
            assertTrue(r.err().contains("-full.aot; JIT and collector: -XX:TieredStopAtLevel=1\n"), line + ": " + r.err());
        }
        for (List<String> line : List.of(List.of("relay", "--help"), List.of("bench", "--help"), List.of("vectors", "--help"),
                List.of("demo", "--help"), List.of("recommend", "--help"),
                List.of("--verbose", "relay", "--help"))) {
            Subprocess.Result r = launch(work, env, line.toArray(String[]::new));
            assertEquals(0, r.code(), line + ": " + r.err());
            assertTrue(r.err().contains("-full.aot; JIT and collector: the JVM's defaults"), line + ": " + r.err());
        }
        // a user's own collector or JIT option wins (two collectors would stop the JVM)
        Map<String, String> parallel = new java.util.HashMap<>(env);
        parallel.put("QSAFE_JAVA_OPTS", "-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins") + " -XX:+UseParallelGC -XX:-TieredCompilation");
        Subprocess.Result r = launch(work, parallel, "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("qsafe "), r.out());
        assertTrue(r.err().contains("JIT and collector: the JVM's defaults"), r.err());
        parallel.put("QSAFE_JAVA_OPTS", "-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins") + " -XX:+UseParallelGC");
        r = launch(work, parallel, "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("JIT and collector: -XX:TieredStopAtLevel=1\n"), r.err());
    }

    /** The representative commands; checks what each must say whatever the cache. */
    private List<Subprocess.Result> commands(Path work, Map<String, String> env) throws IOException, InterruptedException {
        List<Subprocess.Result> runs = new ArrayList<>();
        runs.add(launch(work, env, "--help"));
        runs.add(launch(work, env, "open", "--id", "a.id", "--from", "a.id.pub", "a.qsafe"));
        runs.add(launch(work, env, "inspect", "--json", "a.qsafe"));
        runs.add(launch(work, env, "providers", "--json"));
        runs.add(launch(work, env, "open", "--id", "a.id", "--from", "a.id.pub", "msg.txt"));
        for (int i = 0; i < 4; i++) {
            assertEquals(0, runs.get(i).code(), runs.get(i).err());
        }
        assertEquals("hi\n", runs.get(1).out());
        JsonNode header = JsonMapper.builder().build().readTree(runs.get(2).out());
        assertEquals(1, header.get("version").asInt(), runs.get(2).out());
        JsonNode providers = JsonMapper.builder().build().readTree(runs.get(3).out());
        assertTrue(providers.get("providers").size() >= 5, runs.get(3).out());
        assertFalse(runs.get(4).code() == 0, "a file that is no envelope does not open");
        return runs;
    }

    private static void assertSame(List<Subprocess.Result> expected, List<Subprocess.Result> actual, String state) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).code(), actual.get(i).code(), state + ": exit code of command " + i);
            if (expected.get(i).out().startsWith("{")) {
                // JSON: the same tree (the order of an object's members is not part of the output's meaning)
                JsonMapper json = JsonMapper.builder().build();
                assertEquals(json.readTree(expected.get(i).out()), json.readTree(actual.get(i).out()),
                        state + ": JSON output of command " + i);
            } else {
                assertEquals(expected.get(i).out(), actual.get(i).out(), state + ": standard output of command " + i);
            }
            assertEquals(expected.get(i).err(), actual.get(i).err(), state + ": standard error of command " + i);
        }
    }

    private static Path onlyCache(Path aotDir, String suffix) throws IOException {
        List<Path> caches = caches(aotDir, suffix);
        assertEquals(1, caches.size(), "one cache file *" + suffix + " in " + aotDir + ": " + caches);
        return caches.getFirst();
    }

    private static List<Path> caches(Path aotDir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(aotDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private Subprocess.Result launch(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return Subprocess.launcher(tmp, dir, env, args);
    }
}
