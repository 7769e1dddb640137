package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe vectors}: tables, the engine option, exit codes and usage errors. */
class VectorsCommandTest {
    @TempDir
    Path dir;

    @Test
    void help_listsExamplesAndExitCodes() {
        CliTest.Run r = CliTest.run("vectors", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:") && r.out().contains("--engine"), r.out());
    }

    @Test
    void acvpSamples_onOneEngine_tablePerFileAndEngine_exitZero() {
        CliTest.Run r = CliTest.run("vectors", "--engine", "bc-pqc", Vectors.dir().resolve("acvp-sample").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ML-KEM-keyGen-FIPS203/internalProjection.json"), r.out());
        assertTrue(r.out().contains("no engine implements SLH-DSA-SHAKE-128s"), "skip reasons are listed:\n" + r.out());
        assertTrue(r.out().contains(", 0 failed,"), r.out());
        assertFalse(r.out().contains("jdk-classical"), "only the chosen engine runs:\n" + r.out());
    }

    @Test
    void aFailingCase_isListedWithWhatDiffered_exitOne() throws IOException {
        ArrayNode xwing = (ArrayNode) Vectors.json("xwing/test-vectors.json").deepCopy();
        ((ObjectNode) xwing.get(0)).put("ss", "00".repeat(32));
        Path file = Files.writeString(dir.resolve("x.json"), xwing.toString());
        CliTest.Run r = CliTest.run("vectors", file.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Failures") && r.out().contains("[hybrid] vector 1: shared secret from Encaps differs"), r.out());
    }

    @Test
    void aMalformedFile_exitOne_notAStackTrace() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "[{\"seed\": ");
        CliTest.Run r = CliTest.run("vectors", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("Malformed files") && r.out().contains("not valid JSON"), r.out());
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
    }

    @Test
    void usageErrors_exitTwo() {
        assertEquals(2, CliTest.run("vectors").code(), "no path");
        CliTest.Run missing = CliTest.run("vectors", dir.resolve("missing").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        CliTest.Run engine = CliTest.run("vectors", "--engine", "nope", dir.toString());
        assertEquals(2, engine.code());
        assertTrue(engine.err().contains("no active provider named 'nope'"), engine.err());
    }
}
