package dev.qsafe.cli;

import dev.qsafe.api.Algorithm;
import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe vectors DIR|FILE...}: runs published test vector files against every engine of the
 * configured registry and prints, per file and engine, the cases passed, failed and skipped.
 */
@Command(name = "vectors",
        mixinStandardHelpOptions = true,
        description = {"Run published test vectors against every engine that implements their algorithm.",
                "Files are recognised by their content, directories walked recursively (.json, .txt, .input and their .gz "
                + "forms are read): Project Wycheproof (AEAD, XDH, EdDSA, HKDF, HMAC, ML-KEM, ML-DSA), NIST ACVP "
                + "(ML-KEM, ML-DSA, SLH-DSA; internal projections or prompt + expectedResults), RFC 9180 and "
                + "draft-ietf-hpke-pq HPKE, X-Wing, CFRG concrete hybrid KEMs, composite ML-DSA, RFC 7748 X25519, "
                + "C2SP CCTV ML-KEM text files, C2SP CCTV Ed25519 edge cases, SUPERCOP Ed25519 sign.input, and "
                + "descriptors of CCTV's accumulated ML-KEM and ML-DSA tests (docs/vectors/cctv-accumulated). Other files"
                + " are listed as not recognised.",
                "Prints per file and engine the cases passed, failed and skipped, why cases were skipped, and what "
                + "differed in each failure; then the registry's self-test of every engine (known answers, and the "
                + "small-order and non-canonical keys every engine must refuse)."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe vectors ../shared/vectors             every file, every engine",
                "  qsafe vectors --engine bc-pqc wycheproof/   one provider's engines only",
                "  qsafe vectors --json acvp/ > report.json    the report as JSON",
                "  qsafe vectors --markdown ../shared/vectors  the tables docs/VECTORS.md quotes",
                "  qsafe vectors --allow-empty --engine accp wycheproof/   a run that may execute nothing", "",
                "Exit codes:",
                "  0   no case failed, and cases ran (cases may have been skipped: see the reasons)",
                "  1   a case failed; an engine failed its self-test (known answers and invalid keys, run on every",
                "      engine after the files); a file that looks like a vector file is malformed; a recognised file ran no",
                "      case for a reason other than a documented absent algorithm; or nothing ran at all",
                "      (the last two are allowed with --allow-empty)",
                "  2   usage error (no such file or directory, unknown engine, unknown option)",
                "  3,4 configuration errors, as for every command (see qsafe --help)"})
