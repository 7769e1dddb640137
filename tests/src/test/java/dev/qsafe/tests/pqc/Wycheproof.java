package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.QSafeException;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import tools.jackson.databind.JsonNode;

/**
 * Runs a Wycheproof file ({@code testGroups[].tests[]} with {@code tcId, comment, flags, result}) against
 * every engine of an algorithm: one dynamic container per engine, one dynamic test per case.
 *
 * <p>Outcomes: a {@code valid} case must pass the check (which compares outputs exactly); an
 * {@code invalid} case must fail with a {@link QSafeException} (any other throwable, a wrong output
 * included, fails the test), whose type the suite may check further; an {@code acceptable} case may
 * do either. Skipped cases are reported as skipped (aborted) tests with their reason.
 *
 * <p>Tests are named {@code "<file> [<engine>] #<tcId> <result>: <comment>"}; counts are printed as
 * {@link VectorCases} describes.
 *
 * @param <E> the engine type
 */
final class Wycheproof<E> {
    /** One test case and its group. */
    record Case(JsonNode group, JsonNode test) {
        /** The case id. */
        int tcId() {
            return test.get("tcId").asInt();
        }

        /** {@code valid}, {@code invalid} or {@code acceptable}. */
        String result() {
            return test.get("result").asString();
        }

        /** The comment, or an empty string. */
        String comment() {
            return test.has("comment") ? test.get("comment").asString() : "";
        }

        /** The flags. */
        List<String> flags() {
            List<String> flags = new ArrayList<>();
            if (test.has("flags")) {
                test.get("flags").forEach(f -> flags.add(f.asString()));
            }
            return flags;
        }

        /** Whether the test has {@code field}. */
        boolean has(String field) {
            return test.has(field) && !test.get(field).isNull();
        }

        /** The hex field of the test, empty if absent. */
        byte[] hex(String field) {
            return Vectors.hex(test, field);
        }

        /** Whether the group has {@code field}. */
        boolean groupHas(String field) {
            return group.has(field) && !group.get(field).isNull();
        }

        /** The hex field of the group, empty if absent. */
        byte[] groupHex(String field) {
            return Vectors.hex(group, field);
        }
    }

    /** What a case checks, with one engine. */
    @FunctionalInterface
    interface Check<E> {
        /** Runs the case; returns normally only if every output matched. */
        void run(E engine, Case c) throws Throwable;
    }

    private final String file;
    private final Algorithm algorithm;
    private final BiFunction<Algorithm, String, E> engines;
    private final Check<E> check;
    private Function<Case, String> skip = c -> null;
    private Map<String, Class<? extends QSafeException>> rejectionByFlag = Map.of();
    private Class<? extends QSafeException> defaultRejection = QSafeException.class;

    private Wycheproof(String file, Algorithm algorithm, BiFunction<Algorithm, String, E> engines, Check<E> check) {
        this.file = file;
        this.algorithm = algorithm;
        this.engines = engines;
        this.check = check;
    }

    /**
     * A suite for {@code wycheproof/<file>.json.gz} (or {@code .json}) and {@code algorithm}.
     *
     * @param engines how to get the engine of a named provider
     */
    static <E> Wycheproof<E> of(String file, Algorithm algorithm, BiFunction<Algorithm, String, E> engines,
                                Check<E> check) {
        return new Wycheproof<>(file, algorithm, engines, check);
    }

    /** Skips the cases for which {@code reason} returns a reason (not {@code null}). */
    Wycheproof<E> skip(Function<Case, String> reason) {
        Function<Case, String> before = skip;
        this.skip = c -> {
            String earlier = before.apply(c);
            return earlier != null ? earlier : reason.apply(c);
        };
        return this;
    }

    /**
     * Requires rejections to be of a given type: the type of the first flag of the case found in
     * {@code byFlag}, else {@code otherwise}.
     */
    Wycheproof<E> rejectWith(Map<String, Class<? extends QSafeException>> byFlag, Class<? extends QSafeException> otherwise) {
        this.rejectionByFlag = byFlag;
        this.defaultRejection = otherwise;
        return this;
    }

    /** The dynamic tests: one container per discovered engine of the algorithm. */
    Stream<DynamicNode> tests() {
        List<String> providers = PqcEngines.providersOf(algorithm);
        JsonNode root = load();
        List<Case> cases = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                cases.add(new Case(group, test));
            }
        }
        if (cases.isEmpty()) {
            fail(file + " has no test cases");
        }
        return providers.stream().map(provider -> {
            E engine = engines.apply(algorithm, provider);
            return VectorCases.container("wycheproof", file, provider, cases,
                    c -> "#" + c.tcId() + " " + c.result() + ": " + c.comment(), this::skipReason, c -> runCase(engine, c));
        });
    }

    private JsonNode load() {
        String base = "wycheproof/" + file + ".json";
        try {
            return Vectors.json(base + ".gz");
        } catch (IllegalStateException gzMissing) {
            return Vectors.json(base);
        }
    }

    private String skipReason(Case c) {
        if (c.group().has("parameterSet") && !algorithm.name().equals(c.group().get("parameterSet").asString())) {
            return "parameter set " + c.group().get("parameterSet").asString() + " is not " + algorithm;
        }
        return skip.apply(c);
    }

    private void runCase(E engine, Case c) throws Throwable {
        switch (c.result()) {
            case "valid" -> check.run(engine, c);
            case "invalid" -> assertRejection(c, assertThrows(QSafeException.class, () -> check.run(engine, c),
                    "invalid case was accepted"));
            case "acceptable" -> {
                try {
                    check.run(engine, c);
                } catch (QSafeException e) {
                    assertRejection(c, e);
                }
            }
            default -> fail("unknown result '" + c.result() + "'");
        }
    }

    private void assertRejection(Case c, QSafeException e) {
        Class<? extends QSafeException> expected = c.flags().stream().filter(rejectionByFlag::containsKey)
                .map(rejectionByFlag::get).findFirst().orElse(defaultRejection);
        assertInstanceOf(expected, e, () -> "rejected with the wrong exception type: " + e);
    }
}
