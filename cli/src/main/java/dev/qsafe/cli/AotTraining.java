package dev.qsafe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the ahead-of-time cache (JDK 25, JEPs 483, 514 and 515): the {@code ./qsafe}
 * launcher runs this class once, with {@code -XX:AOTCacheOutput}, after each build, and the JVM writes the
 * classes it loaded and linked and the method profiles it gathered into the cache that later runs start
 * from (docs/CLI-PERFORMANCE.md). It runs the everyday commands in a fresh temporary folder, in this one
 * process, through {@link Main#run} with their output discarded: help, keygen (with and without a
 * passphrase), seal, open, sign, verify, inspect, key show and providers. It proves nothing and nothing
 * depends on it: a command that fails here only makes the cache cover less. The folder is deleted.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** Runs the training commands; exits 0 even if one failed (the cache then covers less). */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("qsafe-aot-training");
        List<String> failed = new ArrayList<>();
        try {
            Path pass = Files.writeString(dir.resolve("passphrase"), "training passphrase, not a secret\n", StandardCharsets.UTF_8);
            Path msg = Files.writeString(dir.resolve("msg.txt"), "hi\n", StandardCharsets.UTF_8);
            String d = dir.toString();
            String[][] commands = {
                {"--help"},
                {"seal", "--help"},
                {"keygen", "--mode", "hybrid", "--unprotected", "-o", d + "/u.id"},
                {"keygen", "--mode", "classical", "--unprotected", "-o", d + "/c.id"},
                {"keygen", "--mode", "pqc", "--unprotected", "-o", d + "/q.id"},
                {"keygen", "--mode", "hybrid", "--passphrase-file", pass.toString(), "-o", d + "/p.id"},
                {"seal", "--to", d + "/u.id.pub", "--from", d + "/u.id", "-o", d + "/u.qsafe", msg.toString()},
                {"open", "--id", d + "/u.id", "--from", d + "/u.id.pub", "-o", d + "/u.out", d + "/u.qsafe"},
                {"seal", "--to", d + "/c.id.pub", "--from", d + "/c.id", "--armor", "-o", d + "/c.asc", msg.toString()},
                {"open", "--id", d + "/c.id", "--from", d + "/c.id.pub", "-o", d + "/c.out", d + "/c.asc"},
                {"seal", "--to", d + "/q.id.pub", "--from", d + "/q.id", "-o", d + "/q.qsafe", msg.toString()},
                {"open", "--id", d + "/q.id", "--from", d + "/q.id.pub", "-o", d + "/q.out", d + "/q.qsafe"},
                {"seal", "--to", d + "/p.id.pub", "--from", d + "/p.id", "--passphrase-file", pass.toString(),
                    "-o", d + "/p.qsafe", msg.toString()},
                {"open", "--id", d + "/p.id", "--from", d + "/p.id.pub", "--passphrase-file", pass.toString(),
                    "-o", d + "/p.out", d + "/p.qsafe"},
                {"sign", "--id", d + "/u.id", "-o", d + "/msg.sig", msg.toString()},
                {"verify", "--from", d + "/u.id.pub", "-s", d + "/msg.sig", msg.toString()},
                {"inspect", d + "/u.qsafe"},
                {"inspect", "--json", d + "/u.qsafe"},
                {"key", "show", d + "/u.id.pub"},
                {"providers"},
                {"providers", "--json"},
            };
            failed.addAll(AotTraining.runAll(commands));
        } finally {
            delete(dir);
        }
        if (!failed.isEmpty()) {
            System.err.println("qsafe: AOT training: commands that failed (the cache covers less): " + failed);
        }
    }

    /**
     * Runs each command through {@link Main#run} with its output discarded (the light training uses it too).
     *
     * @return the commands that failed, each with its exit code and error line
     */
    static List<String> runAll(String[][] commands) {
        List<String> failed = new ArrayList<>();
        for (String[] c : commands) {
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), c);
            if (code != 0) {
                failed.add(c[0] + " (exit " + code + ": " + Text.oneLine(err.toString().strip()) + ")");
            }
        }
        return failed;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
