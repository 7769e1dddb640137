package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and mistaken uses of the {@code qsafe} command: wrong files (a public identity where a
 * private one is expected and the other way round, a configuration file, garbage, a folder, a missing
 * file), wrong passphrases, truncated or garbage input in binary and armored form, unknown modes,
 * commands and options, and outputs that cannot be written. Each gives one line on the error stream,
 * the documented exit code ({@link ExitCodes}), no stack trace unless {@code --verbose}, nothing on
 * standard output, and leaves no output file and no temporary file behind, in the output folder or next
 * to the inputs.
 *
 * <p>Arguments name fixture files as {@code K:name} (the shared inputs) and output paths as
 * {@code O:name} (a fresh folder per case, holding an empty folder {@code existing} and a file
 * {@code existing.txt}). Commands that write a file get {@code -o O:result} unless the case names its
 * own output.
 */
class CliRobustnessTest {
    private static final List<String> WRITING_COMMANDS = List.of("seal", "open", "sign");

    @TempDir
    static Path keys;

    @TempDir
    Path out;

    @BeforeAll
    static void fixtures() throws IOException {
        write("pass.txt", "the right passphrase\n");
        write("wrong-pass.txt", "not the passphrase\n");
        write("empty-pass.txt", "");
        for (String name : List.of("alice", "bob")) {
            Cli.Result r = Cli.run("keygen", "--mode", "classical", "--name", name, "-o", k(name + ".id"),
                    "--passphrase-file", k("pass.txt"));
            assertEquals(0, r.code(), r.err());
            Cli.cheapen(keys.resolve(name + ".id"), "the right passphrase");
        }
        write("msg.txt", "the message\n");
        write("other.txt", "another message\n");
        write("config.json", "{ \"suites\": { \"pqc\": \"pqc-768-v1\" } }\n");
        write("plain.txt", "a regular file, not a folder\n");
        Files.createDirectory(keys.resolve("folder"));
        Files.write(keys.resolve("empty.bin"), new byte[0]);
        byte[] garbage = new byte[300];
        new java.security.SecureRandom().nextBytes(garbage);
        Files.write(keys.resolve("garbage.bin"), garbage);

        assertEquals(0, Cli.run("seal", "--to", k("bob.id.pub"), "--from", k("alice.id"), "--passphrase-file", k("pass.txt"),
                k("msg.txt"), "-o", k("msg.qsafe")).code());
        assertEquals(0, Cli.run("sign", "--id", k("alice.id"), "--passphrase-file", k("pass.txt"), k("msg.txt"),
                "-o", k("msg.sig")).code());
        byte[] envelope = Files.readAllBytes(keys.resolve("msg.qsafe"));
        byte[] signature = Files.readAllBytes(keys.resolve("msg.sig"));
        byte[] truncated = Arrays.copyOf(envelope, envelope.length - 10);
        Files.write(keys.resolve("truncated.qsafe"), truncated);
        byte[] modified = envelope.clone();
        modified[modified.length / 2] ^= 0x10;
        Files.write(keys.resolve("modified.qsafe"), modified);
        Files.write(keys.resolve("truncated.sig"), Arrays.copyOf(signature, signature.length - 1));
        write("truncated.asc", armor("MESSAGE", Base64.getMimeEncoder().encodeToString(truncated)));
        write("garbage.asc", armor("MESSAGE", "this is *not* base64 at all!"));
        write("garbage.sig.asc", armor("SIGNATURE", "%%%%"));
        write("unterminated.asc", "-----BEGIN QSAFE MESSAGE-----\n" + Base64.getEncoder().encodeToString(envelope) + "\n");
    }

    @BeforeEach
    void outputFolder() throws IOException {
        Files.createDirectory(out.resolve("existing"));
        Files.writeString(out.resolve("existing.txt"), "was here before");
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(keys.resolve(name), text);
    }

    private static String armor(String kind, String body) {
        return "-----BEGIN QSAFE " + kind + "-----\n" + body + "\n-----END QSAFE " + kind + "-----\n";
    }

    private static String k(String name) {
        return keys.resolve(name).toString();
    }

    private static Arguments failure(String situation, int exitCode, String... args) {
        return Arguments.of(situation, exitCode, List.of(args));
    }

