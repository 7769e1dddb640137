package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two-person walk-through ("Two people on one machine") run as written: the ```sh block
 * is taken from README.md, its {@code qsafe relay} line is replaced by a relay started here on a random
 * port (SQLite in a temporary folder), {@code qsafe} is the CLI on this build's module path, and every
 * {@code # prints:} line must appear in the output, in order. So the walk-through cannot rot.
 */
class RelayWalkthroughTest {
    private static final String RELAY_IN_README = "http://127.0.0.1:8080";

    @TempDir
    Path dir;

    static String walkthrough() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Two people on one machine");
        assertTrue(section >= 0, "README.md has the section \"Two people on one machine\"");
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(section), "the section has a ```sh block");
        return m.group(1);
    }

    @Test
    void readmeWalkthrough_twoPeopleInviteEachOtherAndExchangeMessages() throws Exception {
        String block = walkthrough();
        List<String> expected = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        boolean relayLine = false;
        try (RelayServer relay = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + dir.resolve("relay.db")).build())) {
            String url = relay.uri().toString().replaceAll("/$", "");
            for (String line : block.split("\n")) {
                String l = line.strip();
                if (l.startsWith("# prints: ")) {
                    expected.add(l.substring("# prints: ".length()));
                } else if (l.startsWith("qsafe relay ")) {
                    relayLine = true; // started above, on a random port
                } else {
                    script.append(line.replace(RELAY_IN_README, url)).append('\n');
                }
            }
            assertTrue(relayLine, "the walk-through starts a relay with qsafe relay");
            assertTrue(expected.size() >= 2, "the walk-through shows what each person reads (# prints: lines)");

            ProcessBuilder pb = Subprocess.shell(script.toString(), dir)
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
            int code = Subprocess.await(pb, 300);
            String out = Files.readString(dir.resolve("out.txt"));
            String err = Files.readString(dir.resolve("err.txt"));
            assertEquals(0, code, "the walk-through failed:\nstdout:\n" + out + "\nstderr:\n" + err);
            int at = 0;
            for (String e : expected) {
                int i = out.indexOf(e + "\n", at);
                assertTrue(i >= 0, "missing (in order) \"" + e + "\" in:\n" + out + "\nstderr:\n" + err);
                at = i + e.length();
            }
            String invite = Files.readString(dir.resolve("alice.invite")).strip();
            assertTrue(invite.matches("qsafe\\+http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{22}#fp=[0-9a-f]{64}"), invite);
            String db = new String(Files.readAllBytes(dir.resolve("relay.db")), StandardCharsets.ISO_8859_1)
                    + (Files.exists(dir.resolve("relay.db-wal"))
                            ? new String(Files.readAllBytes(dir.resolve("relay.db-wal")), StandardCharsets.ISO_8859_1) : "");
            assertFalse(db.contains("lunch at noon") || db.contains("see you there"), "the relay stores only sealed bytes");
        }
    }
}
