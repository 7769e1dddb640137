package dev.qsafe.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of a {@link VectorRunner} run: a {@link FileReport} per file, in the order the files were
 * found, and totals. Immutable.
 */
public final class Report {
    private final List<FileReport> files;
    private final boolean allowEmpty;

    /**
     * A report in which a run that executed no case is a failure.
     *
     * @param files one report per file, in order
     */
    public Report(List<FileReport> files) {
        this(files, false);
    }

    /**
     * @param files      one report per file, in order
     * @param allowEmpty whether a run that executed no case passes (otherwise it is a failure)
     */
    public Report(List<FileReport> files, boolean allowEmpty) {
        this.files = List.copyOf(Objects.requireNonNull(files, "files"));
        this.allowEmpty = allowEmpty;
    }

    /** Every file, in the order found (recognised or not). */
    public List<FileReport> files() {
        return files;
    }

    /** Cases passed, over all files and engines. */
    public int passed() {
        return files.stream().mapToInt(FileReport::passed).sum();
    }

    /** Cases failed, over all files and engines. */
    public int failed() {
        return files.stream().mapToInt(FileReport::failed).sum();
    }

    /** Cases skipped, over all files and engines. */
    public int skipped() {
        return files.stream().mapToInt(FileReport::skipped).sum();
    }

    /** How many files have the given status. */
    public int count(FileReport.Status status) {
        return (int) files.stream().filter(f -> f.status() == status).count();
    }

    /** Cases that ran (passed or failed), over all files and engines. */
    public int ran() {
        return passed() + failed();
    }

    /** Whether no case ran at all (an empty folder, every engine excluded, only skipped cases). */
    public boolean nothingRan() {
        return ran() == 0;
    }

    /**
     * Whether anything failed: a case, a file that looked like a vector file but was malformed or ran
     * nothing ({@link FileReport#hasFailures()}), or the whole run executed no case, unless it was
     * built to allow that.
     */
    public boolean hasFailures() {
        return files.stream().anyMatch(FileReport::hasFailures) || !allowEmpty && nothingRan();
    }

    /**
     * The totals per engine over all files: counts summed, algorithms and skip reasons merged, the first
     * {@value EngineReport#MAX_FAILURES_KEPT} failures kept. Engines appear in the order first met.
     */
    public List<EngineReport> engines() {
        Map<String, List<EngineReport>> byEngine = new LinkedHashMap<>();
        for (FileReport f : files) {
            for (EngineReport e : f.engines()) {
                byEngine.computeIfAbsent(e.engine(), k -> new ArrayList<>()).add(e);
            }
        }
        List<EngineReport> out = new ArrayList<>();
        byEngine.forEach((engine, reports) -> out.add(merge(engine, reports)));
        return out;
    }

    static EngineReport merge(String engine, List<EngineReport> reports) {
        Set<String> algorithms = new LinkedHashSet<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        List<CaseFailure> failures = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (EngineReport r : reports) {
            algorithms.addAll(r.algorithms());
            r.skipReasons().forEach((reason, n) -> reasons.merge(reason, n, Integer::sum));
            r.failures().stream().limit(EngineReport.MAX_FAILURES_KEPT - failures.size()).forEach(failures::add);
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
        }
        return new EngineReport(engine, List.copyOf(algorithms), passed, failed, skipped, reasons, failures);
    }

