package dev.qsafe.cli;

import dev.qsafe.adaptive.CryptoBenchmark.ModeResult;
import dev.qsafe.adaptive.CryptoBenchmark.Operation;
import dev.qsafe.adaptive.CryptoBenchmark.OperationStats;
import dev.qsafe.adaptive.CryptoBenchmark;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.QSafe;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code qsafe bench}: a quick per-mode benchmark as a table, JSON, or a self-contained HTML report. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measure, per mode, keygen, seal, open, sign and verify latency (median and p99 over N iterations "
                + "after a warm-up), the envelope overhead (envelope bytes minus message bytes) and the bytes allocated per "
                + "operation on the measuring thread, with ratios to CLASSICAL.",
                "A quick report of this machine with the configured suites and the engines the registry selects; not the "
                + "published figures, which come from the JMH benchmarks (docs/BENCHMARKS.md)."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe bench", "  qsafe bench --iterations 500 --message-size 65536 --json > bench.json",
                "  qsafe bench --html report.html          a self-contained page with charts (no network needed)", "",
                ExitCodes.HELP})
final class BenchCommand implements Runnable {
    @Option(names = "--mode", split = ",", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Modes to run: classical, hybrid, pqc (aliases quantum, pq). Default: all.")
    Set<CryptoMode> modes = EnumSet.allOf(CryptoMode.class);

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", defaultValue = "100",
            description = "Timed iterations per operation (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
            description = "Untimed iterations per operation before timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--message-size", paramLabel = "BYTES", defaultValue = "1024",
            description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int messageSize;

    @Option(names = "--json", description = "Write JSON instead of a table.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML report with charts to FILE (written atomically).")
    String html;

    @Option(names = "--force", description = "Replace the --html FILE if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    @Override
    public void run() {
        if (iterations < 1 || iterations > CryptoBenchmark.MAX_ITERATIONS) {
            throw new ParameterException(spec.commandLine(), "--iterations must be 1.." + CryptoBenchmark.MAX_ITERATIONS);
        }
        if (warmup < 0 || warmup > CryptoBenchmark.MAX_ITERATIONS) {
            throw new ParameterException(spec.commandLine(), "--warmup must be 0.." + CryptoBenchmark.MAX_ITERATIONS);
        }
        if (messageSize < 0 || messageSize > CryptoBenchmark.MAX_MESSAGE_BYTES) {
            throw new ParameterException(spec.commandLine(), "--message-size must be 0.." + CryptoBenchmark.MAX_MESSAGE_BYTES);
        }
        if (html != null && (html.isBlank() || html.equals("-"))) {
            throw new ParameterException(spec.commandLine(), "--html needs a file name");
        }
        if (html != null) {
            IoSupport.checkOutput(html, IoSupport.Rules.of(force));
        }
        QSafe qsafe = CommandSupport.qsafe(root);
        Progress progress = Progress.forTerminal(spec.commandLine().getErr(), modes.size() * Operation.values().length);
        CryptoBenchmark.Report report = CryptoBenchmark.newBuilder(qsafe).modes(modes).iterations(iterations)
                .warmupIterations(warmup).messageBytes(messageSize).progress(progress::step).build().run();
        progress.done();
        if (report.modes().stream().noneMatch(ModeResult::available)) {
            throw new UnsupportedAlgorithmException("no requested mode can run here: " + String.join("; ",
                    report.modes().stream().map(r -> r.mode() + ": " + r.reason()).toList()));
        }
        if (html != null) {
            IoSupport.write(html, BenchHtml.render(report).getBytes(StandardCharsets.UTF_8), false, IoSupport.Rules.of(force),
                    CommandSupport.stdout());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson());
        } else {
            printTable(out, report);
            if (html != null) {
                out.println("HTML report written to " + html);
            }
        }
    }

    static void printTable(PrintWriter out, CryptoBenchmark.Report report) {
        out.println("qsafe bench: " + report.messageBytes() + "-byte message, median and p99 over " + report.iterations()
                + " iterations after " + report.warmupIterations() + " warm-up iterations");
        out.println("a quick report of this machine, not the JMH figures (docs/BENCHMARKS.md)");
        out.println(report.machine() + "; " + report.jdk() + "; " + report.date());
        out.println();
        TextTable t = new TextTable("mode", "operation", "median us", "p99 us", "alloc B/op", "x CLASSICAL")
                .rightAlign(2, 3, 4, 5);
        for (ModeResult r : report.modes()) {
            if (!r.available()) {
                t.row(r.mode(), "-", "-", "-", "-", "-");
                continue;
            }
            for (Operation op : Operation.values()) {
                OperationStats s = r.operations().get(op);
                Double ratio = r.ratios().get(op.name().toLowerCase(Locale.ROOT));
                t.row(r.mode(), op.name().toLowerCase(Locale.ROOT), micros(s.medianNanos()), micros(s.p99Nanos()),
                        s.allocatedBytesPerOp() < 0 ? "n/a" : s.allocatedBytesPerOp(), ratio == null ? "-" : fmt(ratio));
            }
        }
        t.print(out);
        out.println();
        TextTable o = new TextTable("mode", "suite", "envelope overhead B", "x CLASSICAL", "engines").rightAlign(2, 3);
        for (ModeResult r : report.modes()) {
            if (r.available()) {
                Double ratio = r.ratios().get("overhead");
                o.row(r.mode(), r.suite().name(), r.envelopeOverheadBytes(), ratio == null ? "-" : fmt(ratio), r.engines());
            } else {
                o.row(r.mode(), r.suite().name(), "-", "-", "not available: " + r.reason());
            }
        }
        o.print(out);
        out.println();
        out.println("keygen = KEM + signature key pairs; seal = encapsulate + HPKE + sign; open = decapsulate + HPKE + verify;");
        out.println("alloc = bytes allocated per operation on the measuring thread (ThreadMXBean).");
    }

    static String micros(long nanos) {
        double us = nanos / 1000.0;
        return us >= 100 ? String.format(Locale.ROOT, "%.0f", us) : String.format(Locale.ROOT, "%.1f", us);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
