package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real, coverage-guided fuzzing, each run in a JVM of its own since Jazzer fuzzes one target per JVM.
 * The other test classes only replay the seeds and the committed findings (Jazzer's regression mode);
 * this one mutates. Two kinds of run, configured by system properties that the POM sets and the
 * command line may override:
 * <ul>
 * <li>{@code qsafe.fuzz.seconds} above 0: a longer run, each target alone in its own JVM for that long,
 *     {@code qsafe.fuzz.parallel} JVMs at a time, optionally only the targets in
 *     {@code qsafe.fuzz.targets} ({@code Class} or {@code Class#method}, comma-separated);</li>
 * <li>otherwise, {@code qsafe.fuzz.smokeSeconds} above 0: every build's short run, all targets together
 *     for that long in one JVM through {@link AllTargetsFuzzTest}, seeded with every target's inputs.</li>
 * </ul>
 * The inputs libFuzzer finds interesting are kept under {@code target/fuzz-corpus}.
 * {@code qsafe.fuzz.jvmArgs} are the fuzzing JVMs' options, and {@code -Djazzer.*} system properties
 * are passed on to them. Jazzer's own settings (instrumentation,
 * limits, per-input timeout) are in {@code junit-platform.properties}, which the fuzzing JVMs read as
 * well. Each JVM's output goes to {@code target/fuzz-logs/}, with a summary of executions per target
 * in {@code summary.txt}. A finding fails the test; Jazzer has then written the crashing input into
 * the inputs directory of the target it ran, under {@code src/test/resources} (see docs/FUZZING.md).
 */
class FuzzingRunTest {
    private static final Path LOGS = Path.of("target", "fuzz-logs");
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern COVERAGE = Pattern.compile("DONE +cov: (\\d+)");
    private static final Pattern COUNT = Pattern.compile(Pattern.quote(AllTargetsFuzzTest.COUNT_PREFIX) + "(\\S+) (\\d+)");
    private static final String HEADER = String.format(Locale.ROOT, "%-40s %-8s %12s %8s %9s %6s%n",
            "fuzz target", "result", "executions", "fuzz s", "exec/s", "cov");

    @Test
    void fuzzing_findsNothing() throws Exception {
        int seconds = Integer.getInteger("qsafe.fuzz.seconds", 0);
        int smokeSeconds = Integer.getInteger("qsafe.fuzz.smokeSeconds", 0);
        Assumptions.assumeTrue(seconds > 0 || smokeSeconds > 0,
                "qsafe.fuzz.seconds and qsafe.fuzz.smokeSeconds are 0: the seeds and findings are only replayed");
        if (seconds > 0) {
            fuzzEachTargetAlone(seconds);
        } else {
            fuzzAllTargetsTogether(smokeSeconds);
        }
    }

    private static void fuzzAllTargetsTogether(int seconds) throws Exception {
        String name = AllTargetsFuzzTest.class.getSimpleName() + "#anyTarget";
        Path corpus = corpus(name);
        writePrefixedSeeds(corpus);
        Run run = fuzz(AllTargetsFuzzTest.class.getName() + "#anyTarget", seconds, corpus);

        StringBuilder table = new StringBuilder(HEADER).append(run.row(name)).append('\n');
        Map<String, Long> perTarget = run.perTarget();
        for (Targets.Target t : Targets.ALL) {
            table.append(String.format(Locale.ROOT, "  %-38s %-8s %12d%n", t.name(), "", perTarget.getOrDefault(t.name(), 0L)));
        }
        report("summary-all-targets.txt", table);
        assertTrue(run.passed(), () -> "fuzzing found a problem: see " + run.log() + "; the crashing input is in"
                + " src/test/resources/dev/qsafe/fuzz/AllTargetsFuzzTestInputs/anyTarget, its first byte picks the"
                + " target (see docs/FUZZING.md)");
        assertFalse(perTarget.isEmpty(), "the run reported no executions per target: see " + run.log());
    }

    private static void fuzzEachTargetAlone(int seconds) throws Exception {
        List<String> filter = Arrays.stream(System.getProperty("qsafe.fuzz.targets", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<Targets.Target> targets = Targets.ALL.stream().filter(t -> filter.isEmpty() || filter.contains(t.name())
                || filter.contains(t.method().getDeclaringClass().getSimpleName())).toList();
        assertFalse(targets.isEmpty(), "qsafe.fuzz.targets selects no target");

        int parallel = Integer.getInteger("qsafe.fuzz.parallel", Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        List<Future<Run>> running = new ArrayList<>();
        for (Targets.Target t : targets) {
            running.add(pool.submit(() -> fuzz(t.qualifiedName(), seconds, corpus(t.name()))));
        }
        pool.shutdown();
        StringBuilder table = new StringBuilder(HEADER);
        List<Run> failed = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Run run = running.get(i).get();
            table.append(run.row(targets.get(i).name())).append('\n');
            if (!run.passed()) {
                failed.add(run);
            }
        }
        report("summary-per-target.txt", table);
        assertTrue(failed.isEmpty(), () -> "fuzzing found " + failed.size() + " problem(s), see "
                + failed.stream().map(Run::log).toList() + "; each crashing input is in its target's inputs directory"
                + " under src/test/resources");
    }

    /**
     * The directory where libFuzzer keeps the inputs it finds interesting for {@code target}: under
     * {@code target/}, so that a build starts from the committed inputs only.
     */
    private static Path corpus(String target) throws IOException {
        return Files.createDirectories(Path.of("target", "fuzz-corpus", target.replace('#', '.'))).toAbsolutePath();
    }

    /**
     * Writes every input of every target (its seeds and committed findings, from the test class path)
     * into {@code corpus}, each prefixed with the byte that makes {@link AllTargetsFuzzTest} pick the target.
     */
    private static void writePrefixedSeeds(Path corpus) throws IOException {
        Files.createDirectories(corpus);
        for (int i = 0; i < Targets.ALL.size(); i++) {
            Targets.Target t = Targets.ALL.get(i);
            URL dir = FuzzingRunTest.class.getResource(t.inputsDirectory());
            if (dir == null) {
                continue;
            }
            try (Stream<Path> inputs = Files.list(Path.of(dir.toURI()))) {
                for (Path input : inputs.filter(Files::isRegularFile).toList()) {
                    byte[] bytes = Files.readAllBytes(input);
                    byte[] prefixed = new byte[bytes.length + 1];
                    prefixed[0] = (byte) i;
                    System.arraycopy(bytes, 0, prefixed, 1, bytes.length);
                    Files.write(corpus.resolve(t.name().replace('#', '.') + "." + input.getFileName()), prefixed);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException("test resources must be files, not " + dir, e);
            }
        }
    }

    /** Fuzzes {@code target} ({@code class#method}) for {@code seconds} in a new JVM, keeping its corpus in {@code corpus}. */
    private static Run fuzz(String target, int seconds, Path corpus) throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(target.substring(target.lastIndexOf('.') + 1).replace('#', '.') + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("qsafe.fuzz.jvmArgs", "").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Djazzer.max_duration=" + seconds + "s",
                // The per-input timeout of junit-platform.properties goes to libFuzzer; JUnit must not
                // apply it to the whole fuzzing run.
                "-Djunit.jupiter.execution.timeout.mode=disabled"));
        // Jazzer settings given on the command line (-Djazzer.*) reach the fuzzing JVMs too.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("jazzer.")).sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        // One more libFuzzer argument after those of junit-platform.properties (argv[0] and the RSS
        // limit): the corpus directory, where libFuzzer also writes what it finds.
        command.add("-Djazzer.internal.arg.2=" + corpus);
        command.addAll(List.of(FuzzTargetLauncher.class.getName(), target));
        command.removeIf(String::isEmpty);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAZZER_FUZZ", "1");
        Process process = builder.start();
        // Start-up (about ten seconds), seed replay and Jazzer's own shutdown come on top of the fuzzing time.
        if (!process.waitFor(seconds + 300L, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Run(log, false, "");
        }
        return new Run(log, process.exitValue() == 0, Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void report(String file, CharSequence table) throws IOException {
        Files.writeString(LOGS.resolve(file), table, StandardCharsets.UTF_8);
        System.out.print(table);
    }

    /** One fuzzing JVM's run: its log, whether it ended without a finding, and what it printed. */
    private record Run(Path log, boolean passed, String output) {
        /** One summary line: libFuzzer's executions and fuzzing seconds, and the coverage it reached (-1 if it ended early). */
        String row(String name) {
            Matcher done = DONE.matcher(output);
            boolean finished = done.find();
            long executions = finished ? Long.parseLong(done.group(1)) : -1;
            long fuzzSeconds = finished ? Long.parseLong(done.group(2)) : -1;
            Matcher cov = COVERAGE.matcher(output);
            return String.format(Locale.ROOT, "%-40s %-8s %12d %8d %9d %6d", name, passed ? "ok" : "FINDING", executions,
                    fuzzSeconds, fuzzSeconds > 0 ? executions / fuzzSeconds : executions, cov.find() ? Integer.parseInt(cov.group(1)) : -1);
        }

        /** The executions per target that {@link AllTargetsFuzzTest} printed. */
        Map<String, Long> perTarget() {
            Map<String, Long> counts = new LinkedHashMap<>();
            Matcher m = COUNT.matcher(output);
            while (m.find()) {
                counts.put(m.group(1), Long.parseLong(m.group(2)));
            }
            return counts;
        }
    }
}