    /** A failure case whose command is given the right passphrase file. */
    private static Arguments withPassphrase(String situation, int exitCode, String... args) {
        return failure(situation, exitCode, Cli.concat(args, new String[] {"--passphrase-file", "K:pass.txt"}));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                // wrong files
                withPassphrase("a public identity as the sender's private identity", ExitCodes.USAGE,
                        "seal", "--to", "K:bob.id.pub", "--from", "K:alice.id.pub", "K:msg.txt"),
                withPassphrase("a public identity as the recipient's private identity", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id.pub", "--from", "K:alice.id.pub", "K:msg.qsafe"),
                withPassphrase("a public identity as the signer's private identity", ExitCodes.USAGE,
                        "sign", "--id", "K:alice.id.pub", "K:msg.txt"),
                withPassphrase("a private identity as the recipient's public identity", ExitCodes.USAGE,
                        "seal", "--to", "K:bob.id", "--from", "K:alice.id", "K:msg.txt"),
                withPassphrase("a private identity as the sender's public identity", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id", "K:msg.qsafe"),
                failure("a private identity as the signer's public identity", ExitCodes.USAGE,
                        "verify", "--from", "K:alice.id", "--signature", "K:msg.sig", "K:msg.txt"),
                withPassphrase("a configuration file as a public identity", ExitCodes.USAGE,
                        "seal", "--to", "K:config.json", "--from", "K:alice.id", "K:msg.txt"),
                withPassphrase("a configuration file as a private identity", ExitCodes.USAGE,
                        "sign", "--id", "K:config.json", "K:msg.txt"),
                withPassphrase("binary garbage as a public identity", ExitCodes.USAGE,
                        "seal", "--to", "K:garbage.bin", "--from", "K:alice.id", "K:msg.txt"),
                withPassphrase("an empty file as a private identity", ExitCodes.USAGE,
                        "open", "--id", "K:empty.bin", "--from", "K:alice.id.pub", "K:msg.qsafe"),
                withPassphrase("a folder as a public identity", ExitCodes.IO,
                        "seal", "--to", "K:folder", "--from", "K:alice.id", "K:msg.txt"),
                withPassphrase("a folder as a private identity", ExitCodes.IO, "sign", "--id", "K:folder", "K:msg.txt"),
                withPassphrase("a folder as the message", ExitCodes.IO,
                        "seal", "--to", "K:bob.id.pub", "--from", "K:alice.id", "K:folder"),
                withPassphrase("a folder as the envelope", ExitCodes.IO,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:folder"),
                failure("a folder as the passphrase file", ExitCodes.IO,
                        "sign", "--id", "K:alice.id", "--passphrase-file", "K:folder", "K:msg.txt"),
                withPassphrase("a missing identity file", ExitCodes.IO,
                        "open", "--id", "K:nobody.id", "--from", "K:alice.id.pub", "K:msg.qsafe"),
                withPassphrase("a missing message file", ExitCodes.IO,
                        "seal", "--to", "K:bob.id.pub", "--from", "K:alice.id", "K:no-such-message.txt"),
                failure("a missing passphrase file", ExitCodes.IO,
                        "sign", "--id", "K:alice.id", "--passphrase-file", "K:no-such-pass.txt", "K:msg.txt"),
                withPassphrase("an envelope sealed to someone else", ExitCodes.CRYPTO_FAILURE,
                        "open", "--id", "K:alice.id", "--from", "K:bob.id.pub", "K:msg.qsafe"),
                withPassphrase("an envelope from another sender than expected", ExitCodes.CRYPTO_FAILURE,
                        "open", "--id", "K:bob.id", "--from", "K:bob.id.pub", "K:msg.qsafe"),
                failure("a signature checked against another signer", ExitCodes.CRYPTO_FAILURE,
                        "verify", "--from", "K:bob.id.pub", "--signature", "K:msg.sig", "K:msg.txt"),
                // wrong passphrases
                failure("the wrong passphrase to open", ExitCodes.CRYPTO_FAILURE, "open", "--id", "K:bob.id", "--from",
                        "K:alice.id.pub", "--passphrase-file", "K:wrong-pass.txt", "K:msg.qsafe"),
                failure("the wrong passphrase to seal", ExitCodes.CRYPTO_FAILURE, "seal", "--to", "K:bob.id.pub", "--from",
                        "K:alice.id", "--passphrase-file", "K:wrong-pass.txt", "K:msg.txt"),
                failure("the wrong passphrase to sign", ExitCodes.CRYPTO_FAILURE,
                        "sign", "--id", "K:alice.id", "--passphrase-file", "K:wrong-pass.txt", "K:msg.txt"),
                failure("an empty passphrase file", ExitCodes.USAGE,
                        "sign", "--id", "K:alice.id", "--passphrase-file", "K:empty-pass.txt", "K:msg.txt"),
                failure("a passphrase variable that is not set", ExitCodes.USAGE,
                        "sign", "--id", "K:alice.id", "--passphrase-env", "QSAFE_TEST_VARIABLE_THAT_IS_NOT_SET", "K:msg.txt"),
                // truncated or garbage input
                withPassphrase("a truncated envelope", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:truncated.qsafe"),
                withPassphrase("a modified envelope", ExitCodes.CRYPTO_FAILURE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:modified.qsafe"),
                withPassphrase("a modified envelope opened to standard output", ExitCodes.CRYPTO_FAILURE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:modified.qsafe", "-o", "-"),
                withPassphrase("garbage as the envelope", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:garbage.bin"),
                withPassphrase("an empty envelope", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:empty.bin"),
                withPassphrase("an armored envelope that is not base64", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:garbage.asc"),
                withPassphrase("an armored envelope without its END line", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:unterminated.asc"),
                withPassphrase("an armored truncated envelope", ExitCodes.USAGE,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:truncated.asc"),
                failure("an envelope as the signature", ExitCodes.USAGE,
                        "verify", "--from", "K:alice.id.pub", "--signature", "K:msg.qsafe", "K:msg.txt"),
                failure("a truncated signature", ExitCodes.USAGE,
                        "verify", "--from", "K:alice.id.pub", "--signature", "K:truncated.sig", "K:msg.txt"),
                failure("an armored signature that is not base64", ExitCodes.USAGE,
                        "verify", "--from", "K:alice.id.pub", "--signature", "K:garbage.sig.asc", "K:msg.txt"),
                failure("a signature of another message", ExitCodes.CRYPTO_FAILURE,
                        "verify", "--from", "K:alice.id.pub", "--signature", "K:msg.sig", "K:other.txt"),
                failure("garbage to inspect", ExitCodes.USAGE, "inspect", "K:garbage.bin"),
                failure("an armored truncated envelope to inspect", ExitCodes.USAGE, "inspect", "K:truncated.asc"),
                // unknown modes, commands and options
                failure("an unknown mode for keygen", ExitCodes.USAGE, "keygen", "--mode", "quantumish", "-o", "O:new.id", "--unprotected"),
                withPassphrase("an unknown mode for seal", ExitCodes.USAGE,
                        "seal", "--mode", "rot13", "--to", "K:bob.id.pub", "--from", "K:alice.id", "K:msg.txt"),
                withPassphrase("a mode the recipient's identity does not have", ExitCodes.USAGE,
                        "seal", "--mode", "pqc", "--to", "K:bob.id.pub", "--from", "K:alice.id", "K:msg.txt"),
                failure("an unknown mode for demo", ExitCodes.USAGE, "demo", "--mode", "classical,imaginary"),
                failure("an unknown command", ExitCodes.USAGE, "frobnicate", "K:msg.txt"),
                withPassphrase("an unknown option", ExitCodes.USAGE,
                        "sign", "--id", "K:alice.id", "--frobnicate", "K:msg.txt"),
                withPassphrase("a missing required option", ExitCodes.USAGE, "open", "--id", "K:bob.id", "K:msg.qsafe"),
                // outputs that cannot be written
                withPassphrase("an output under a regular file", ExitCodes.IO,
                        "sign", "--id", "K:alice.id", "K:msg.txt", "-o", "K:plain.txt/msg.sig"),
                withPassphrase("an output into a missing folder", ExitCodes.IO,
                        "sign", "--id", "K:alice.id", "K:msg.txt", "-o", "O:no-such-folder/msg.sig"),
                withPassphrase("an output onto an existing folder", ExitCodes.IO,
                        "open", "--id", "K:bob.id", "--from", "K:alice.id.pub", "K:msg.qsafe", "-o", "O:existing"),
                failure("a keygen whose public file cannot be written", ExitCodes.IO,
                        "keygen", "--mode", "classical", "--unprotected", "-o", "O:new.id", "--public-out", "K:plain.txt/new.id.pub"),
                failure("a keygen whose private file cannot be written", ExitCodes.IO,
                        "keygen", "--mode", "classical", "--unprotected", "-o", "K:plain.txt/new.id", "--public-out", "O:new.id.pub"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failure_oneLineDocumentedExitCodeNoTraceNoOutputLeftBehind(String situation, int exitCode, List<String> args)
            throws IOException {
        String[] resolved = resolve(args);
        Cli.Result quiet = assertCleanFailure(exitCode, resolved);
        CliRoundTripTest.assertOneLine(quiet.err());

        Cli.Result verbose = assertCleanFailure(exitCode, Cli.concat(new String[] {"--verbose"}, resolved));
        assertTrue(verbose.err().startsWith("qsafe: "), "--verbose reports the error first: " + verbose.err());
    }

    @Test
    void garbageOnStandardInput_oneLineUsageErrorAndNothingOnStandardOutput() throws IOException {
        byte[] garbage = Files.readAllBytes(keys.resolve("garbage.bin"));
        for (String[] args : List.of(new String[] {"open", "--id", k("bob.id"), "--from", k("alice.id.pub"), "--passphrase-file", k("pass.txt")},
                new String[] {"inspect"},
                new String[] {"verify", "--from", k("alice.id.pub"), "--signature", k("msg.sig")})) {
            Cli.Result r = Cli.runWithStdin(garbage, args);
            if (args[0].equals("verify")) {
                assertEquals(ExitCodes.CRYPTO_FAILURE, r.code(), "garbage is not what was signed: " + r.err());
            } else {
                assertEquals(ExitCodes.USAGE, r.code(), r.err());
            }
            CliRoundTripTest.assertOneLine(r.err());
            assertEquals(0, r.stdout().length);
        }
    }

    @Test
    void outputIntoAFolderWithoutWritePermission_permissionDeniedAndNothingCreated() throws IOException {
        Path denied = unwritableFolder().orElse(null);
        Assumptions.assumeTrue(denied != null,
                "no folder refuses file creation to this user (running as root, and /sys accepts it): cannot be shown here");
        // the folder's own entries only: for root it is /sys, whose deeper files change while the test runs
        List<String> before = entries(denied);
        Cli.Result r = Cli.run("sign", "--id", k("alice.id"), "--passphrase-file", k("pass.txt"), k("msg.txt"),
                "-o", denied.resolve("msg.sig").toString());
        assertEquals(ExitCodes.IO, r.code(), r.err());
        CliRoundTripTest.assertOneLine(r.err());
        assertTrue(r.err().contains("permission denied"), r.err());
        assertEquals(before, entries(denied));
        assertTrue(Files.notExists(denied.resolve("msg.sig")));
    }

    @Test
    void unreadableInput_permissionDeniedAndNoOutput() throws IOException {
        Path unreadable = unreadableFile().orElse(null);
        Assumptions.assumeTrue(unreadable != null,
                "no file refuses reading to this user (running as root, and /proc/sys/vm/compact_memory is readable): cannot be shown here");
        for (String[] args : List.of(
                new String[] {"sign", "--id", k("alice.id"), "--passphrase-file", k("pass.txt"), unreadable.toString()},
                new String[] {"sign", "--id", unreadable.toString(), "--passphrase-file", k("pass.txt"), k("msg.txt")},
                new String[] {"sign", "--id", k("alice.id"), "--passphrase-file", unreadable.toString(), k("msg.txt")})) {
            Path target = out.resolve("msg.sig");
            Cli.Result r = Cli.run(Cli.concat(args, new String[] {"-o", target.toString()}));
            assertEquals(ExitCodes.IO, r.code(), r.err());
            CliRoundTripTest.assertOneLine(r.err());
            assertTrue(r.err().contains("permission denied"), r.err());
            assertTrue(Files.notExists(target));
        }
    }

    @Test
    void keygen_existingTarget_isKeptUntouched() throws IOException {
        Path existing = out.resolve("existing.txt");
        Cli.Result r = Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", existing.toString());
        assertEquals(ExitCodes.IO, r.code(), r.err());
        assertTrue(r.err().contains("exists"), r.err());
        assertEquals("was here before", Files.readString(existing));
        assertTrue(Files.notExists(out.resolve("existing.txt.pub")));
        assertEquals(0, Cli.run("keygen", "--mode", "classical", "--unprotected", "--force", "-o", existing.toString()).code(),
                "--force replaces it");
        assertTrue(Files.readString(existing).contains("qsafe-identity-unprotected"));
    }

    @Test
    void failedCommand_overAnExistingOutput_leavesItUntouched() throws IOException {
        Path existing = out.resolve("existing.txt");
        byte[] before = Files.readAllBytes(existing);
        Cli.Result r = Cli.run("open", "--id", k("bob.id"), "--from", k("alice.id.pub"), "--passphrase-file", k("pass.txt"),
                k("modified.qsafe"), "-o", existing.toString(), "--force");
        assertEquals(ExitCodes.CRYPTO_FAILURE, r.code());
        assertArrayEquals(before, Files.readAllBytes(existing));
    }

    /** Runs the command and checks the exit code, an error, nothing on standard output, and no file left behind. */
    private Cli.Result assertCleanFailure(int exitCode, String[] args) throws IOException {
        List<String> outBefore = listing(out);
        List<String> keysBefore = listing(keys);
        Cli.Result r = Cli.run(args);
        assertEquals(exitCode, r.code(), String.join(" ", args) + "\n" + r.err());
        assertTrue(r.err().startsWith("qsafe: "), r.err());
        assertEquals("", r.out(), "nothing on the output writer");
        assertEquals(0, r.stdout().length, "nothing on standard output");
        assertEquals(outBefore, listing(out), "no output or temporary file left in the output folder");
        assertEquals(keysBefore, listing(keys), "no output or temporary file left next to the inputs");
        assertEquals(List.of(), listing(out.resolve("existing")), "an existing folder stays as it was");
        return r;
    }

    private String[] resolve(List<String> args) {
        List<String> resolved = new ArrayList<>();
        for (String a : args) {
            resolved.add(a.startsWith("K:") ? k(a.substring(2)) : a.startsWith("O:") ? out.resolve(a.substring(2)).toString() : a);
        }
        if (WRITING_COMMANDS.contains(args.getFirst()) && !args.contains("-o")) {
            resolved.add("-o");
            resolved.add(out.resolve("result").toString());
        }
        return resolved.toArray(String[]::new);
    }

    /** Every path below {@code dir}, sorted, including hidden temporary files. */
    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** A folder this user cannot create files in: a read-only folder of our own, or for root /sys (sysfs). */
    private Optional<Path> unwritableFolder() throws IOException {
        Path candidate = out.resolve("read-only");
        Files.createDirectory(candidate);
        Files.setPosixFilePermissions(candidate, PosixFilePermissions.fromString("r-xr-xr-x"));
        for (Path p : List.of(candidate, Path.of("/sys"))) {
            try {
                Files.delete(Files.createTempFile(p, ".probe", ".tmp"));
            } catch (AccessDeniedException denied) {
                return Optional.of(p);
            } catch (IOException other) {
                // not a permission problem here
            }
        }
        return Optional.empty();
    }

    /** A file this user cannot read: one of our own with no permissions, or for root a write-only /proc file. */
    private Optional<Path> unreadableFile() throws IOException {
        Path candidate = out.resolve("unreadable.txt");
        Files.writeString(candidate, "secret");
        Files.setPosixFilePermissions(candidate, PosixFilePermissions.fromString("---------"));
        for (Path p : List.of(candidate, Path.of("/proc/sys/vm/compact_memory"))) {
            try (InputStream in = Files.newInputStream(p)) {
                in.read();
            } catch (AccessDeniedException denied) {
                return Optional.of(p);
            } catch (IOException | UncheckedIOException other) {
                // not a permission problem here
            }
        }
        return Optional.empty();
    }
}
