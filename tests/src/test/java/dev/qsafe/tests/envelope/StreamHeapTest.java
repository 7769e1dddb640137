package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's target "streaming 1 GiB seal and open each in constant heap (under 64 MiB for any size)":
 * a child JVM with {@code -Xmx64m} seals a generated stream into a pipe while it opens the envelope from
 * that pipe into a hashing sink, and the digests of what went in and what came out agree.
 *
 * <p>The suite streams 256 MiB (four times the heap, so nothing proportional to the message can fit);
 * {@code -Dqsafe.test.streamHeapBytes=1073741824} runs the full 1 GiB of the target (about four times as
 * long; docs/BENCHMARKS.md says how it was run).
 */
class StreamHeapTest {
    private static final long BYTES = Long.getLong("qsafe.test.streamHeapBytes", 256L << 20);

    @TempDir
    Path dir;

    @Test
    void sealAndOpen_streamFourTimesTheHeap_throughA64MiBHeap() throws Exception {
        String testClasses = new File(StreamHeapChild.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "--module-path", System.getProperty("jdk.module.path"), "--patch-module", "dev.qsafe.tests=" + testClasses,
                "--add-modules", "java.management", "--add-reads", "dev.qsafe.tests=java.management", "-m", "dev.qsafe.tests/" + StreamHeapChild.class.getName(), Long.toString(BYTES), "CLASSICAL");
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end in 10 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        String line = output.lines().filter(l -> l.startsWith("ok ")).findFirst().orElseThrow(() -> new AssertionError(output));
        String[] f = line.split(" ");
        assertEquals(BYTES, Long.parseLong(f[1]), "bytes generated");
        assertEquals(BYTES, Long.parseLong(f[2]), "bytes opened");
        assertTrue(Long.parseLong(f[3]) > BYTES, "the envelope went through the pipe: " + f[3]);
        assertEquals(f[4], f[5], "what came out is what went in");
        long peak = Long.parseLong(f[6]);
        assertTrue(peak < 64L << 20, "peak heap " + peak);
        System.out.printf("StreamHeapTest: %d MiB sealed and opened at once with -Xmx64m: %s ms, peak heap %.1f MiB%n",
                BYTES >> 20, f[7], peak / 1048576.0);
    }
}
