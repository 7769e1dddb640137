package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code Main.main} ends the JVM, in whole processes: exit code 0 with no other non-daemon thread
 * returns from {@code main} (no {@code System.exit}, whose JDK 25 logging opens every jar of the module
 * path after the output; docs/CLI-PERFORMANCE.md, "Fourth round"), and the shutdown hooks still run; a
 * non-zero exit code, or a live non-daemon thread that would keep the JVM running, still ends it through
 * {@code System.exit} with the command's code. A small program (Java source-file mode, on this build's module
 * path) registers a shutdown hook, optionally starts a non-daemon thread that never ends, calls
 * {@code dev.qsafe.cli.Main.main} and says on standard error when {@code main} returned.
 */
class MainExitTest {
    private static final String WRAPPER = """
            public class Wrapper {
                public static void main(String[] args) throws Exception {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("shutdown hook ran")));
                    if (args[0].equals("thread")) {
                        Thread t = new Thread(() -> {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        t.setDaemon(false);
                        t.start();
                    }
                    dev.qsafe.cli.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
                    System.err.println("main returned");
                }
            }
            """;

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    @Test
    void exitCodeZero_returnsFromMain_andRunsTheShutdownHooks() throws Exception {
        Result r = run("none", "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("qsafe "), r.out());
        assertTrue(r.err().contains("main returned"), r.err());
        assertTrue(r.err().contains("shutdown hook ran"), r.err());
    }

    @Test
    void exitCodeZero_withANonDaemonThreadLeft_stillEndsTheJvm() throws Exception {
        Result r = run("thread", "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("qsafe "), r.out());
        assertFalse(r.err().contains("main returned"), "System.exit, not a return that would wait for the thread: " + r.err());
        assertTrue(r.err().contains("shutdown hook ran"), r.err());
    }

    @Test
    void nonZeroExitCodes_areTheProcessExitCode() throws Exception {
        Result usage = run("none", "seal", "--no-such-option");
        assertEquals(2, usage.code(), usage.err());
        assertFalse(usage.err().contains("main returned"), usage.err());
        assertTrue(usage.err().contains("shutdown hook ran"), usage.err());
        Files.writeString(tmp.resolve("not-an-envelope"), "hi\n", StandardCharsets.UTF_8);
        Result bad = run("thread", "inspect", tmp.resolve("not-an-envelope").toString());
        assertTrue(bad.code() != 0, bad.err());
        assertFalse(bad.err().contains("main returned"), bad.err());
    }

    private Result run(String mode, String... args) throws IOException, InterruptedException {
        Path source = tmp.resolve("Wrapper.java");
        Files.writeString(source, WRAPPER, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("jdk.module.path"),
                "--add-modules", "dev.qsafe.cli",
                "-Dqsafe.hwaccel.native=false",
                source.toString(), mode));
        command.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the JVM did not end within 120 s (mode " + mode + ", " + String.join(" ", args) + ")");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