    /**
     * The report as a JSON tree: {@code summary} (file and case counts), {@code engines} (totals per
     * engine) and {@code files} (per file: path, status, format, note, counts and, per engine, counts,
     * skip reasons and failures).
     */
    public ObjectNode toJson() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("files", files.size());
        for (FileReport.Status s : FileReport.Status.values()) {
            summary.put(camelCase(s), count(s));
        }
        summary.put("passed", passed());
        summary.put("failed", failed());
        summary.put("skipped", skipped());
        summary.put("nothingRan", nothingRan());
        summary.put("hasFailures", hasFailures());
        ArrayNode engines = root.putArray("engines");
        engines().forEach(e -> engines.add(engineJson(e, false)));
        ArrayNode fileArray = root.putArray("files");
        for (FileReport f : files) {
            ObjectNode n = fileArray.addObject();
            n.put("path", f.path().toString());
            n.put("status", camelCase(f.status()));
            n.put("format", f.format());
            n.put("note", f.note());
            n.put("passed", f.passed());
            n.put("failed", f.failed());
            n.put("skipped", f.skipped());
            ArrayNode perEngine = n.putArray("engines");
            f.engines().forEach(e -> perEngine.add(engineJson(e, true)));
        }
        return root;
    }

    private static ObjectNode engineJson(EngineReport e, boolean withFailures) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("engine", e.engine());
        ArrayNode algorithms = n.putArray("algorithms");
        e.algorithms().forEach(algorithms::add);
        n.put("passed", e.passed());
        n.put("failed", e.failed());
        n.put("skipped", e.skipped());
        ObjectNode reasons = n.putObject("skipReasons");
        e.skipReasons().forEach(reasons::put);
        if (withFailures) {
            ArrayNode failures = n.putArray("failures");
            e.failures().forEach(c -> failures.addObject().put("case", c.caseId()).put("message", c.message()));
        }
        return n;
    }

    private static String camelCase(FileReport.Status s) {
        return switch (s) {
            case RECOGNISED -> "recognised";
            case NOT_RECOGNISED -> "notRecognised";
            case MALFORMED -> "malformed";
            case NOTHING_RAN -> "nothingRan";
        };
    }

    /**
     * The report as Markdown, for documentation that quotes a run: the totals, a table of every recognised
     * file per engine (passed, failed, skipped), the totals per engine, the skip reasons per file, and the
     * files not recognised, malformed or in which nothing ran. Paths are shown relative to {@code base}
     * when under it. Deterministic: the same run gives the same text.
     */
    public String toMarkdown(Path base) {
        Function<Path, String> show = p -> "`" + (base != null && p.startsWith(base) && !p.equals(base)
                ? base.relativize(p).toString().replace('\\', '/') : p.toString()) + "`";
        StringBuilder md = new StringBuilder();
        md.append("**").append(passed()).append(" passed, ").append(failed()).append(" failed, ").append(skipped())
                .append(" skipped**; ").append(files.size()).append(" files: ").append(count(FileReport.Status.RECOGNISED))
                .append(" recognised, ").append(count(FileReport.Status.NOT_RECOGNISED)).append(" not recognised, ")
                .append(count(FileReport.Status.MALFORMED)).append(" malformed, ").append(count(FileReport.Status.NOTHING_RAN))
                .append(" in which nothing ran.\n\n");
        md.append("| file | engine | passed | failed | skipped |\n|---|---|---:|---:|---:|\n");
        for (FileReport f : files) {
            if (f.status() != FileReport.Status.RECOGNISED && f.status() != FileReport.Status.NOTHING_RAN) {
                continue;
            }
            boolean first = true;
            for (EngineReport e : f.engines()) {
                md.append("| ").append(first ? show.apply(f.path()) : "").append(" | ").append(e.engine()).append(" | ")
                        .append(e.passed()).append(" | ").append(e.failed()).append(" | ").append(e.skipped()).append(" |\n");
                first = false;
            }
            if (first) {
                md.append("| ").append(show.apply(f.path())).append(" | ").append(f.note().isEmpty() ? "-" : f.note())
                        .append(" | 0 | 0 | 0 |\n");
            }
        }
        md.append("\nTotals per engine:\n\n| engine | passed | failed | skipped |\n|---|---:|---:|---:|\n");
        for (EngineReport e : engines()) {
            md.append("| ").append(e.engine()).append(" | ").append(e.passed()).append(" | ").append(e.failed())
                    .append(" | ").append(e.skipped()).append(" |\n");
        }
        md.append("\nWhy cases were skipped (summed over engines):\n\n| file | cases | reason |\n|---|---:|---|\n");
        for (FileReport f : files) {
            Map<String, Integer> reasons = new java.util.TreeMap<>();
            f.engines().forEach(e -> e.skipReasons().forEach((r, n) -> reasons.merge(r, n, Integer::sum)));
            reasons.forEach((r, n) -> md.append("| ").append(show.apply(f.path())).append(" | ").append(n).append(" | ")
                    .append(r.replace("|", "\\|")).append(" |\n"));
        }
        List<FileReport> others = files.stream().filter(f -> f.status() != FileReport.Status.RECOGNISED).toList();
        if (!others.isEmpty()) {
            md.append("\nOther files:\n\n| file | status | note |\n|---|---|---|\n");
            others.forEach(f -> md.append("| ").append(show.apply(f.path())).append(" | ").append(camelCase(f.status()))
                    .append(" | ").append(f.note().replace("|", "\\|")).append(" |\n"));
        }
        return md.toString();
    }

    /** Totals, for logs. */
    @Override
    public String toString() {
        return "Report[" + files.size() + " files, " + passed() + " passed, " + failed() + " failed, " + skipped()
                + " skipped]";
    }
}
