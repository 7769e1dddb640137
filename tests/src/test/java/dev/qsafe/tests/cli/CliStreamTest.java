package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qsafe seal/open} with streaming envelopes (version 2): round trips to files and standard
 * output, nothing released for a tampered or truncated stream (no output file, no temporary file, no
 * bytes on standard output), version 1 stays the default for small messages, and a 200 MiB file sealed
 * and opened by a JVM with a 64 MiB heap.
 */
class CliStreamTest {
    @TempDir
    Path dir;

    private String f(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void identities() {
        assertEquals(0, Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", f("alice.id")).code());
        assertEquals(0, Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", f("bob.id")).code());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private Cli.Result seal(String... extra) {
        return Cli.run(Cli.concat(new String[] {"seal", "--to", f("bob.id.pub"), "--from", f("alice.id")}, extra));
    }

    private Cli.Result open(String... extra) {
        return Cli.run(Cli.concat(new String[] {"open", "--id", f("bob.id"), "--from", f("alice.id.pub")}, extra));
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".qsafe-tmp")).toList();
        }
    }

    @Test
    void streamSealedFile_opensToAFileAndToStandardOutput() throws IOException {
        byte[] m = random(300 * 1024 + 5);
        Files.write(dir.resolve("m.bin"), m);
        Cli.Result s = seal("--stream", "--chunk-size", "4096", f("m.bin"), "-o", f("m.qsafe"));
        assertEquals(0, s.code(), s.err());
        byte[] env = Files.readAllBytes(dir.resolve("m.qsafe"));
        assertEquals(2, env[4], "version 2");
        assertEquals(12, env[27], "chunk_log2 of 4096");
        Cli.Result o = open(f("m.qsafe"), "-o", f("m.out"));
        assertEquals(0, o.code(), o.err());
        assertArrayEquals(m, Files.readAllBytes(dir.resolve("m.out")));
        Cli.Result toStdout = open(f("m.qsafe"));
        assertEquals(0, toStdout.code(), toStdout.err());
        assertArrayEquals(m, toStdout.stdout());
        Cli.Result fromStdin = Cli.runWithStdin(env, "open", "--id", f("bob.id"), "--from", f("alice.id.pub"));
        assertEquals(0, fromStdin.code(), fromStdin.err());
        assertArrayEquals(m, fromStdin.stdout());
        assertEquals(List.of(), temporaries());
    }

    @Test
    void tamperedOrTruncatedStream_releasesNothing_toAFileOrToStandardOutput() throws IOException {
        byte[] m = random(300 * 1024);
        Files.write(dir.resolve("m.bin"), m);
        assertEquals(0, seal("--stream", "--chunk-size", "4096", f("m.bin"), "-o", f("m.qsafe")).code());
        byte[] env = Files.readAllBytes(dir.resolve("m.qsafe"));
        byte[] flipped = env.clone();
        flipped[env.length - 200] ^= 0x40; // in the last chunk: the API would have released ~230 KiB by then
        byte[] truncated = Arrays.copyOf(env, env.length - 1000);
        for (byte[] bad : List.of(flipped, truncated)) {
            Files.write(dir.resolve("bad.qsafe"), bad);
            Cli.Result toFile = open(f("bad.qsafe"), "-o", f("bad.out"));
            assertEquals(ExitCodes.CRYPTO_FAILURE, toFile.code(), toFile.err());
            assertFalse(Files.exists(dir.resolve("bad.out")), "no output file");
            Cli.Result toStdout = open(f("bad.qsafe"));
            assertEquals(ExitCodes.CRYPTO_FAILURE, toStdout.code(), toStdout.err());
            assertEquals(0, toStdout.stdout().length, "nothing on standard output");
            Cli.Result piped = Cli.runWithStdin(bad, "open", "--id", f("bob.id"), "--from", f("alice.id.pub"));
            assertEquals(ExitCodes.CRYPTO_FAILURE, piped.code(), piped.err());
            assertEquals(0, piped.stdout().length, "nothing on standard output");
            assertEquals(List.of(), temporaries());
        }
    }

