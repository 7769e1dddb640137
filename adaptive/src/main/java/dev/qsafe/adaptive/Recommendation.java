package dev.qsafe.adaptive;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.suite.Suite;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AdaptiveSelector} recommends, and why.
 *
 * @param mode       the recommended mode, never below the inputs' floor and never one the policy refuses
 * @param suite      the suite of that mode
 * @param confidence how much the inputs support it, 0..1 (1 minus the weights of unknown inputs, see docs/ADAPTIVE.md)
 * @param reasons    human-readable reasons, in the order the rules applied
 * @param unknowns   the inputs that were unknown
 * @param pressure   the points the rules gave the conditions (0 = nothing presses)
 * @param candidates the modes that were allowed (floor, policy, configured suites, latency budget), lowest first
 * @param inputs     what was decided on
 */
public record Recommendation(CryptoMode mode, Suite suite, double confidence, List<String> reasons, List<String> unknowns,
                             int pressure, List<CryptoMode> candidates, AdaptiveInputs inputs) {
    /** Copies and checks. */
    public Recommendation {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(suite, "suite");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be 0..1, got " + confidence);
        }
        reasons = List.copyOf(reasons);
        unknowns = List.copyOf(unknowns);
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(inputs, "inputs");
    }
}
