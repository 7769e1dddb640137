package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The README's "Policy profiles" example run as written (the ```sh block, {@code qsafe} being the CLI on this
 * build's module path, in a shell so that {@code QSAFE_PROFILE=...} and {@code || echo} work as they do for a
 * reader): every {@code # prints:} line must appear in the output (standard output and error merged), in order,
 * and the refused key must not have been written.
 */
class ProfileReadmeTest {
    @TempDir
    Path dir;

    @Test
    void readmePolicyProfilesExample_runsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Policy profiles");
        assertTrue(section >= 0, "README.md has the section \"Policy profiles\"");
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
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
        ProcessBuilder pb = Subprocess.shell(script.toString(), dir)
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().remove("QSAFE_PROFILE");
        int code = Subprocess.await(pb, 300);
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, code, "the example failed:\n" + out);
        int at = 0;
        for (String e : expected) {
            int i = out.indexOf(e, at);
            assertTrue(i >= 0, "missing (in order) \"" + e + "\" in:\n" + out);
            at = i + e.length();
        }
        assertTrue(Files.exists(dir.resolve("alice")) && Files.exists(dir.resolve("alice.pub")));
        assertFalse(Files.exists(dir.resolve("old")), "a refused keygen writes nothing");
    }
}
