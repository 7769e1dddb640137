package dev.qsafe.conformance.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Ed25519 edge cases of C2SP CCTV (c2sp.org/CCTV/ed25519, {@code ed25519vectors.json}): an array of
 * {@code {number, key, sig, msg, flags}}, the key and signature in hex, the message plain text (its
 * UTF-8 bytes are signed). The file gives no verdict, only flags saying which edge cases a vector
 * exercises; the expected outcome is qsafe's Ed25519 verification rule (docs/PROVIDERS.md, "Ed25519
 * verification rule") applied to the flags:
 * <ul>
 *   <li>{@code low_order_A} or {@code non_canonical_A}: refused with {@link InvalidKeyException};</li>
 *   <li>otherwise {@code low_order_R} or {@code non_canonical_R}: refused with {@link InvalidSignatureException};</li>
 *   <li>otherwise {@code low_order_residue} (mixed-order points whose small-order parts do not cancel, which
 *       only the cofactored equation accepts): refused with {@link InvalidSignatureException}, since the
 *       rule fixes the cofactorless equation on every engine;</li>
 *   <li>otherwise (no flag, or only {@code low_order_component_A}/{@code low_order_component_R}): verifies.</li>
 * </ul>
 * {@code reencoded_k} comes only with a non-canonical point, so the first two lines decide it. A flag not
 * in the README makes the file malformed, so that a new kind of edge case is looked at rather than run
 * under a guessed expectation.
 */
final class CctvEd25519Vectors implements JsonFormat {
    private static final byte[] NO_CONTEXT = new byte[0];
    private static final Set<String> FLAGS = Set.of("low_order_A", "low_order_R", "non_canonical_A", "non_canonical_R",
            "low_order_component_A", "low_order_component_R", "low_order_residue", "reencoded_k");

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!root.isArray() || root.isEmpty() || !Fields.has(root.get(0), "number", "key", "sig", "msg")
                || !root.get(0).has("flags")) {
            return null;
        }
        Plan plan = context.plan();
        List<JsonNode> cases = Fields.elements(root, "the top-level array");
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            Fields.at("case " + (i + 1), () -> add(plan, c));
        }
        return new Recognised("C2SP CCTV Ed25519 edge cases (expected outcomes from qsafe's Ed25519 rule)", "", plan);
    }

    private static void add(Plan plan, JsonNode c) {
        int number = Fields.integer(c, "number");
        byte[] key = fixed(Fields.hex(c, "key"), "key", Algorithm.ED25519.publicKeySize());
        byte[] sig = fixed(Fields.hex(c, "sig"), "sig", Algorithm.ED25519.signatureSize());
        byte[] msg = Fields.text(c, "msg").getBytes(StandardCharsets.UTF_8);
        List<String> flags = Fields.strings(c, "flags");
        for (String flag : flags) {
            if (!FLAGS.contains(flag)) {
                throw new MalformedVectorException("flag '" + flag + "' is not one of " + FLAGS.stream().sorted().toList());
            }
        }
        plan.add(Algorithm.ED25519.name(), plan.engines()::signature, VectorCase.of("number " + number + " " + flags,
                expectation(Set.copyOf(flags)), (SignatureSpi dsa) -> SignatureChecks.verify(dsa, key, msg, sig, NO_CONTEXT)));
    }

    /** qsafe's Ed25519 rule on a vector's flags (see the class comment). */
    static Expectation expectation(Set<String> flags) {
        if (flags.contains("low_order_A") || flags.contains("non_canonical_A")) {
            return Expectation.invalid(InvalidKeyException.class);
        }
        if (flags.contains("low_order_R") || flags.contains("non_canonical_R")) {
            return Expectation.invalid(InvalidSignatureException.class);
        }
        if (flags.contains("low_order_residue")) {
            return Expectation.invalid(InvalidSignatureException.class);
        }
        return Expectation.VALID;
    }

    private static byte[] fixed(byte[] value, String field, int length) {
        if (value.length != length) {
            throw new MalformedVectorException("field '" + field + "' must be " + length + " bytes, got " + value.length);
        }
        return value;
    }
}
