package dev.qsafe.conformance.internal;

import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the parsed cases of one file on engines and counts, per engine, what passed, failed and was
 * skipped (and why).
 *
 * <p>A case passes when its check's outcome is what its {@link Expectation} allows: normal return for
 * a case that may pass; a {@link QSafeException} of the expected type for a case that may be rejected.
 * A {@link Mismatch}, a rejection of a case that must pass, acceptance of a case that must be rejected,
 * a rejection of the wrong type and any other throwable (a crash) are failures. An engine that answers
 * {@link UnsupportedAlgorithmException} (an optional interface it lacks) or a check that throws
 * {@link Skip} makes the case skipped on that engine.
 */
final class Tally {
    private final Map<String, Counts> engines = new LinkedHashMap<>();

    /**
     * Runs {@code cases} of {@code algorithm} on each of {@code candidates}; with no candidate, counts
     * every case as skipped under {@link EngineReport#NO_ENGINE} with {@code noEngineReason}.
     */
    <E> void run(String algorithm, List<NamedEngine<E>> candidates, String noEngineReason, List<VectorCase<E>> cases) {
        if (candidates.isEmpty()) {
            skip(EngineReport.NO_ENGINE, algorithm, noEngineReason, cases.size());
            return;
        }
        for (NamedEngine<E> candidate : candidates) {
            Counts counts = counts(candidate.name(), algorithm);
            E engine;
            try {
                engine = candidate.engine().get();
            } catch (RuntimeException | LinkageError e) {
                cases.forEach(c -> counts.fail(c.id(), "the engine could not be created: " + describe(e)));
                continue;
            }
            for (VectorCase<E> c : cases) {
                if (c.skipReason() != null) {
                    counts.skip(c.skipReason(), 1);
                } else {
                    outcome(c, engine, counts);
                }
            }
        }
    }

    /** Counts {@code count} cases of {@code algorithm} as skipped on {@code engine}, with the reason. */
    void skip(String engine, String algorithm, String reason, int count) {
        counts(engine, algorithm).skip(reason, count);
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

    private static <E> void outcome(VectorCase<E> c, E engine, Counts counts) {
        Expectation expected = c.expectation();
        try {
            c.check().run(engine);
            if (expected.mayPass()) {
                counts.passed++;
            } else {
                counts.fail(c.id(), "accepted, but it must be rejected (with " + expected.rejection().getSimpleName() + ")");
            }
        } catch (Skip e) {
            counts.skip(e.getMessage(), 1);
        } catch (UnsupportedAlgorithmException e) {
            counts.skip(e.getMessage(), 1);
        } catch (Mismatch e) {
            counts.fail(c.id(), e.getMessage());
        } catch (QSafeException e) {
            if (!expected.mayReject()) {
                counts.fail(c.id(), "rejected: " + describe(e));
            } else if (!expected.rejection().isInstance(e)) {
                counts.fail(c.id(), "rejected with " + describe(e) + ", expected a " + expected.rejection().getSimpleName());
            } else {
                counts.passed++;
            }
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            counts.fail(c.id(), "crashed: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.replace('\n', ' '));
    }

    /** One engine's counts. */
    private static final class Counts {
        final Set<String> algorithms = new LinkedHashSet<>();
        final Map<String, Integer> skipReasons = new LinkedHashMap<>();
        final List<CaseFailure> failures = new ArrayList<>();
        int passed;
        int failed;
        int skipped;

        void fail(String caseId, String message) {
            failed++;
            if (failures.size() < EngineReport.MAX_FAILURES_KEPT) {
                failures.add(new CaseFailure(caseId, message));
            }
        }

        void skip(String reason, int count) {
            if (count > 0) {
                skipped += count;
                skipReasons.merge(reason, count, Integer::sum);
            }
        }
    }
}
