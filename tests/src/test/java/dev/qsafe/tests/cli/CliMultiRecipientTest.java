package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code qsafe seal --to A --to B}: one envelope (version 3) every recipient opens with {@code qsafe open},
 * recipients of mixed modes, a non-recipient refused with no output, {@code --hide-recipients}, and
 * {@code qsafe inspect} showing the count and the key ids (or that they are hidden); the README's example runs as written.
 */
class CliMultiRecipientTest {
    @TempDir
    Path dir;

    private String f(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void identities() {
        assertEquals(0, Cli.run("keygen", "--mode", "hybrid", "--unprotected", "-o", f("alice.id")).code());
        assertEquals(0, Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", f("bob.id")).code());
        assertEquals(0, Cli.run("keygen", "--mode", "hybrid", "--unprotected", "-o", f("carol.id")).code());
        assertEquals(0, Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", f("eve.id")).code());
    }

    @Test
    void sealToTwo_bothOpen_inspectShowsThem_nonRecipientGetsNothing() throws IOException {
        byte[] m = new byte[100_000];
        new Random(7).nextBytes(m);
        Files.write(dir.resolve("msg.bin"), m);
        Cli.Result sealed = Cli.run("seal", "--to", f("bob.id.pub"), "--to", f("carol.id.pub"), "--from", f("alice.id"),
                f("msg.bin"), "-o", f("msg.qsafe"));
        assertEquals(0, sealed.code(), sealed.err());
        for (String who : new String[] {"bob", "carol"}) {
            Cli.Result opened = Cli.run("open", "--id", f(who + ".id"), "--from", f("alice.id.pub"), f("msg.qsafe"), "-o",
                    f(who + ".out"));
            assertEquals(0, opened.code(), opened.err());
            assertArrayEquals(m, Files.readAllBytes(dir.resolve(who + ".out")));
        }
        Cli.Result eve = Cli.run("open", "--id", f("eve.id"), "--from", f("alice.id.pub"), f("msg.qsafe"), "-o", f("eve.out"));
        assertNotEquals(0, eve.code());
        assertTrue(eve.err().contains("not among the envelope's 2 recipients"), eve.err());
        assertFalse(Files.exists(dir.resolve("eve.out")));

        Cli.Result inspect = Cli.run("inspect", "--json", f("msg.qsafe"));
        assertEquals(0, inspect.code(), inspect.err());
        JsonNode n = JsonMapper.builder().build().readTree(inspect.out());
        assertEquals(3, n.get("version").asInt());
        assertEquals(2, n.get("recipientCount").asInt());
        String bobKey = JsonMapper.builder().build().readTree(Cli.run("inspect", "--json", f("msg.qsafe")).out())
                .get("recipients").get(0).get("keyId").asString();
        assertEquals(32, bobKey.length());
        Cli.Result text = Cli.run("inspect", f("msg.qsafe"));
        assertTrue(text.out().contains("2 recipients"), text.out());
        assertTrue(text.out().contains(bobKey), text.out());
    }

    @Test
    void hideRecipients_inspectShowsOnlyCount_recipientsStillOpen() throws IOException {
        Files.writeString(dir.resolve("msg.txt"), "hello both");
        assertEquals(0, Cli.run("seal", "--hide-recipients", "--to", f("bob.id.pub"), "--to", f("carol.id.pub"), "--from",
                f("alice.id"), f("msg.txt"), "-o", f("msg.qsafe")).code());
        Cli.Result text = Cli.run("inspect", f("msg.qsafe"));
        assertTrue(text.out().contains("2 recipients") && text.out().contains("(hidden)"), text.out());
        Cli.Result opened = Cli.run("open", "--id", f("carol.id"), "--from", f("alice.id.pub"), f("msg.qsafe"));
        assertEquals(0, opened.code(), opened.err());
        assertEquals("hello both", new String(opened.stdout(), StandardCharsets.UTF_8));
        Cli.Result eve = Cli.run("open", "--id", f("eve.id"), "--from", f("alice.id.pub"), f("msg.qsafe"));
        assertNotEquals(0, eve.code());
        assertEquals(0, eve.stdout().length, "nothing on standard output");
    }

    @Test
    void armorWithSeveralRecipients_isAUsageError() throws IOException {
        Files.writeString(dir.resolve("msg.txt"), "x");
        Cli.Result r = Cli.run("seal", "--armor", "--to", f("bob.id.pub"), "--to", f("carol.id.pub"), "--from", f("alice.id"),
                f("msg.txt"));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--armor"), r.err());
    }

    @Test
    void readmeSeveralRecipientsExample_runsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### One envelope for several recipients");
        assertTrue(section >= 0, "README.md has the section on several recipients");
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(m.find(section), "the section has a ```sh block");
        List<String> expected = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (String line : m.group(1).split("\n")) {
            if (line.strip().startsWith("# prints: ")) {
                expected.add(line.strip().substring("# prints: ".length()));
            } else {
                script.append(line).append('\n');
            }
        }
        assertTrue(expected.size() >= 3, "the example shows what it prints");
        Path run = Files.createDirectory(dir.resolve("readme"));
        ProcessBuilder pb = Subprocess.shell(script.toString(), run).redirectErrorStream(true)
                .redirectOutput(run.resolve("out.txt").toFile());
        pb.environment().remove("QSAFE_PROFILE");
        int code = Subprocess.await(pb, 300);
        String out = Files.readString(run.resolve("out.txt"));
        assertEquals(0, code, "the example failed:\n" + out);
        int at = 0;
        for (String e : expected) {
            int i = out.indexOf(e, at);
            assertTrue(i >= 0, "missing (in order) \"" + e + "\" in:\n" + out);
            at = i + e.length();
        }
    }
}
