package dev.qsafe.tests.cli;

import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.cli.Main;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the {@code qsafe} command in-process, as the launcher does, capturing everything it prints:
 * picocli's output and error writers, and the raw standard output that binary results go to. Standard
 * input is the bytes given (empty by default), never the test JVM's own.
 */
final class Cli {
    private Cli() {
    }

    /**
     * What one run printed.
     *
     * @param code   the exit code
     * @param out    what the command printed as text on its output writer
     * @param err    what it printed on its error writer
     * @param stdout the raw bytes it wrote to standard output (messages, envelopes, signatures)
     */
    record Result(int code, String out, String err, byte[] stdout) {
        /** Everything printed, with standard output read as ISO-8859-1 so no byte is lost. */
        String everything() {
            return out + "\n" + err + "\n" + new String(stdout, StandardCharsets.ISO_8859_1);
        }
    }

    /** An Argon2id cost far below the default, for test identity files read many times. */
    static final PasswordKdfParameters CHEAP_COST = new PasswordKdfParameters(64, 1, 1);

    /**
     * Rewrites a protected identity file that {@code qsafe keygen} wrote with the default Argon2id
     * cost (about a third of a second per read) with {@link #CHEAP_COST}, so that tests reading it
     * dozens of times stay fast. The command reads the cost from the file, so nothing else changes.
     */
    static void cheapen(Path identityFile, String passphrase) throws IOException {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        Identity id = IdentityFiles.read(Files.readString(identityFile), passphrase.toCharArray(), registry);
        Files.writeString(identityFile, IdentityFiles.write(id, passphrase.toCharArray(), CHEAP_COST, registry));
        id.destroy();
    }

    /** The arguments of several arrays, in order. */
    static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    /** Runs with {@code stdin} as standard input; one run at a time, since it swaps the JVM's streams. */
    static synchronized Result runWithStdin(byte[] stdin, String... args) {
        PrintStream previousOut = System.out;
        InputStream previousIn = System.in;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin));
            code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        } finally {
            System.setOut(previousOut);
            System.setIn(previousIn);
        }
        return new Result(code, out.toString(), err.toString(), raw.toByteArray());
    }
}
