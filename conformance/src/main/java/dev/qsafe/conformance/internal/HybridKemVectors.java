package dev.qsafe.conformance.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.KemSpi;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Seed-based hybrid KEM vectors, in the two schemas they come in; each entry is one case of key
 * generation, derandomized encapsulation and decapsulation ({@link KemChecks#knownAnswer}):
 * <ul>
 *   <li>draft-connolly-cfrg-xwing-kem: an array of {@code {seed, sk, pk, eseed, ct, ss}}, X-Wing;</li>
 *   <li>draft-irtf-cfrg-concrete-hybrid-kems: an object mapping each KEM's name to an array of
 *       {@code {seed, randomness, encapsulation_key, decapsulation_key, ciphertext, shared_secret}}.
 *       Names are matched without case and punctuation: {@code MLKEM768-X25519} and
 *       {@code QSF-X25519-MLKEM768-SHAKE256-SHA3256} are X-Wing (the draft defines them so); KEMs qsafe
 *       does not have (MLKEM768-P256, MLKEM1024-P384) are skipped with the reason.</li>
 * </ul>
 */
final class HybridKemVectors implements JsonFormat {
    /** Concrete hybrid KEM names (lower case, letters and digits only) that denote X-Wing. */
    private static final Set<String> X_WING_NAMES = Set.of("xwing", "mlkem768x25519", "qsfx25519mlkem768shake256sha3256");
    private static final List<String> CONCRETE_FIELDS = List.of("seed", "randomness", "encapsulation_key", "ciphertext", "shared_secret");

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (root.isArray() && !root.isEmpty() && Fields.has(root.get(0), "seed", "pk", "eseed", "ct", "ss")) {
            Plan plan = context.plan();
            List<JsonNode> entries = Fields.elements(root, "the top-level array");
            for (int i = 0; i < entries.size(); i++) {
                JsonNode e = entries.get(i);
                String id = "vector " + (i + 1);
                Fields.at(id, () -> add(plan, id, Fields.hex(e, "seed"), Fields.hex(e, "pk"), Fields.hexOrNull(e, "sk"),
                        Fields.hex(e, "eseed"), Fields.hex(e, "ct"), Fields.hex(e, "ss")));
            }
            return new Recognised("X-Wing (draft-connolly-cfrg-xwing-kem)", "", plan);
        }
        if (!root.isObject() || root.properties().stream().noneMatch(HybridKemVectors::isConcreteList)) {
            return null;
        }
        Plan plan = context.plan();
        for (Map.Entry<String, JsonNode> kem : root.properties()) {
            if (!kem.getValue().isArray()) {
                continue;
            }
            List<JsonNode> entries = Fields.elements(kem.getValue(), "'" + kem.getKey() + "'");
            String normalised = kem.getKey().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (!X_WING_NAMES.contains(normalised)) {
                plan.skip(kem.getKey(), Engines.unknown(kem.getKey()), Absent.kindOf(kem.getKey()), entries.size());
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                JsonNode e = entries.get(i);
                String id = kem.getKey() + " vector " + (i + 1);
                Fields.at(id, () -> add(plan, id, Fields.hex(e, "seed"), Fields.hex(e, "encapsulation_key"),
                        Fields.hexOrNull(e, "decapsulation_key"), Fields.hex(e, "randomness"), Fields.hex(e, "ciphertext"),
                        Fields.hex(e, "shared_secret")));
            }
        }
        return new Recognised("CFRG concrete hybrid KEMs (draft-irtf-cfrg-concrete-hybrid-kems)", "", plan);
    }

    private static boolean isConcreteList(Map.Entry<String, JsonNode> e) {
        JsonNode v = e.getValue();
        return v.isArray() && !v.isEmpty() && Fields.has(v.get(0), CONCRETE_FIELDS.toArray(String[]::new));
    }

    private static void add(Plan plan, String id, byte[] seed, byte[] ek, byte[] dk, byte[] randomness, byte[] c, byte[] k) {
        plan.add(Algorithm.X_WING.name(), plan.engines()::kem, VectorCase.of(id, Expectation.VALID,
                (KemSpi kem) -> KemChecks.knownAnswer(kem, seed, ek, dk, randomness, c, k)));
    }
}
