package dev.qsafe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.conformance.internal.FileRunner;
import dev.qsafe.conformance.internal.Outcomes;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The vector-file parser: {@code qsafe vectors} (the conformance module's {@link VectorRunner}, through
 * its per-file runner, which the fuzz module reaches on the class path) on a file, or a pair of files, with hostile contents. The runner promises that nothing a file contains
 * makes it throw; on top of that, the oracle asks that:
 * <ul>
 *   <li>its last-resort catch never fires: a file is recognised, not recognised, or malformed with a
 *       reason the parser gave, never "could not be parsed" because of an exception that no check
 *       foresaw ({@code FileRunner.Result#unforeseen});</li>
 *   <li>no engine crashes on the keys, messages or ciphertexts a file hands it: a case fails with an
 *       engine's typed rejection or a mismatch, never with another exception ({@code Outcomes#crashed});</li>
 *   <li>reading the file allocates within the budget of its input ({@link Oracle}: no count or length
 *       read from the file drives an allocation), and the whole run takes no more than libFuzzer's
 *       per-input time limit.</li>
 * </ul>
 * Each input runs twice: first on a registry without any engine, where the runner only reads,
 * recognises and parses the file into its cases (which happens completely before any engine runs)
 * and counts them as skipped, under the {@link Oracle}'s allocation budget; then on every engine. The
 * engines' own allocations are not the parser's and are not budgeted: a single SLH-DSA-128s key
 * generation allocates about 90 MB in Bouncy Castle (found by this target's first run, on its seed);
 * the fuzzing JVM's modest heap still bounds them.
 * A failed case (the file's expectation against qsafe's answer) is not a finding: a fuzzed file
 * expects what it likes.
 *
 * <p>The first input byte picks the layout (modulo 3): a JSON file, a text file (C2SP CCTV layouts),
 * or an ACVP prompt with its expected results beside it (the rest split at the first NUL byte).
 */
class VectorFileFuzzTest {
    /**
     * Inputs above this size are ignored: every case of a file runs real cryptography (an SLH-DSA-128s
     * key generation takes tens of milliseconds), so a larger file may legitimately take longer than
     * the per-input time limit.
     */
    static final int MAX_INPUT = 24 * 1024;

    private static final Path DIR = temporaryDirectory();
    /** Reads and parses only: no engine, so every case is skipped. */
    private static final FileRunner PARSER = new FileRunner(
            CryptoRegistry.discover(ModuleLayer.empty(), RegistryConfig.defaults()), null, VectorRunner.DEFAULT_MAX_FILE_BYTES);
    private static final FileRunner RUNNER = new FileRunner(Fixtures.REGISTRY, null, VectorRunner.DEFAULT_MAX_FILE_BYTES);

    @FuzzTest
    void runFile(byte[] input) {
        if (input.length == 0 || input.length > MAX_INPUT) {
            return;
        }
        List<Path> files = write(input);
        boolean[] recognised = new boolean[1];
        Oracle.check(input.length, () -> recognised[0] = run(PARSER, files)).ifPresent(VectorFileFuzzTest::thrown);
        if (recognised[0] && !mentionsSlhDsa(input)) {
            Oracle.check(Long.MAX_VALUE, input.length, () -> run(RUNNER, files)).ifPresent(VectorFileFuzzTest::thrown);
        }
    }

    /**
     * Runs each file as {@code qsafe vectors} does and applies the oracle; package-private for
     * {@link SeedCorpusTest}.
     *
     * @return whether any file was recognised
     * @throws AssertionError if the runner's last-resort catch fired or a case crashed
     */
    static boolean run(FileRunner runner, List<Path> files) {
        boolean recognised = false;
        for (Path file : files) {
            FileRunner.Result result = runner.run(file, new CrashDetector(file));
            if (result.unforeseen() != null) {
                throw new AssertionError(file.getFileName() + ": the parser failed in a way no check foresaw", result.unforeseen());
            }
            recognised |= result.kind() == FileRunner.Kind.RECOGNISED;
        }
        return recognised;
    }

    /**
     * Whether the input names SLH-DSA: its cases are parsed but not run on the engines, since one
     * SLH-DSA-SHA2-128s key generation (some 90 MB of allocation in Bouncy Castle) took 11 to 13
     * seconds in a fuzzing JVM on a loaded machine, past libFuzzer's per-input limit; the parser
     * is what this target is for, and SLH-DSA's engines run on the real vectors in every build.
     */
    static boolean mentionsSlhDsa(byte[] input) {
        return new String(input, java.nio.charset.StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT).contains("SLH-DSA");
    }

    private static void thrown(Exception e) {
        throw new AssertionError("the vector runner threw " + e + " for a file's contents; it must report them instead", e);
    }

    /** Counts nothing; turns a crashed case into a finding. */
    private record CrashDetector(Path file) implements Outcomes {
        @Override
        public void passed(String engine, String algorithm) {
        }

        @Override
        public void failed(String engine, String algorithm, String caseId, String message) {
        }

        @Override
        public void skipped(String engine, String algorithm, String reason, dev.qsafe.conformance.internal.SkipKind kind, int count) {
        }

        @Override
        public void crashed(String engine, String algorithm, String caseId, Throwable thrown) {
            throw new AssertionError("engine " + engine + " crashed on case " + caseId + " of " + file.getFileName(), thrown);
        }
    }

    /** The files of an input, laid out in {@link #DIR}, which holds nothing else. */
    static List<Path> write(byte[] input) {
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        List<Path> files = new ArrayList<>();
        try {
            try (Stream<Path> old = Files.list(DIR)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            switch ((input[0] & 0xFF) % 3) {
                case 0 -> files.add(Files.write(DIR.resolve("vectors.json"), content));
                case 1 -> files.add(Files.write(DIR.resolve("vectors.txt"), content));
                default -> {
                    int nul = indexOf(content, (byte) 0);
                    int end = nul < 0 ? content.length : nul;
                    files.add(Files.write(DIR.resolve("prompt.json"), Arrays.copyOfRange(content, 0, end)));
                    files.add(Files.write(DIR.resolve("expectedResults.json"),
                            nul < 0 ? new byte[0] : Arrays.copyOfRange(content, nul + 1, content.length)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fuzzed vector files into " + DIR, e);
        }
        return files;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("qsafe-fuzz-vectors");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for vector files", e);
        }
    }
}