final class VectorsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR|FILE", description = "Vector files, or directories to walk.")
    List<Path> roots;

    @Option(names = "--json", description = "Write the report as JSON instead of tables.")
    boolean json;

    @Option(names = "--markdown", description = "Write the report as Markdown tables (what docs/VECTORS.md quotes), "
            + "paths relative to the first directory given.")
    boolean markdown;

    @Option(names = {"--allow-empty", "--lenient"},
            description = "Do not fail when no case runs (an empty folder, every engine excluded) or when every case of a "
                    + "file is skipped for a reason other than a documented absent algorithm (still reported).")
    boolean allowEmpty;

    @Option(names = "--engine", paramLabel = "NAME",
            description = "Run only this provider's engines (see qsafe providers), e.g. bc-pqc.")
    String engine;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    @Override
    public Integer call() {
        if (json && markdown) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json and --markdown cannot be combined");
        }
        VectorRunner.Builder builder = VectorRunner.newBuilder(CommandSupport.qsafe(root).registry());
        if (engine != null) {
            builder.engine(engine);
        }
        builder.allowEmpty(allowEmpty);
        ProgressListener progress = new ProgressListener(spec.commandLine().getErr());
        Report report;
        try {
            report = builder.listener(progress).build().run(roots);
        } finally {
            progress.done();
        }
        PrintWriter out = spec.commandLine().getOut();
        List<SelfTest> selfTests = selfTests(CommandSupport.qsafe(root).registry());
        boolean selfTestFailed = selfTests.stream().anyMatch(t -> t.failure().isPresent());
        if (markdown) {
            out.print(report.toMarkdown(roots.stream().filter(Files::isDirectory).findFirst().orElse(null)));
        } else if (json) {
            ObjectNode tree = report.toJson();
            ArrayNode tests = tree.putArray("selfTests");
            selfTests.forEach(t -> {
                ObjectNode n = tests.addObject().put("algorithm", t.algorithm().name()).put("engine", t.engine())
                        .put("passed", t.failure().isEmpty());
                t.failure().ifPresent(f -> n.put("failure", f));
            });
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        } else {
            print(report, out);
            printSelfTests(selfTests, out);
        }
        return report.hasFailures() || selfTestFailed ? ExitCodes.CRYPTO_FAILURE : ExitCodes.OK;
    }

    /** One engine's known-answer self-test (published values and the invalid keys it must refuse). */
    private record SelfTest(Algorithm algorithm, String engine, Optional<String> failure) {
    }

    /**
     * The registry's self-test of every engine (or of {@code --engine}'s): the known answers and, for
     * Ed25519, X25519 and the algorithms built on them, the small-order and non-canonical keys every engine
     * must refuse (docs/PROVIDERS.md, "Trust").
     */
    private List<SelfTest> selfTests(CryptoRegistry registry) {
        List<SelfTest> out = new ArrayList<>();
        registry.algorithms().stream().sorted(Comparator.comparing(Algorithm::kind).thenComparing(Algorithm::name)).forEach(a -> {
            for (String p : registry.providersOf(a)) {
                if (engine == null || engine.equals(p)) {
                    out.add(new SelfTest(a, p, registry.selfTest(a, p)));
                }
            }
        });
        return out;
    }

    private static void printSelfTests(List<SelfTest> tests, PrintWriter out) {
        out.println();
        long failed = tests.stream().filter(t -> t.failure().isPresent()).count();
        out.printf("Self-tests (known answers, and the small-order and non-canonical keys every engine must refuse): "
                + "%d engines passed, %d failed%n", tests.size() - failed, failed);
        tests.stream().filter(t -> t.failure().isPresent())
                .forEach(t -> out.println("  " + t.algorithm().name() + " [" + t.engine() + "] " + t.failure().get()));
    }

    private void print(Report report, PrintWriter out) {
        TextTable table = new TextTable("file", "format", "engine", "passed", "failed", "skipped").rightAlign(3, 4, 5);
        for (FileReport f : report.files()) {
            if (f.status() != FileReport.Status.RECOGNISED && f.status() != FileReport.Status.NOTHING_RAN) {
                continue;
            }
            boolean first = true;
            for (EngineReport e : f.engines()) {
                table.row(first ? display(f.path()) : "", first ? f.format() : "", e.engine(), e.passed(), e.failed(), e.skipped());
                first = false;
            }
            if (first) {
                table.row(display(f.path()), f.format(), "-", 0, 0, 0);
            }
        }
        table.print(out);
        section(out, "Skipped cases, by reason", report.files().stream().flatMap(f -> f.engines().stream()
                .flatMap(e -> e.skipReasons().entrySet().stream().map(r -> "  " + display(f.path()) + " [" + e.engine() + "] "
                        + r.getValue() + " x " + r.getKey()))).toList());
        section(out, "Failures", report.files().stream().flatMap(f -> f.engines().stream()
                .flatMap(e -> failures(f, e).stream())).toList());
        section(out, "Malformed files", notes(report, FileReport.Status.MALFORMED));
        section(out, "Files where nothing ran (a failure; --allow-empty accepts them)", notes(report, FileReport.Status.NOTHING_RAN));
        section(out, "Not recognised", notes(report, FileReport.Status.NOT_RECOGNISED));
        out.println();
        out.println("Totals per engine");
        TextTable engines = new TextTable("engine", "algorithms", "passed", "failed", "skipped").rightAlign(1, 2, 3, 4);
        for (EngineReport e : report.engines()) {
            engines.row(e.engine(), e.algorithms().size(), e.passed(), e.failed(), e.skipped());
        }
        engines.print(out);
        out.println();
        out.printf("Total: %d passed, %d failed, %d skipped; %d files: %d recognised, %d not recognised, %d malformed, "
                        + "%d ran nothing%n",
                report.passed(), report.failed(), report.skipped(), report.files().size(),
                report.count(FileReport.Status.RECOGNISED), report.count(FileReport.Status.NOT_RECOGNISED),
                report.count(FileReport.Status.MALFORMED), report.count(FileReport.Status.NOTHING_RAN));
        if (report.nothingRan()) {
            out.println(allowEmpty ? "No case ran (allowed by --allow-empty)."
                    : "No case ran: a run that executes nothing is a failure (use --allow-empty to accept it).");
        }
    }

    private List<String> failures(FileReport f, EngineReport e) {
        List<String> lines = new ArrayList<>();
        for (CaseFailure c : e.failures()) {
            lines.add("  " + display(f.path()) + " [" + e.engine() + "] " + c.caseId() + ": " + c.message());
        }
        if (e.failed() > e.failures().size()) {
            lines.add("  " + display(f.path()) + " [" + e.engine() + "] ... and " + (e.failed() - e.failures().size()) + " more");
        }
        return lines;
    }

    private List<String> notes(Report report, FileReport.Status status) {
        return report.files().stream().filter(f -> f.status() == status)
                .map(f -> "  " + display(f.path()) + ": " + f.note()).toList();
    }

    private static void section(PrintWriter out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.println();
            out.println(title);
            lines.forEach(out::println);
        }
    }

    /** The file relative to the directory it was found in, when it came from walking one. */
    private String display(Path file) {
        for (Path r : roots) {
            if (Files.isDirectory(r) && file.startsWith(r) && !file.equals(r)) {
                return r.relativize(file).toString();
            }
        }
        return file.toString();
    }

    /** Shows which file is running, on a terminal only. */
    private static final class ProgressListener implements VectorRunner.Listener {
        private final PrintWriter err;
        private Progress progress;

        ProgressListener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void fileStarted(Path file, int index, int total) {
            if (progress == null) {
                progress = Progress.forTerminal(err, total);
            }
            progress.step(file.getFileName().toString());
        }

        void done() {
            if (progress != null) {
                progress.done();
            }
        }
    }
}
