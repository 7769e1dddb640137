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
    private String skipAllReason;

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
                return new Batch<E>(algorithmName, List.of(), Engines.unknown(algorithmName), Absent.kindOf(algorithmName),
                        new ArrayList<>());
            }
            Algorithm a = algorithm.get();
            return new Batch<>(a.name(), engines.named(a, factory), engines.noEngine(a), engines.noEngineKind(a), new ArrayList<>());
        }).cases().add(c);
    }

    /** Adds a case to run on the given engine combinations, batched under {@code key}. */
    <E> void add(String key, String label, List<NamedEngine<E>> candidates, String noEngineReason, SkipKind noEngineKind,
                 VectorCase<E> c) {
        batch("custom " + key, () -> new Batch<>(label, candidates, noEngineReason, noEngineKind, new ArrayList<>())).cases().add(c);
    }

    /** Counts {@code count} cases of {@code label} as skipped everywhere, with {@code reason} of {@code kind}. */
    void skip(String label, String reason, SkipKind kind, int count) {
        for (int i = 0; i < count; i++) {
            batch("skip " + label + "\u0000" + reason, () -> new Batch<Object>(label, List.of(), reason, kind, new ArrayList<>()))
                    .cases().add(VectorCase.skipped("", reason, kind));
        }
    }

    /**
     * Skips every case of the plan with {@code reason} (of kind {@link SkipKind#ABSENT}) instead of
     * running it: for a file whose data a standard's later revision no longer gives, such as an ML-KEM
     * file generated against the FIPS 203 draft.
     */
    void skipAll(String reason) {
        this.skipAllReason = reason;
    }

    /** Whether the plan has no case at all. */
    boolean isEmpty() {
        return batches.values().stream().allMatch(b -> b.cases().isEmpty());
    }

    /** Runs every batch, in the order first added (or skips them all, after {@link #skipAll}). */
    void run(CaseRunner runner) {
        if (skipAllReason != null) {
            batches.values().forEach(b -> runner.skipAll(b.algorithm(), skipAllReason, b.cases().size()));
            return;
        }
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
