package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A provider's self-tests, one per algorithm, each run when the algorithm's engine is first asked for and
 * remembered for the provider instance (never across processes): the outcome is {@link #PASSED} or why
 * the test failed. A provider hands out no engine before its algorithm's test passed, and names the
 * failed ones in its availability; {@code provider-hwaccel} and {@code jdk-pqc} share this one memo.
 */
public final class SelfTests {
    /** The outcome of a test that passed. */
    public static final String PASSED = "";

    private final Map<Algorithm, String> outcomes = new ConcurrentHashMap<>();

    /**
     * {@code algorithm}'s outcome, running {@code test} first if it has not run yet (once, whatever the
     * number of threads asking): {@link #PASSED} or why it failed.
     *
     * @param test runs the test and returns {@link #PASSED} or the reason it failed
     */
    public String run(Algorithm algorithm, Supplier<String> test) {
        String r = outcomes.get(algorithm);
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = outcomes.get(algorithm);
            if (r == null) {
                r = Objects.requireNonNull(test.get(), "a self-test's outcome");
                outcomes.put(algorithm, r);
            }
        }
        return r;
    }

    /** The algorithms tested so far, passed or failed. */
    public Set<Algorithm> tested() {
        return Set.copyOf(outcomes.keySet());
    }

    /** The algorithms whose test failed so far, with the reason, in name order. */
    public Map<Algorithm, String> failed() {
        Map<Algorithm, String> out = new TreeMap<>(Comparator.comparing(Algorithm::name));
        outcomes.forEach((a, r) -> {
            if (!r.equals(PASSED)) {
                out.put(a, r);
            }
        });
        return out;
    }
}
