package dev.qsafe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the launcher's second, light ahead-of-time cache, the one {@code ./qsafe} starts
 * {@code --help}, {@code --version}, {@code help} and {@code inspect} from (docs/CLI-PERFORMANCE.md,
 * "Fourth round"). It runs the root's help and version and {@code inspect} (text and JSON); not {@code help},
 * which builds every subcommand's model and would put their classes (the relay's among them) in the cache
 * for a command rarely run: {@code help} loads those from the jars. With JDK 25's AOT class linking every class in a cache is loaded at start, whatever
 * the command; {@link AotTraining}'s cache holds the cryptography (Bouncy Castle, the providers, the
 * relay's client) that these commands never use, so they start from a cache trained on themselves only.
 * {@code inspect} reads a bundled envelope ({@value #ENVELOPE}, a HYBRID envelope of three bytes sealed by
 * this CLI to a throwaway identity) copied to a temporary file: making one here would load the very
 * cryptography this cache leaves out. Like {@link AotTraining}, it proves nothing and nothing depends
 * on it: a command that fails here only makes the cache cover less.
 */
public final class AotLightTraining {
    /** The bundled envelope {@code inspect} reads (a resource of this package). */
    static final String ENVELOPE = "aot-training.qsafe";

    private AotLightTraining() {
    }

    /** Runs the training commands; exits 0 even if one failed (the cache then covers less). */
    public static void main(String[] args) throws IOException {
        Path envelope = Files.createTempFile("qsafe-aot-training", ".qsafe");
        List<String> failed = new ArrayList<>();
        try {
            try (InputStream in = AotLightTraining.class.getResourceAsStream(ENVELOPE)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("resource " + ENVELOPE + " missing from the jar"));
                }
                Files.write(envelope, in.readAllBytes());
            }
            String e = envelope.toString();
            String[][] commands = {
                {"--help"},
                {"--version"},
                {"inspect", e},
                {"inspect", "--json", e},
            };
            failed.addAll(AotTraining.runAll(commands));
        } finally {
            Files.deleteIfExists(envelope);
        }
        if (!failed.isEmpty()) {
            System.err.println("qsafe: AOT training (light cache): commands that failed (the cache covers less): " + failed);
        }
    }
}
