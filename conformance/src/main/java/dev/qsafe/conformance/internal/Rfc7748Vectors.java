package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7748 section 5.2 X25519 data, through the raw function under DHKEM ({@link KeyAgreementSpi}):
 * an array of {@code {scalar, input, output}} known answers, or of {@code {times, key}} for the
 * iterated test (k = u = 9; then k, u = X25519(k, u), k). Iterations above {@value #MAX_ITERATIONS}
 * (the million-iteration case) take minutes per engine and are skipped with the reason.
 */
final class Rfc7748Vectors implements JsonFormat {
    /** The most iterations run; more take minutes per engine. */
    static final int MAX_ITERATIONS = 1000;
    private static final String X25519 = Algorithm.DHKEM_X25519.name();

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!root.isArray() || root.isEmpty()) {
            return null;
        }
        boolean knownAnswers = Fields.has(root.get(0), "scalar", "input", "output");
        if (!knownAnswers && !Fields.has(root.get(0), "times", "key")) {
            return null;
        }
        Plan plan = context.plan();
        List<JsonNode> cases = Fields.elements(root, "the top-level array");
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String id = "case " + (i + 1);
            Fields.at(id, () -> {
                if (knownAnswers) {
                    knownAnswer(plan, id, c);
                } else {
                    iterated(plan, c);
                }
            });
        }
        return new Recognised("RFC 7748 X25519 " + (knownAnswers ? "known answers" : "iterations"), "", plan);
    }

    private static void knownAnswer(Plan plan, String id, JsonNode c) {
        byte[] scalar = Fields.hex(c, "scalar");
        byte[] input = Fields.hex(c, "input");
        byte[] output = Fields.hex(c, "output");
        plan.add(X25519, plan.engines()::kem, VectorCase.of(id, Expectation.VALID, (KemSpi kem) -> equal("X25519(scalar, input)",
                output, WycheproofClassical.keyAgreement(kem).engineAgree(PrivateKey.of(kem.algorithm(), scalar), input))));
    }

    private static void iterated(Plan plan, JsonNode c) {
        int times = Fields.integer(c, "times");
        if (times < 0) {
            throw new MalformedVectorException("'times' must not be negative");
        }
        byte[] key = Fields.hex(c, "key");
        String id = "after " + times + " iterations";
        plan.add(X25519, plan.engines()::kem, times > MAX_ITERATIONS
                ? VectorCase.skipped(id, "more than " + MAX_ITERATIONS + " iterations take minutes per engine", SkipKind.ABSENT)
                : VectorCase.of(id, Expectation.VALID, (KemSpi kem) -> equal("k", key, iterate(kem, times))));
    }

    private static byte[] iterate(KemSpi kem, int times) {
        KeyAgreementSpi dh = WycheproofClassical.keyAgreement(kem);
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 0; i < times; i++) {
            byte[] next = dh.engineAgree(PrivateKey.of(kem.algorithm(), k), u);
            u = k;
            k = next;
        }
        return k;
    }
}
