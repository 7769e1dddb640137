package dev.qsafe.conformance.internal;

import dev.qsafe.api.QSafeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Project Wycheproof files: an object with {@code algorithm}, {@code schema} and
 * {@code testGroups[].tests[]}, each test with {@code tcId}, {@code result} (valid, invalid,
 * acceptable) and {@code flags}. The {@code schema} (without {@code .json} and a {@code _v1} suffix)
 * selects the family; files of other schemas are recognised and their cases skipped with the reason.
 */
final class Wycheproof implements JsonFormat {
    /** Parses one test of a schema into the plan. */
    @FunctionalInterface
    interface Family {
        void parse(String algorithm, Test test, Plan plan);
    }

    private static final Map<String, Family> FAMILIES = Map.ofEntries(
            Map.entry("aead_test_schema", WycheproofClassical::aead),
            Map.entry("xdh_comp_schema", WycheproofClassical::xdh),
            Map.entry("eddsa_verify_schema", WycheproofClassical::eddsaVerify),
            Map.entry("hkdf_test_schema", WycheproofClassical::hkdf),
            Map.entry("mac_test_schema", WycheproofClassical::mac),
            Map.entry("mlkem_test_schema", WycheproofPqc::mlKem),
            Map.entry("mlkem_encaps_test_schema", WycheproofPqc::mlKemEncaps),
            Map.entry("mlkem_keygen_seed_test_schema", WycheproofPqc::mlKemKeyGen),
            Map.entry("mlkem_semi_expanded_decaps_test_schema", WycheproofPqc::mlKemExpandedDecaps),
            Map.entry("mldsa_sign_seed_schema", WycheproofPqc::mlDsaSignSeed),
            Map.entry("mldsa_sign_noseed_schema", WycheproofPqc::mlDsaSignNoSeed),
            Map.entry("mldsa_verify_schema", WycheproofPqc::mlDsaVerify));

    /** One test and its group, with the fields every Wycheproof test has. */
    record Test(JsonNode group, JsonNode test, int tcId, String result, List<String> flags) {
        /** {@code tcId N (result, flags)}. */
        String id() {
            return "tcId " + tcId + " (" + result + (flags.isEmpty() ? "" : ", " + String.join(", ", flags)) + ")";
        }

        /** The expectation of the result, a rejection being of type {@code rejection}. */
        Expectation expect(Class<? extends QSafeException> rejection) {
            return Expectation.wycheproof(result, rejection);
        }

        /** The expectation of the result, a rejection being of the type of the first flag in {@code byFlag}, else {@code otherwise}. */
        Expectation expect(Map<String, Class<? extends QSafeException>> byFlag, Class<? extends QSafeException> otherwise) {
            return expect(flags.stream().filter(byFlag::containsKey).map(byFlag::get).findFirst().orElse(otherwise));
        }

        /** The test's hex field. */
        byte[] hex(String field) {
            return Fields.hex(test, field);
        }

        /** The test's hex field, or {@code null} if absent. */
        byte[] hexOrNull(String field) {
            return Fields.hexOrNull(test, field);
        }

        /** The test's hex field, or empty if absent. */
        byte[] hexOrEmpty(String field) {
            return Fields.hexOrEmpty(test, field);
        }

        /** The group's {@code parameterSet}, or {@code otherwise}. */
        String parameterSet(String otherwise) {
            return Fields.text(group, "parameterSet", otherwise);
        }
    }

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!Fields.has(root, "schema", "testGroups") || root.has("vsId")) {
            return null;
        }
        String schema = schema(Fields.text(root, "schema"));
        String algorithm = Fields.text(root, "algorithm", "?");
        List<Test> tests = new ArrayList<>();
        for (JsonNode group : Fields.objects(root, "testGroups")) {
            for (JsonNode test : Fields.objects(group, "tests")) {
                tests.add(test(group, test));
            }
        }
        Plan plan = context.plan();
        String format = "Wycheproof " + schema + " (" + algorithm + ")";
        Family family = FAMILIES.get(schema);
        if (family == null) {
            plan.skip(algorithm, "Wycheproof schema " + schema + " is not one this runner supports",
                    Absent.wycheproofSchema(schema) ? SkipKind.ABSENT : SkipKind.OTHER, tests.size());
            return new Recognised(format, "schema not supported: cases skipped", plan);
        }
        for (Test t : tests) {
            Fields.at(t.id(), () -> family.parse(algorithm, t, plan));
        }
        return new Recognised(format, "", plan);
    }

    private static Test test(JsonNode group, JsonNode test) {
        return new Test(group, test, Fields.integer(test, "tcId"), Fields.text(test, "result"), Fields.strings(test, "flags"));
    }

    /** {@code mlkem_test_schema_v1.json} -> {@code mlkem_test_schema}. */
    private static String schema(String name) {
        return name.replaceFirst("\\.json$", "").replaceFirst("_v\\d+$", "");
    }
}
