package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import java.util.List;
import java.util.Optional;

/**
 * How the registry chooses an engine for one algorithm: the candidates in the order they are tried.
 *
 * @param algorithm  the algorithm
 * @param candidates the usable providers, highest weight first (only the pinned one when pinned); from
 *                   {@link CryptoRegistry#selection}, the first is the engine actually used (it passed its
 *                   self-test) and those above it that failed are among the skipped
 * @param pinnedTo   the provider pinned by configuration, if any
 * @param skipped    providers implementing the algorithm that are not candidates, with the reason
 * @since 0.1.0
 */
public record Selection(Algorithm algorithm, List<Candidate> candidates, Optional<String> pinnedTo, List<Candidate> skipped) {
    /** Copies the lists. */
    public Selection {
        candidates = List.copyOf(candidates);
        skipped = List.copyOf(skipped);
    }

    /** The provider whose engine is used (from {@link CryptoRegistry#selection}), if any. */
    public Optional<String> selected() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.getFirst().provider());
    }

    /**
     * One provider of an algorithm.
     *
     * @param provider the provider's name
     * @param weight   its weight for the algorithm
     * @param note     why it is skipped, or empty for a candidate
     */
    public record Candidate(String provider, int weight, String note) {
    }
}
