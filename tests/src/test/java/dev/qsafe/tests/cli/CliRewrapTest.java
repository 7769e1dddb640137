package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code qsafe rewrap} end to end: a folder holding classical envelopes (one sealed to a key since rotated
 * out and retired, one streaming), an envelope that is already post-quantum and a file that is no envelope
 * is re-wrapped to a hybrid identity, the bad file reported and the rest done (JSON report, exit code of the
 * failure); the results open with {@code open --rewrapped}; {@code --replace} swaps files in place and leaves
 * the original untouched when it fails; usage errors; and the README's walk-through runs as written.
 */
class CliRewrapTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static void ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    private void identities() throws IOException {
        ok("keygen", "--mode", "classical", "--name", "alice", "-o", p("alice.id"), "--unprotected");
        ok("keygen", "--mode", "classical", "--name", "carol", "-o", p("carol.id"), "--unprotected");
        ok("keygen", "--mode", "classical", "--name", "bob", "-o", p("bob.id"), "--unprotected");
        ok("keygen", "--mode", "hybrid", "--name", "bob", "-o", p("bob-pq.id"), "--unprotected");
        Files.createDirectories(dir.resolve("archive/2019"));
    }

    private JsonNode keys(String file) {
        Cli.Result r = Cli.run("key", "list", "--json", p(file));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out()).get("keys");
    }

    @Test
    void folder_rewrapsClassical_skipsPostQuantum_reportsBadFile_andResultsOpen() throws IOException {
        identities();
        byte[] letter = "the 2019 contract".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        Files.write(dir.resolve("letter.txt"), letter);
        Files.write(dir.resolve("big.bin"), big);
        ok("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("letter.txt"), "-o", p("archive/2019/letter.qsafe"));
        // Bob rotates and retires the key the letter was sealed to: ordinary opens refuse it, rewrap still works
        String oldKey = keys("bob.id").get(0).get("keyId").asString();
        ok("key", "rotate", "--id", p("bob.id"));
        ok("key", "retire", "--id", p("bob.id"), oldKey);
        assertEquals(1, Cli.run("open", "--id", p("bob.id"), "--from", p("alice.id.pub"), p("archive/2019/letter.qsafe"),
                "-o", p("no.txt")).code());
        ok("seal", "--stream", "--chunk-size", "4096", "--to", p("bob.id.pub"), "--from", p("carol.id"), p("big.bin"),
                "-o", p("archive/big.qsafe"));
        ok("seal", "--to", p("bob-pq.id.pub"), "--from", p("bob-pq.id"), p("letter.txt"), "-o", p("archive/already.qsafe"));
        Files.writeString(dir.resolve("archive/notes.txt"), "not an envelope");

        Cli.Result r = Cli.run("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("alice.id.pub"),
                "--from", p("carol.id.pub"), p("archive"), "--out", p("archive-pq"), "--json");
        assertEquals(2, r.code(), "the exit code of the failed file (not an envelope): " + r.out() + r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(2, report.get("rewrapped").asInt(), report.toString());
        assertEquals(1, report.get("skipped").asInt(), report.toString());
        assertEquals(1, report.get("failed").asInt(), report.toString());
        JsonNode failed = null;
        for (JsonNode f : report.get("files")) {
            if (f.get("status").asString().equals("failed")) {
                failed = f;
            }
        }
        assertTrue(failed.get("file").asString().endsWith("notes.txt"), report.toString());
        assertTrue(failed.get("reason").asString().contains("not a qsafe envelope"), report.toString());
        assertEquals(2, failed.get("exitCode").asInt());
        assertFalse(Files.exists(dir.resolve("archive-pq/already.qsafe")), "a skipped envelope is not copied");
        assertTrue(Files.exists(dir.resolve("archive/2019/letter.qsafe")), "originals are kept");

        ok("open", "--rewrapped", "--id", p("bob-pq.id"), "--from", p("alice.id.pub"), p("archive-pq/2019/letter.qsafe"),
                "-o", p("letter.out"));
        assertArrayEquals(letter, Files.readAllBytes(dir.resolve("letter.out")));
        ok("open", "--rewrapped", "--id", p("bob-pq.id"), "--from", p("carol.id.pub"), p("archive-pq/big.qsafe"),
                "-o", p("big.out"));
        assertArrayEquals(big, Files.readAllBytes(dir.resolve("big.out")));
        Cli.Result inspect = Cli.run("inspect", "--json", p("archive-pq/big.qsafe"));
        assertEquals(2, JSON.readTree(inspect.out()).get("version").asInt(), inspect.out());
        // the kept proof names alice: carol's identity does not verify it (exit 1), nothing written
        Cli.Result wrong = Cli.run("open", "--rewrapped", "--id", p("bob-pq.id"), "--from", p("carol.id.pub"),
                p("archive-pq/2019/letter.qsafe"), "-o", p("wrong.out"));
        assertEquals(1, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("kept proof"), wrong.err());
        assertFalse(Files.exists(dir.resolve("wrong.out")));

        // a second run: everything is done or post-quantum (the bad file still fails)
        Cli.Result again = Cli.run("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("alice.id.pub"),
                "--from", p("carol.id.pub"), p("archive"), "--out", p("archive-pq"));
        assertTrue(again.out().contains("4 files: 0 rewrapped, 3 skipped (already post-quantum or done), 1 failed"), again.out());
        assertTrue(again.out().contains("failed"), again.out());
    }

    @Test
    void replace_swapsInPlace_andLeavesTheOriginalWhenItFails() throws IOException {
        identities();
        Files.writeString(dir.resolve("letter.txt"), "keep me");
        ok("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("letter.txt"), "-o", p("archive/letter.qsafe"));
        byte[] original = Files.readAllBytes(dir.resolve("archive/letter.qsafe"));

        Cli.Result wrongSender = Cli.run("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("carol.id.pub"),
                "--replace", p("archive/letter.qsafe"));
        assertEquals(1, wrongSender.code(), wrongSender.out() + wrongSender.err());
        assertTrue(wrongSender.out().contains("was not signed by a --from identity"), wrongSender.out());
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("archive/letter.qsafe")), "a failed re-wrap changes nothing");
        assertEquals(List.of("2019", "letter.qsafe"), names(dir.resolve("archive")), "no temporary file is left");

        ok("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("alice.id.pub"), "--replace",
                p("archive/letter.qsafe"));
        assertEquals(List.of("2019", "letter.qsafe"), names(dir.resolve("archive")));
        assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(dir.resolve("archive/letter.qsafe"))));
        ok("open", "--rewrapped", "--id", p("bob-pq.id"), "--from", p("alice.id.pub"), p("archive/letter.qsafe"),
                "-o", p("out.txt"));
        assertEquals("keep me", Files.readString(dir.resolve("out.txt")));
        Cli.Result skipped = Cli.run("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("alice.id.pub"),
                "--replace", p("archive/letter.qsafe"));
        assertEquals(0, skipped.code(), skipped.err());
        assertTrue(skipped.out().contains("already post-quantum"), skipped.out());
    }

    @Test
    void usageErrors_andHelp() throws IOException {
        identities();
        Files.writeString(dir.resolve("letter.txt"), "x");
        ok("seal", "--to", p("bob.id.pub"), "--from", p("alice.id"), p("letter.txt"), "-o", p("archive/letter.qsafe"));
        Cli.Result both = Cli.run("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("alice.id.pub"),
                "--replace", "--out", p("o"), p("archive"));
        assertEquals(2, both.code(), both.err());
        Cli.Result classicalTarget = Cli.run("rewrap", "--id", p("bob.id"), "--from", p("alice.id.pub"), p("archive"));
        assertEquals(2, classicalTarget.code(), classicalTarget.err());
        assertTrue(classicalTarget.err().contains("--to"), classicalTarget.err());
        assertEquals(5, Cli.run("rewrap", "--id", p("bob.id"), "--to", p("bob-pq.id"), "--from", p("alice.id.pub"),
                p("missing")).code());
        Cli.Result help = Cli.run("rewrap", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Examples:") && help.out().contains("qsafe rewrap --id old.id --to new.id"), help.out());
        assertTrue(help.out().contains("Exit code"), help.out());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void readmeRewrapWalkthrough_runsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Moving old messages to post-quantum keys");
        assertTrue(section >= 0, "README.md has the section on qsafe rewrap");
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(section), "the section has a ```sh block");
        List<String> expected = new ArrayList<>();
        StringBuilder script = new StringBuilder("set -eu\n"
                + "qsafe() { \"$QSAFE_JAVA\" --module-path \"$QSAFE_MP\" -cp \"$QSAFE_CP\" -Dqsafe.hwaccel.native=false "
                + "-m dev.qsafe.cli/dev.qsafe.cli.Main \"$@\"; }\n");
        for (String line : m.group(1).split("\n")) {
            if (line.strip().startsWith("# prints: ")) {
                expected.add(line.strip().substring("# prints: ".length()));
            } else {
                script.append(line).append('\n');
            }
        }
        assertTrue(expected.size() >= 2, "the walk-through shows what it prints");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("QSAFE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("QSAFE_MP", System.getProperty("jdk.module.path"));
        pb.environment().put("QSAFE_CP", System.getProperty("java.class.path"));
        Process proc = pb.start();
        proc.getOutputStream().close();
        if (!proc.waitFor(300, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new AssertionError("the walk-through did not end within 300 s");
        }
        String out = Files.readString(dir.resolve("out.txt"));
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, proc.exitValue(), "the walk-through failed:\nstdout:\n" + out + "\nstderr:\n" + err);
        int at = 0;
        for (String e : expected) {
            int i = out.indexOf(e, at);
            assertTrue(i >= 0, "missing (in order) \"" + e + "\" in:\n" + out + "\nstderr:\n" + err);
            at = i + e.length();
        }
    }
}
