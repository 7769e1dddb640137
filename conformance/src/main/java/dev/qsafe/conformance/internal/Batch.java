package dev.qsafe.conformance.internal;

import java.util.List;

/**
 * Cases of one algorithm (or engine combination) and the engines they run on.
 *
 * @param algorithm      the algorithm's name, as reported
 * @param candidates     the engines to run on; empty if none can
 * @param noEngineReason why none can, when {@code candidates} is empty
 * @param noEngineKind   what kind of reason that is
 * @param cases          the cases, in file order (mutable while the plan is built)
 * @param <E>            the engine type
 */
record Batch<E>(String algorithm, List<NamedEngine<E>> candidates, String noEngineReason, SkipKind noEngineKind,
                List<VectorCase<E>> cases) {
    void run(CaseRunner runner) {
        runner.run(algorithm, candidates, noEngineReason, noEngineKind, cases);
    }
}