    @Test
    void smallMessages_stayVersion1_largeStandardInputIsStreamed_andArmorIsVersion1Only() throws IOException {
        Files.write(dir.resolve("small.txt"), "hi".getBytes());
        assertEquals(0, seal(f("small.txt"), "-o", f("small.qsafe")).code());
        assertEquals(1, Files.readAllBytes(dir.resolve("small.qsafe"))[4], "version 1 by default");

        Files.writeString(dir.resolve("tiny.json"), "{\"maxMessageBytes\": 4096}");
        byte[] big = random(10_000);
        Cli.Result s = Cli.runWithStdin(big, "--config", f("tiny.json"), "seal", "--to", f("bob.id.pub"), "--from", f("alice.id"),
                "-o", f("big.qsafe"));
        assertEquals(0, s.code(), s.err());
        byte[] env = Files.readAllBytes(dir.resolve("big.qsafe"));
        assertEquals(2, env[4], "more than maxMessageBytes on standard input: streamed");
        Cli.Result o = open("--config", f("tiny.json"), f("big.qsafe"));
        assertEquals(0, o.code(), o.err());
        assertArrayEquals(big, o.stdout(), "a streaming envelope opens whatever maxMessageBytes says");

        Cli.Result armored = seal("--armor", "--stream", f("small.txt"));
        assertEquals(ExitCodes.USAGE, armored.code());
        assertTrue(armored.err().contains("--armor"), armored.err());
        assertEquals(ExitCodes.USAGE, seal("--stream", "--chunk-size", "1000", f("small.txt"), "-o", f("x.qsafe")).code());
        assertFalse(Files.exists(dir.resolve("x.qsafe")));
    }

    /** 200 MiB through a JVM with a 64 MiB heap: sealing and opening stream in constant memory. */
    @Test
    void twoHundredMiB_sealAndOpen_withA64MiBHeap() throws Exception {
        Path in = dir.resolve("big.bin");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        Random r = new Random(200);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(in))) {
            for (int i = 0; i < 200; i++) {
                r.nextBytes(block);
                expected.update(block);
                out.write(block);
            }
        }
        long t0 = System.nanoTime();
        // No --stream: more than maxMessageBytes (64 MiB) is streamed automatically.
        Subprocess.Result s = Subprocess.run(dir, null, List.of("-Xmx64m"), "seal", "--to", "bob.id.pub", "--from", "alice.id",
                "big.bin", "-o", "big.qsafe");
        assertEquals(0, s.code(), s.err());
        long sealed = System.nanoTime() - t0;
        Files.delete(in);
        long t1 = System.nanoTime();
        Subprocess.Result o = Subprocess.run(dir, null, List.of("-Xmx64m"), "open", "--id", "bob.id", "--from", "alice.id.pub",
                "big.qsafe", "-o", "big.out");
        assertEquals(0, o.code(), o.err());
        long opened = System.nanoTime() - t1;
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        try (InputStream back = Files.newInputStream(dir.resolve("big.out"))) {
            int n;
            while ((n = back.read(block)) > 0) {
                actual.update(block, 0, n);
            }
        }
        assertArrayEquals(expected.digest(), actual.digest());
        assertEquals(200L << 20, Files.size(dir.resolve("big.out")));
        System.out.printf("CliStreamTest: 200 MiB with -Xmx64m: seal %.1f s, open %.1f s (process start included)%n",
                sealed / 1e9, opened / 1e9);
    }

    /**
     * {@code qsafe inspect} of a 4 GiB streaming envelope (a sparse file: its header, then zeros) by a JVM
     * with a 32 MiB heap: only the header is read, the size comes from the file; from a pipe the rest is
     * counted, not kept.
     */
    @Test
    void inspect_ofAHugeStreamingEnvelope_readsOnlyItsHeader_withASmallHeap() throws Exception {
        Files.write(dir.resolve("m.bin"), random(5000));
        assertEquals(0, seal("--stream", "--chunk-size", "4096", f("m.bin"), "-o", f("m.qsafe")).code());
        byte[] env = Files.readAllBytes(dir.resolve("m.qsafe"));
        int header = 30 + 32;
        long huge = 4L << 30;
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(dir.resolve("huge.qsafe").toFile(), "rw")) {
            file.write(env);
            file.setLength(huge);
        }
        long t0 = System.nanoTime();
        Subprocess.Result r = Subprocess.run(dir, null, List.of("-Xmx32m"), "inspect", "--json", "huge.qsafe");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"version\" : 2"), r.out());
        assertTrue(r.out().contains("\"ciphertextBytes\" : " + (huge - header)), r.out());
        System.out.printf("CliStreamTest: inspect of a 4 GiB streaming envelope with -Xmx32m: %d ms (process start included)%n", ms);

        Cli.Result piped = Cli.runWithStdin(env, "inspect", "--json");
        assertEquals(0, piped.code(), piped.err());
        assertTrue(piped.out().contains("\"ciphertextBytes\" : " + (env.length - header)), piped.out());
        Cli.Result text = Cli.run("inspect", f("m.qsafe"));
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("qsafe envelope v2: DHKEM-X25519-HKDF-SHA256"), text.out());
        assertEquals(ExitCodes.USAGE, Cli.runWithStdin(Arrays.copyOf(env, 40), "inspect").code(), "a header cut short");
    }
}
