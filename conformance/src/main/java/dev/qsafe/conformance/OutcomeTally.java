package dev.qsafe.conformance;

import dev.qsafe.conformance.internal.Outcomes;
import dev.qsafe.conformance.internal.SkipKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts the outcomes of one file's cases per engine, and makes them {@link EngineReport}s. */
final class OutcomeTally implements Outcomes {
    private final Map<String, Counts> engines = new LinkedHashMap<>();
    private int undocumentedSkips;

    @Override
    public void passed(String engine, String algorithm) {
        counts(engine, algorithm).passed++;
    }

    @Override
    public void failed(String engine, String algorithm, String caseId, String message) {
        Counts c = counts(engine, algorithm);
        c.failed++;
        if (c.failures.size() < EngineReport.MAX_FAILURES_KEPT) {
            c.failures.add(new CaseFailure(caseId, message));
        }
    }

    @Override
    public void skipped(String engine, String algorithm, String reason, SkipKind kind, int count) {
        Counts c = counts(engine, algorithm);
        if (count > 0) {
            c.skipped += count;
            c.skipReasons.merge(reason, count, Integer::sum);
            if (kind == SkipKind.OTHER) {
                undocumentedSkips += count;
            }
        }
    }

    /**
     * Why the file ran nothing it should have, or {@code null}: no case ran on any engine, and the file
     * either has no case at all or skipped some for a reason that is not a documented absence or the
     * restriction to one engine.
     */
    String nothingRan() {
        int ran = engines.values().stream().mapToInt(c -> c.passed + c.failed).sum();
        int skipped = engines.values().stream().mapToInt(c -> c.skipped).sum();
        if (ran > 0) {
            return null;
        }
        if (skipped == 0) {
            return "no case ran: the file has no test case";
        }
        return undocumentedSkips == 0 ? null
                : "no case ran: " + undocumentedSkips + " of " + skipped + " cases were skipped for reasons that are not a documented "
                + "absence (see the skip reasons)";
    }

    /** The reports, engines in the order first met. */
    List<EngineReport> reports() {
        List<EngineReport> out = new ArrayList<>();
        engines.forEach((name, c) -> out.add(new EngineReport(name, List.copyOf(c.algorithms), c.passed, c.failed,
                c.skipped, c.skipReasons, c.failures)));
        return out;
    }

    private Counts counts(String engine, String algorithm) {
        Counts c = engines.computeIfAbsent(engine, k -> new Counts());
        c.algorithms.add(algorithm);
        return c;
    }

    /** One engine's counts. */
    private static final class Counts {
        final Set<String> algorithms = new LinkedHashSet<>();
        final Map<String, Integer> skipReasons = new LinkedHashMap<>();
        final List<CaseFailure> failures = new ArrayList<>();
        int passed;
        int failed;
        int skipped;
    }
}
