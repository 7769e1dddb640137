package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.CryptoProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The part every provider with a weight table has in common: its name, its description, the weight of
 * each algorithm it can offer and the error for one it cannot. The table itself stays in the provider
 * that declares it (passed to the constructor), as do availability, the algorithm set and the engines:
 * those differ from one provider to the next.
 */
public abstract class WeightedProvider implements CryptoProvider {
    private final String name;
    private final String description;
    private final Map<Algorithm, Integer> weights;

    /**
     * @param weights the weight of every algorithm the provider can offer (some may turn out to be
     *                unusable at run time; {@link #weightedExcept} leaves those out)
     */
    protected WeightedProvider(String name, String description, Map<Algorithm, Integer> weights) {
        this.name = name;
        this.description = description;
        this.weights = Map.copyOf(weights);
    }

    /** A weight table giving each of {@code algorithms} the same {@code weight}. */
    public static Map<Algorithm, Integer> sameWeight(Collection<Algorithm> algorithms, int weight) {
        Map<Algorithm, Integer> out = new LinkedHashMap<>();
        for (Algorithm a : algorithms) {
            out.put(a, weight);
        }
        return out;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /**
     * The weight of {@code algorithm} in the provider's table.
     *
     * @throws UnsupportedAlgorithmException for an algorithm the table does not name
     */
    @Override
    public final int weight(Algorithm algorithm) {
        Integer w = weights.get(algorithm);
        if (w == null) {
            throw unsupported(algorithm);
        }
        return w;
    }

    /** Whether the weight table names {@code algorithm}. */
    protected final boolean hasWeight(Algorithm algorithm) {
        return weights.containsKey(algorithm);
    }

    /** The algorithms of the weight table, in {@link Algorithm#wellKnown()} order, less those in {@code missing}. */
    protected final Set<Algorithm> weightedExcept(Set<Algorithm> missing) {
        Set<Algorithm> out = new LinkedHashSet<>();
        for (Algorithm a : Algorithm.wellKnown()) {
            if (weights.containsKey(a) && !missing.contains(a)) {
                out.add(a);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The error for an algorithm this provider does not offer, naming what it does offer. */
    protected final UnsupportedAlgorithmException unsupported(Algorithm algorithm) {
        return new UnsupportedAlgorithmException("provider '" + name + "' does not implement " + algorithm
                + "; it offers " + algorithms());
    }
}
