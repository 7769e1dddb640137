package dev.qsafe.conformance;

import dev.qsafe.conformance.internal.Outcomes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one engine did with the cases of one vector file (or, in {@link Report#engines()}, of all files).
 *
 * <p>An engine is a provider's engine for the file's algorithm, named by the provider (e.g.
 * {@code bc-pqc}); for HPKE files it is a combination of KEM, KDF and AEAD engines, named
 * {@code kem/kdf/aead} by their providers. Cases that no engine could run (an algorithm nothing
 * implements, a parameter set qsafe does not define) are counted once under {@link #NO_ENGINE}.
 *
 * @param engine      the engine's name, or {@link #NO_ENGINE}
 * @param algorithms  the algorithms of the cases, in the order first met
 * @param passed      cases that gave exactly the expected outcome
 * @param failed      cases that did not; at most {@link #MAX_FAILURES_KEPT} of them are in {@code failures}
 * @param skipped     cases not run
 * @param skipReasons why cases were skipped, with how many were skipped for each reason
 * @param failures    the first failed cases, with what differed
 */
public record EngineReport(String engine, List<String> algorithms, int passed, int failed, int skipped,
                           Map<String, Integer> skipReasons, List<CaseFailure> failures) {
    /** The name under which cases that no engine could run are counted: {@value}. */
    public static final String NO_ENGINE = Outcomes.NO_ENGINE;
    /** How many failed cases an engine report keeps with their details. */
    public static final int MAX_FAILURES_KEPT = 25;

    /** Copies the collections and checks the counts. */
    public EngineReport {
        Objects.requireNonNull(engine, "engine");
        algorithms = List.copyOf(algorithms);
        skipReasons = Map.copyOf(skipReasons);
        failures = List.copyOf(failures);
        if (passed < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (skipReasons.values().stream().mapToInt(Integer::intValue).sum() != skipped) {
            throw new IllegalArgumentException("skip reasons must account for every skipped case");
        }
    }

    /** Cases that ran: passed plus failed. */
    public int ran() {
        return passed + failed;
    }
}
