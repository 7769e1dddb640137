package dev.qsafe.conformance.internal;

import dev.qsafe.api.Algorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The parsed cases of a recognised file, grouped into batches by algorithm (or engine combination),
 * ready to run. Parsing a file builds its plan completely before any engine runs, so a malformed case
 * makes the whole file malformed rather than half-run.
 */
final class Plan {
    private final Engines engines;
    private final Map<String, Batch<?>> batches = new LinkedHashMap<>();

    Plan(Engines engines) {
        this.engines = engines;
    }

    /** The engines the plan's batches run on. */
    Engines engines() {
        return engines;
    }

    /**
     * Adds a case of the algorithm named {@code algorithmName}, to run on every engine of it that
     * {@code factory} creates (a registry accessor such as {@link Engines#kem}). Cases of an algorithm
     * qsafe does not know are skipped with the reason.
     */
    <E> void add(String algorithmName, BiFunction<Algorithm, String, E> factory, VectorCase<E> c) {
        batch("algorithm " + algorithmName, () -> {
            Optional<Algorithm> algorithm = engines.algorithm(algorithmName);
            if (algorithm.isEmpty()) {
                return new Batch<E>(algorithmName, List.of(), Engines.unknown(algorithmName), new ArrayList<>());
            }
            Algorithm a = algorithm.get();
            return new Batch<>(a.name(), engines.named(a, factory), engines.noEngine(a), new ArrayList<>());
        }).cases().add(c);
    }

    /** Adds a case to run on the given engine combinations, batched under {@code key}. */
    <E> void add(String key, String label, List<NamedEngine<E>> candidates, String noEngineReason, VectorCase<E> c) {
        batch("custom " + key, () -> new Batch<>(label, candidates, noEngineReason, new ArrayList<>())).cases().add(c);
    }

    /** Counts {@code count} cases of {@code label} as skipped everywhere, with {@code reason}. */
    void skip(String label, String reason, int count) {
        for (int i = 0; i < count; i++) {
            batch("skip " + label + "\u0000" + reason, () -> new Batch<Object>(label, List.of(), reason, new ArrayList<>()))
                    .cases().add(VectorCase.skipped("", reason));
        }
    }

    /** Whether the plan has no case at all. */
    boolean isEmpty() {
        return batches.values().stream().allMatch(b -> b.cases().isEmpty());
    }

    /** Runs every batch, in the order first added. */
    void run(CaseRunner runner) {
        batches.values().forEach(b -> b.run(runner));
    }

    /**
     * The batch under {@code key}, created by {@code create} the first time. A key always names one
     * kind of batch (an algorithm is of one kind, so its engines are of one type), which makes the
     * cast safe.
     */
    @SuppressWarnings("unchecked")
    private <E> Batch<E> batch(String key, Supplier<Batch<E>> create) {
        return (Batch<E>) batches.computeIfAbsent(key, k -> create.get());
    }
}
