package dev.qsafe.conformance.internal;

import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.UnsupportedCallException;
import dev.qsafe.api.spi.EngineTrace;
import java.util.List;

/**
 * Runs the parsed cases of a file on engines and reports each outcome to {@link Outcomes}.
 *
 * <p>A case passes when its check's outcome is what its {@link Expectation} allows: normal return for
 * a case that may pass; a {@link QSafeException} of the expected type for a case that may be rejected.
 * A {@link Mismatch}, a rejection of a case that must pass, acceptance of a case that must be rejected,
 * a rejection of the wrong type and any other throwable (a crash) are failures. An engine that answers
 * {@link UnsupportedAlgorithmException} (an optional interface it lacks) or a check that throws
 * {@link Skip} makes the case skipped on that engine.
 */
final class CaseRunner {
    private final Outcomes outcomes;
    /** Whether the run is restricted to one provider (then an engine's declared gap is {@link SkipKind#UNSERVED}). */
    private final boolean restricted;

    CaseRunner(Outcomes outcomes, boolean restricted) {
        this.outcomes = outcomes;
        this.restricted = restricted;
    }

    /**
     * Runs {@code cases} of {@code algorithm} on each of {@code candidates}; with no candidate, counts
     * every case as skipped under {@link Outcomes#NO_ENGINE} with {@code noEngineReason}.
     */
    <E> void run(String algorithm, List<NamedEngine<E>> candidates, String noEngineReason, SkipKind noEngineKind,
                 List<VectorCase<E>> cases) {
        if (candidates.isEmpty()) {
            outcomes.skipped(Outcomes.NO_ENGINE, algorithm, noEngineReason, noEngineKind, cases.size());
            return;
        }
        for (NamedEngine<E> candidate : candidates) {
            String name = candidate.name();
            E engine;
            try {
                engine = candidate.engine().get();
            } catch (RuntimeException | LinkageError e) {
                cases.forEach(c -> outcomes.failed(name, algorithm, c.id(), "the engine could not be created: " + describe(e)));
                continue;
            }
            for (VectorCase<E> c : cases) {
                if (c.skipReason() != null) {
                    outcomes.skipped(name, algorithm, c.skipReason(), c.skipKind(), 1);
                } else {
                    outcome(name, algorithm, c, engine);
                }
            }
        }
    }

    /** Counts {@code count} cases of {@code algorithm} as skipped, under {@link Outcomes#NO_ENGINE}, with a documented reason. */
    void skipAll(String algorithm, String reason, int count) {
        outcomes.skipped(Outcomes.NO_ENGINE, algorithm, reason, SkipKind.ABSENT, count);
    }

    /**
     * Runs one case under an {@link EngineTrace} recording: when the engine handed (part of) the case to
     * another backend, the outcome is counted under {@code "<engine> via <backend>"}, so a report never
     * credits an engine with what another computed.
     */
    private <E> void outcome(String name, String algorithm, VectorCase<E> c, E engine) {
        Expectation expected = c.expectation();
        try {
            try (EngineTrace.Recording trace = EngineTrace.start()) {
                try {
                    c.check().run(engine);
                } finally {
                    name = reportedName(name, trace.backends());
                }
            }
            if (expected.mayPass()) {
                outcomes.passed(name, algorithm);
            } else {
                outcomes.failed(name, algorithm, c.id(), "accepted, but it must be rejected (with "
                        + expected.rejection().getSimpleName() + ")");
            }
        } catch (UnsupportedCallException e) {
            outcomes.skipped(name, algorithm, e.getMessage(), restricted ? SkipKind.UNSERVED : SkipKind.OTHER, 1);
        } catch (Skip | UnsupportedAlgorithmException e) {
            outcomes.skipped(name, algorithm, e.getMessage(), SkipKind.OTHER, 1);
        } catch (Mismatch e) {
            outcomes.failed(name, algorithm, c.id(), e.getMessage());
        } catch (QSafeException e) {
            if (!expected.mayReject()) {
                outcomes.failed(name, algorithm, c.id(), "rejected: " + describe(e));
            } else if (!expected.rejection().isInstance(e)) {
                outcomes.failed(name, algorithm, c.id(), "rejected with " + describe(e) + ", expected a "
                        + expected.rejection().getSimpleName());
            } else {
                outcomes.passed(name, algorithm);
            }
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            outcomes.crashed(name, algorithm, c.id(), e);
        }
    }

    /** {@code engine}, or {@code "engine via b1+b2"} when the case was handed to other backends. */
    static String reportedName(String engine, List<String> backends) {
        return backends.isEmpty() ? engine : engine + " via " + String.join("+", backends);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.replace('\n', ' '));
    }
}
