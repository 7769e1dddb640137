package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayServer;
import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code ./qsafe} launcher's ahead-of-time caches never change what a command does (issue 19: no command's
 * correctness depends on the cache). Every command of the CLI, and each subcommand of {@code key}, {@code session}
 * and {@code contact}, runs as a whole process through the launcher, one real invocation each ({@code relay},
 * {@code bench} and {@code recommend}: their help), with the caches absent ({@code QSAFE_AOT=off}), present, and
 * both overwritten with garbage, each state in its own folder on copies of the same identities: the same exit
 * codes, standard output and standard error, once the random values in them (a new key's fingerprint or id, a
 * session, mailbox or message id) are replaced by names; what one state wrote is read in another; and the JVM's
 * own log shows that each state is what it says. Five representative commands (help, open, inspect --json,
 * providers --json, a failing open) also run with the caches as the launcher trains them (the light one by the
 * first {@code --version}, the full one by the first {@code providers}, into a private {@code QSAFE_AOT_DIR}),
 * with the key file beside them removed or wrong, and each truncated, then overwritten with garbage: the same
 * output, exit codes and standard error (the JVM's messages about a cache it cannot use never reach the user).
 * The launcher's choice of cache and of JIT and collector options by the first command word is read from its
 * start-up trace. The other CLI tests run the commands in-process, where no cache is involved.
 * {@code QSAFE_NO_BUILD} makes the launcher use the jars this build made instead of building.
 */
class LauncherAotCacheTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("qsafe");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    /** Where {@link #trainedCaches} trains both caches, once for the tests that only use them. */
    @TempDir
    static Path shared;

    private static Path trained;

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
        Path work = Files.createDirectories(tmp.resolve("work"));
        // both caches trained first, so that each run below only chooses
        Map<String, String> env = Map.of("QSAFE_AOT_DIR", trainedCaches().toString(), "QSAFE_TRACE_STARTUP", "1");
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

    /**
     * Every command of the CLI ({@code QsafeCommand.SUBCOMMANDS}, and each subcommand of {@code key},
     * {@code session} and {@code contact}), one real invocation each, through the launcher with the caches
     * absent, present and both overwritten with garbage (the launcher gives each command the light or the full
     * cache by its first word, so every command meets its own cache damaged). {@code relay}, {@code bench} and
     * {@code recommend} show their help only (a server; and figures measured in the run); a relay runs in this
     * JVM for {@code invite}, {@code contact}, {@code send} and {@code receive}. Each state works in its own
     * folder on copies of the same identities, made in-process, so that the outputs must be the same in every
     * state. What is random in an output (a new key's fingerprint or id, a session, mailbox or message id) is
     * taken from each state's own output and replaced by a name before the comparison, and the artifacts are
     * checked instead: what one state wrote is read in another (an envelope sealed to a key made in the
     * previous state opens in that state; a signature, an upgraded public file, a prekey bundle and a first
     * session message cross states the same way), or read in-process (a re-wrapped envelope, a session reply,
     * the keyset after rotate, retire, reactivate, destroy and protect).
     */
    @Test
    void everyCommand_givesTheSameResults_withTheCachesAbsentPresentAndCorrupted() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        Path present = trainedCaches();
        Path garbage = Files.createDirectories(tmp.resolve("aot-garbage"));
        Files.copy(present.resolve("key"), garbage.resolve("key"));
        List<Path> garbageCaches = new ArrayList<>();
        for (Path cache : caches(present, ".aot")) {
            byte[] bytes = new byte[4096];
            new java.security.SecureRandom().nextBytes(bytes);
            garbageCaches.add(Files.write(garbage.resolve(cache.getFileName()), bytes));
        }
        assertEquals(2, garbageCaches.size(), "the light and the full cache: " + garbageCaches);
        States states = new States(List.of(Map.of("QSAFE_AOT", "off"), Map.of("QSAFE_AOT_DIR", present.toString()),
                Map.of("QSAFE_AOT_DIR", garbage.toString())));

        // the same identities in every state: alice and bob (hybrid), carol (classical) and an envelope to carol
        Path fixtures = Files.createDirectories(tmp.resolve("fixtures"));
        String msg = Files.writeString(fixtures.resolve("msg.txt"), "hi\n", StandardCharsets.UTF_8).toString();
        Files.writeString(fixtures.resolve("pass.txt"), "a passphrase for this test\n", StandardCharsets.UTF_8);
        for (String[] id : new String[][] {{"alice", "hybrid"}, {"bob", "hybrid"}, {"carol", "classical"}}) {
            CliTest.Run r = CliTest.run("keygen", "--mode", id[1], "--name", id[0], "--unprotected", "-o",
                    fixtures.resolve(id[0] + ".id").toString());
            assertEquals(0, r.code(), r.err());
        }
        CliTest.Run sealed = CliTest.run("seal", "--to", fixtures.resolve("carol.id.pub").toString(), "--from",
                fixtures.resolve("alice.id").toString(), "-o", fixtures.resolve("old.qsafe").toString(), msg);
        assertEquals(0, sealed.code(), sealed.err());
        String aliceKem = JSON.readTree(CliTest.run("key", "show", "--json", fixtures.resolve("alice.id.pub").toString()).out())
                .get("kemKeyId").asString();
        for (Path dir : states.dirs) {
            try (Stream<Path> files = Files.list(fixtures)) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            Files.copy(fixtures.resolve("alice.id"), dir.resolve("k.id"));
            Files.copy(fixtures.resolve("alice.id.pub"), dir.resolve("k.id.pub"));
            for (String name : List.of("alice", "bob")) {
                Files.copy(fixtures.resolve(name + ".id"), Files.createDirectories(dir.resolve("mail")).resolve(name + ".id"));
                Files.copy(fixtures.resolve(name + ".id.pub"), dir.resolve("mail").resolve(name + ".id.pub"));
            }
        }

        // the states are what they say: the JVM's log (-Xlog:aot, on standard output) names the cache it opened for a
        // light and for a full command, and whether it used the classes linked ahead of time or could not map it
        for (String[] line : new String[][] {{"help", "keygen"}, {"key", "list", "alice.id"}}) {
            String kind = line[0].equals("help") ? "-light.aot" : "-full.aot";
            List<Subprocess.Result> logged = states.run(Map.of("QSAFE_JAVA_OPTS", "-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins")
                    + " -Xlog:aot=info"), s -> line);
            String absent = logged.get(0).out();
            String usable = logged.get(1).out();
            String damaged = logged.get(2).out();
            assertTrue(!absent.contains("AOT cache") && absent.contains("Using AOT-linked classes: false"), absent);
            assertTrue(usable.matches("(?s).*Opened AOT cache " + Pattern.quote(present.toString()) + "/qsafe-\\d+" + kind + ".*")
                    && usable.contains("Using AOT-linked classes: true"), usable);
            assertTrue(damaged.matches("(?s).*Opened AOT cache " + Pattern.quote(garbage.toString()) + "/qsafe-\\d+" + kind + ".*")
                    && damaged.contains("[error") && !damaged.contains("Using AOT-linked classes: true"), damaged);
        }

        // what needs no files: help, doctor, status, vectors, demo; and the help of the server and of what measures
        states.same("help keygen", 0, states.run("help", "keygen"));
        List<Subprocess.Result> inspect = states.run("inspect", "old.qsafe");
        states.same("inspect", 0, inspect);
        assertTrue(inspect.getFirst().out().startsWith("qsafe envelope v1: DHKEM-X25519-HKDF-SHA256"), inspect.getFirst().out());
        states.same("doctor --json", 0, states.run("doctor", "--json"));
        states.same("status --json", 0, states.run("status", "--json"), "taken");
        List<Subprocess.Result> vectors = states.run("vectors", "--engine", "bc-classical", Vectors.dir().resolve("rfc7748").toString());
        states.same("vectors", 0, vectors);
        assertTrue(vectors.getFirst().out().contains("Total: 8 passed, 0 failed, 1 skipped"), vectors.getFirst().out());
        List<Subprocess.Result> demo = states.run("demo", "--mode", "classical", "--json", "--warmup-ms", "1", "--measure-ms", "1");
        states.same("demo", 0, demo, "microseconds");
        assertEquals(171, JSON.readTree(demo.getFirst().out()).at("/modes/0/sizeBytes/envelopeOverhead").asInt(), demo.getFirst().out());
        for (String command : List.of("relay", "bench", "recommend")) {
            List<Subprocess.Result> help = states.run(command, "--help");
            states.same(command + " --help", 0, help);
            assertTrue(help.getFirst().out().startsWith("Usage: qsafe " + command), help.getFirst().out());
        }

        // keygen, then seal to the key the previous state made, and open what the next state sealed to this one's
        List<Subprocess.Result> keygen = states.run("keygen", "--mode", "hybrid", "--name", "dave", "--unprotected", "-o", "new.id");
        states.same("keygen", 0, states.redact(keygen, "fingerprint ([0-9a-f]{64})", "FINGERPRINT"));
        states.stage("new.id.pub", -1, "peer.pub");
        states.same("seal", 0, states.run("seal", "--to", "peer.pub", "--from", "alice.id", "-o", "sealed.qsafe", "msg.txt"));
        states.stage("sealed.qsafe", 1, "in.qsafe");
        List<Subprocess.Result> open = states.run("open", "--id", "new.id", "--from", "alice.id.pub", "in.qsafe");
        states.same("open", 0, open);
        assertEquals("hi\n", open.getFirst().out());
        states.same("sign", 0, states.run("sign", "--id", "alice.id", "-o", "msg.sig", "msg.txt"));
        states.stage("msg.sig", -1, "in.sig");
        List<Subprocess.Result> verify = states.run("verify", "--from", "alice.id.pub", "-s", "in.sig", "msg.txt");
        states.same("verify", 0, verify);
        assertTrue(verify.getFirst().err().startsWith("qsafe: good signature by alice"), verify.getFirst().err());

        // key: upgrade (its public file shown in the next state), show, list, export; a keyset from rotate to protect
        states.same("key upgrade", 0, states.run("key", "upgrade", "--id", "alice.id", "--public-out", "up.pub"));
        states.stage("up.pub", -1, "in-up.pub");
        List<Subprocess.Result> show = states.run("key", "show", "--json", "in-up.pub");
        states.same("key show", 0, show);
        assertEquals(aliceKem, JSON.readTree(show.getFirst().out()).get("kemKeyId").asString());
        states.same("key list", 0, states.run("key", "list", "alice.id"));
        List<Subprocess.Result> export = states.run("key", "export", "--id", "alice.id", "--key", "signature", "-o", "-");
        states.same("key export", 0, export);
        assertTrue(export.getFirst().out().startsWith("-----BEGIN PRIVATE KEY-----"), "a PEM private key");
        List<Subprocess.Result> rotate = states.run("key", "rotate", "--id", "k.id");
        List<String> newKeys = states.found(rotate, "new primary key ([0-9a-f]{32})");
        states.same("key rotate", 0, states.redact(rotate, "new primary key ([0-9a-f]{32})", "NEWKEY"));
        states.same("key retire", 0, states.run("key", "retire", "--id", "k.id", aliceKem));
        states.same("key reactivate", 0, states.run("key", "reactivate", "--id", "k.id", aliceKem));
        states.same("key destroy", 0, states.run("key", "destroy", "--id", "k.id", aliceKem, "--force"));
        states.same("key protect", 0, states.run("key", "protect", "--id", "k.id", "--kdf", "pbkdf2", "--passphrase-file", "pass.txt"));
        for (int s = 0; s < 3; s++) {
            Path dir = states.dirs.get(s);
            assertEquals("PBKDF2-HMAC-SHA512", JSON.readTree(dir.resolve("k.id").toFile()).at("/protection/kdf").asString(), "k.id is protected now");
            CliTest.Run keys = CliTest.run("key", "list", "--json", "--passphrase-file", dir.resolve("pass.txt").toString(),
                    dir.resolve("k.id").toString());
            assertEquals(0, keys.code(), keys.err());
            assertEquals(List.of(aliceKem + " destroyed", newKeys.get(s) + " primary"), JSON.readTree(keys.out()).get("keys").valueStream()
                    .map(k -> k.get("keyId").asString() + " " + k.get("status").asString()).toList(), keys.out());
        }

        // rewrap carol's classical envelope to bob's hybrid key; bob opens it in-process
        states.same("rewrap", 0, states.run("rewrap", "--id", "carol.id", "--to", "bob.id", "--from", "alice.id.pub", "old.qsafe", "--out", "pq"));
        for (Path dir : states.dirs) {
            Cli.Result r = Cli.run("open", "--rewrapped", "--id", dir.resolve("bob.id").toString(), "--from", dir.resolve("alice.id.pub").toString(),
                    dir.resolve("pq/old.qsafe").toString());
            assertEquals("0 hi\n", r.code() + " " + new String(r.stdout(), StandardCharsets.UTF_8), r.err());
        }

        // session: bob's bundle, alice's first message to the previous state's bob, bob's reply to the next state's alice
        states.same("session bundle", 0, states.run("session", "bundle", "--id", "bob.id", "-o", "bob.bundle"));
        states.stage("bob.bundle", -1, "in.bundle");
        List<Subprocess.Result> init = states.run("session", "init", "--id", "alice.id", "--to", "bob.id.pub", "--bundle", "in.bundle",
                "-o", "m1", "msg.txt");
        List<String> sessions = states.found(init, "session ([0-9a-f]{32})");
        states.same("session init", 0, states.redact(init, "session ([0-9a-f]{32})", "SESSION"));
        states.stage("m1", 1, "in.m1");
        // bob's side of the session has the id the next state's alice printed
        List<Subprocess.Result> receive = states.run("session", "receive", "--id", "bob.id", "--from", "alice.id.pub", "in.m1",
                "-o", "got.txt", "--json");
        states.same("session receive", 0, states.redact(receive, s -> sessions.get(States.next(s)), "SESSION"));
        List<Subprocess.Result> reply = states.run(s -> new String[] {"session", "send", "--id", "bob.id", "--session", sessions.get(States.next(s)),
            "-o", "m2", "--json", "msg.txt"});
        states.same("session send", 0, states.redact(reply, s -> sessions.get(States.next(s)), "SESSION"));
        for (int s = 0; s < 3; s++) {
            assertEquals("hi\n", Files.readString(states.dirs.get(s).resolve("got.txt")));
            Path alice = states.dirs.get(States.next(s)).resolve("alice.id");
            Cli.Result r = Cli.run("session", "receive", "--id", alice.toString(), states.dirs.get(s).resolve("m2").toString());
            assertEquals("0 hi\n", r.code() + " " + new String(r.stdout(), StandardCharsets.UTF_8), r.err());
        }

        // the relay: each state's bob accepts the previous state's alice's invitation and writes to her over a
        // session; each alice reads what the next state's bob wrote
        try (RelayServer relay = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + tmp.resolve("relay.db")).build())) {
            String url = relay.uri().toString().replaceAll("/$", "");
            List<Subprocess.Result> invite = states.run("invite", "--id", "mail/alice.id", "--relay", url);
            List<String> invitations = states.found(invite, "^(qsafe\\+http://\\S+)$");
            states.same("invite", 0, states.redact(invite, "/([A-Za-z0-9_-]{22})#fp=", "MAILBOX"));
            for (int s = 0; s < 3; s++) {
                // in-process: the previous state's alice takes this state's bob as a contact (she reads only contacts)
                CliTest.Run bobInvite = CliTest.run("invite", "--id", states.dirs.get(s).resolve("mail/bob.id").toString(), "--relay", url);
                assertEquals(0, bobInvite.code(), bobInvite.err());
                CliTest.Run add = CliTest.run("contact", "add", "--id", states.dirs.get(States.prev(s)).resolve("mail/alice.id").toString(),
                        "--name", "bob", bobInvite.out().strip());
                assertEquals(0, add.code(), add.err());
            }
            states.same("contact add", 0, states.run(s -> new String[] {"contact", "add", "--id", "mail/bob.id", "--name", "alice",
                invitations.get(States.prev(s))}));
            states.same("contact list", 0, states.run("contact", "list", "--id", "mail/bob.id"));
            List<Subprocess.Result> send = states.run("send", "--id", "mail/bob.id", "--to", "alice", "msg.txt");
            states.same("send", 0, states.redact(send, "sent ([A-Za-z0-9_-]{22}) to", "MESSAGE"));
            List<Subprocess.Result> received = states.run("receive", "--id", "mail/alice.id", "--wait", "10");
            states.same("receive", 0, received);
            assertEquals("bob: hi\n", received.getFirst().out());
        }

        for (Path cache : garbageCaches) {
            assertEquals(4096, Files.size(cache), "a damaged cache is not re-trained: " + cache);
        }
        assertEquals(caches(present, ".aot").stream().map(Path::getFileName).toList(),
                garbageCaches.stream().map(Path::getFileName).toList(), "no new cache beside the trained ones");
    }

    /**
     * Both caches, trained by the launcher's first {@code --version} and first {@code providers}, once for the
     * tests that only use them (the first test trains its own, to watch the training).
     */
    private static synchronized Path trainedCaches() throws IOException, InterruptedException {
        if (trained == null) {
            Path dir = shared.resolve("aot");
            Path work = Files.createDirectories(shared.resolve("training"));
            for (String word : List.of("--version", "providers")) {
                Subprocess.Result r = Subprocess.launcher(shared, work, Map.of("QSAFE_AOT_DIR", dir.toString()), word);
                assertEquals(0, r.code(), r.err());
            }
            onlyCache(dir, "-light.aot");
            onlyCache(dir, "-full.aot");
            trained = dir;
        }
        return trained;
    }

    /**
     * The cache states of {@link #everyCommand_givesTheSameResults_withTheCachesAbsentPresentAndCorrupted}, each with
     * its environment and its own folder; each command line runs in all three at once.
     */
    private final class States {
        final List<Map<String, String>> envs;
        final List<Path> dirs = new ArrayList<>();

        States(List<Map<String, String>> envs) throws IOException {
            this.envs = envs;
            for (int s = 0; s < envs.size(); s++) {
                dirs.add(Files.createDirectories(tmp.resolve("state-" + s)));
            }
        }

        static int next(int s) {
            return (s + 1) % 3;
        }

        static int prev(int s) {
            return (s + 2) % 3;
        }

        List<Subprocess.Result> run(String... args) throws IOException, InterruptedException {
            return run(Map.of(), s -> args);
        }

        List<Subprocess.Result> run(java.util.function.IntFunction<String[]> args) throws IOException, InterruptedException {
            return run(Map.of(), args);
        }

        /**
         * Runs {@code args.apply(s)} in state {@code s}'s folder with its environment and then {@code env}, for each
         * state at the same time (no state reads what another writes in the same step).
         */
        List<Subprocess.Result> run(Map<String, String> env, java.util.function.IntFunction<String[]> args)
                throws IOException, InterruptedException {
            try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<Subprocess.Result>> runs = new ArrayList<>();
                for (int s = 0; s < envs.size(); s++) {
                    int state = s;
                    Map<String, String> stateEnv = new java.util.HashMap<>(envs.get(s));
                    stateEnv.putAll(env);
                    runs.add(pool.submit(() -> launch(dirs.get(state), stateEnv, args.apply(state))));
                }
                List<Subprocess.Result> results = new ArrayList<>();
                for (java.util.concurrent.Future<Subprocess.Result> r : runs) {
                    try {
                        results.add(r.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError(String.join(" ", args.apply(0)) + ": " + e.getCause(), e.getCause());
                    }
                }
                return results;
            }
        }

        /** Copies file {@code from} of the next ({@code offset} 1) or previous (-1) state into each state as {@code to}. */
        void stage(String from, int offset, String to) throws IOException {
            for (int s = 0; s < dirs.size(); s++) {
                Path source = dirs.get(offset > 0 ? next(s) : prev(s)).resolve(from);
                Files.copy(source, dirs.get(s).resolve(to));
            }
        }

        /** Group 1 of {@code regex} (multi-line) in each state's standard output and error; a different value in each. */
        List<String> found(List<Subprocess.Result> results, String regex) {
            List<String> values = new ArrayList<>();
            for (Subprocess.Result r : results) {
                Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(r.out() + r.err());
                assertTrue(m.find(), "/" + regex + "/ in: " + r.out() + r.err());
                values.add(m.group(1));
            }
            assertEquals(values.size(), new java.util.HashSet<>(values).size(), "random, so different in each state: " + values);
            return values;
        }

        /** The results with each state's value of group 1 of {@code regex} replaced by {@code name}. */
        List<Subprocess.Result> redact(List<Subprocess.Result> results, String regex, String name) {
            List<String> values = found(results, regex);
            return redact(results, values::get, name);
        }

        /** The results with {@code value.apply(s)} replaced by {@code name} in state {@code s}'s output and error. */
        List<Subprocess.Result> redact(List<Subprocess.Result> results, java.util.function.IntFunction<String> value, String name) {
            List<Subprocess.Result> redacted = new ArrayList<>();
            for (int s = 0; s < results.size(); s++) {
                Subprocess.Result r = results.get(s);
                String v = value.apply(s);
                assertTrue((r.out() + r.err()).contains(v), "state " + s + " printed " + v + ": " + r.out() + r.err());
                redacted.add(new Subprocess.Result(r.code(), r.out().replace(v, name), r.err().replace(v, name)));
            }
            return redacted;
        }

        /** Exit code {@code code} in the first state, and the same results in the others. */
        void same(String what, int code, List<Subprocess.Result> results, String... volatileMembers) {
            assertEquals(code, results.getFirst().code(), what + " without the caches: " + results.getFirst().err());
            for (int s = 1; s < results.size(); s++) {
                assertSameResult(results.getFirst(), results.get(s), what + ", " + envs.get(s), Set.of(volatileMembers));
            }
        }
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
        JsonNode header = JSON.readTree(runs.get(2).out());
        assertEquals(1, header.get("version").asInt(), runs.get(2).out());
        JsonNode providers = JSON.readTree(runs.get(3).out());
        assertTrue(providers.get("providers").size() >= 5, runs.get(3).out());
        assertFalse(runs.get(4).code() == 0, "a file that is no envelope does not open");
        return runs;
    }

    private static void assertSame(List<Subprocess.Result> expected, List<Subprocess.Result> actual, String state) {
        for (int i = 0; i < expected.size(); i++) {
            assertSameResult(expected.get(i), actual.get(i), state + ": command " + i, Set.of());
        }
    }

    /**
     * The same exit code, standard output and standard error; JSON output as the same tree (the order of an
     * object's members is not part of the output's meaning), with the values of the members named in
     * {@code volatileMembers} (timings, a time of day) compared by {@linkplain #masked shape} only.
     */
    private static void assertSameResult(Subprocess.Result expected, Subprocess.Result actual, String what, Set<String> volatileMembers) {
        assertEquals(expected.code(), actual.code(), what + ": exit code; standard error: " + actual.err());
        if (expected.out().startsWith("{")) {
            assertEquals(masked(JSON.readTree(expected.out()), volatileMembers, false), masked(JSON.readTree(actual.out()), volatileMembers, false),
                    what + ": JSON output");
        } else {
            assertEquals(expected.out(), actual.out(), what + ": standard output");
        }
        assertEquals(expected.err(), actual.err(), what + ": standard error");
    }

    /**
     * {@code node} with the value of each member named in {@code volatileMembers}, and everything within it,
     * replaced by its kind ({@code NUMBER}, {@code STRING}, {@code NULL}...); member names and array lengths stay.
     */
    private static JsonNode masked(JsonNode node, Set<String> volatileMembers, boolean kindOnly) {
        if (node.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                o.set(e.getKey(), masked(e.getValue(), volatileMembers, kindOnly || volatileMembers.contains(e.getKey())));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JSON.createArrayNode();
            node.forEach(e -> a.add(masked(e, volatileMembers, kindOnly)));
            return a;
        }
        return kindOnly ? JsonNodeFactory.instance.stringNode(node.getNodeType().name()) : node;
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
