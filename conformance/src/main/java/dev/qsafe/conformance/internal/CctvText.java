package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.concat;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.KemSpi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text ML-KEM vectors of C2SP CCTV (c2sp.org/CCTV/ML-KEM), in the two layouts they come in:
 * <ul>
 *   <li>one value per line, {@code name = hex} ({@code intermediate/}, {@code unluckysample/},
 *       {@code strcmp/}; intermediate lines may carry decimal forms before the hex, as in
 *       {@code A[0, 0] = {...} = hex}), or {@code Name: hex} ({@code pq-crystals/}). The values used are
 *       {@code d}, {@code z} (or {@code Coins} = d || z), {@code ek} ({@code Public Key}), {@code dk}
 *       ({@code Secret Key}), {@code m} ({@code Message}), {@code c} ({@code Ciphertext}), {@code K}
 *       ({@code Shared Secret A}), and the pseudorandom ciphertext and its implicit-rejection secret;
 *       the others (the intermediate values) are ignored. Cases: key generation, encapsulation,
 *       decapsulation and implicit rejection, as far as the values present allow;</li>
 *   <li>one bare hex encapsulation key per line ({@code modulus/}): keys with a coefficient not reduced
 *       mod q, each of which encapsulation must refuse with {@link InvalidKeyException}.</li>
 * </ul>
 * The parameter set follows from the lengths of ek, dk or the ciphertext.
 */
final class CctvText {
    /** A parameter set's sizes: encapsulation key, expanded decapsulation key, ciphertext. */
    private record Sizes(Algorithm algorithm, int ek, int dk, int c) {
    }

    private static final List<Sizes> SIZES = List.of(
            new Sizes(Algorithm.ML_KEM_512, 800, 1632, 768),
            new Sizes(Algorithm.ML_KEM_768, 1184, 2400, 1088),
            new Sizes(Algorithm.ML_KEM_1024, 1568, 3168, 1568));

    /** Names of the pq-crystals layout, mapped to those of the intermediate layout. */
    private static final Map<String, String> ALIASES = Map.of(
            "Coins", "coins", "Public Key", "ek", "Secret Key", "dk", "Message", "m", "Ciphertext", "c",
            "Shared Secret A", "K", "Pseudorandom Ciphertext", "c'", "Pseudorandom shared Secret A", "K'");

    private CctvText() {
    }

    /** The parsed file if {@code lines} are in one of the layouts, else {@code null}. */
    static Recognised recognise(List<String> lines, Context context) {
        List<String> content = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (content.isEmpty()) {
            return null;
        }
        if (content.stream().allMatch(CctvText::isHex)) {
            return invalidKeys(content, context);
        }
        Map<String, byte[]> values = values(content);
        byte[] ek = values.get("ek");
        byte[] dk = values.get("dk");
        byte[] c = values.get("c");
        Optional<Algorithm> algorithm = SIZES.stream().filter(s -> ek != null ? ek.length == s.ek()
                : dk != null ? dk.length == s.dk() : c != null && c.length == s.c()).map(Sizes::algorithm).findFirst();
        Plan plan = context.plan();
        if (algorithm.isPresent()) {
            addCases(plan, algorithm.get().name(), values);
        }
        return plan.isEmpty() ? null : new Recognised("C2SP CCTV ML-KEM (name = value text)", "", plan);
    }

    private static void addCases(Plan plan, String algorithm, Map<String, byte[]> v) {
        byte[] seed = v.containsKey("d") && v.containsKey("z") ? concat(v.get("d"), v.get("z")) : v.get("coins");
        byte[] ek = v.get("ek");
        byte[] dk = v.get("dk");
        if (seed != null && ek != null) {
            Fips203Draft.check(plan, seed, ek);
            plan.add(algorithm, plan.engines()::kem, VectorCase.of("key generation", Expectation.VALID,
                    (KemSpi kem) -> KemChecks.keyGen(kem, seed, ek, dk)));
        }
        if (ek != null && v.containsKey("m") && v.containsKey("c") && v.containsKey("K")) {
            plan.add(algorithm, plan.engines()::kem, VectorCase.of("encapsulation", Expectation.VALID,
                    (KemSpi kem) -> KemChecks.encaps(kem, ek, v.get("m"), v.get("c"), v.get("K"))));
        }
        if (dk != null && v.containsKey("c") && v.containsKey("K")) {
            plan.add(algorithm, plan.engines()::kem, VectorCase.of("decapsulation", Expectation.VALID,
                    (KemSpi kem) -> KemChecks.decaps(kem, dk, v.get("c"), v.get("K"))));
        }
        if (dk != null && v.containsKey("c'") && v.containsKey("K'")) {
            plan.add(algorithm, plan.engines()::kem, VectorCase.of("implicit rejection", Expectation.VALID,
                    (KemSpi kem) -> KemChecks.decaps(kem, dk, v.get("c'"), v.get("K'"))));
        }
    }

    /** The hex values of {@code name = ... = hex} and {@code Name: hex} lines; other lines are ignored. */
    private static Map<String, byte[]> values(List<String> lines) {
        Map<String, byte[]> values = new HashMap<>();
        for (String line : lines) {
            int equals = line.indexOf(" = ");
            int colon = line.indexOf(": ");
            String name;
            String value;
            if (equals > 0) {
                name = line.substring(0, equals);
                value = line.substring(line.lastIndexOf(" = ") + 3);
            } else if (colon > 0) {
                name = ALIASES.get(line.substring(0, colon));
                value = line.substring(colon + 2);
            } else {
                continue;
            }
            if (name != null && isHex(value)) {
                values.putIfAbsent(name, Fields.hex(value, name));
            }
        }
        return values;
    }

    /** The modulus layout: every line an encapsulation key that must be refused. */
    private static Recognised invalidKeys(List<String> lines, Context context) {
        Plan plan = context.plan();
        for (int i = 0; i < lines.size(); i++) {
            byte[] ek = Fields.hex(lines.get(i), "line " + (i + 1));
            Optional<Algorithm> algorithm = SIZES.stream().filter(s -> s.ek() == ek.length).map(Sizes::algorithm).findFirst();
            if (algorithm.isEmpty()) {
                return null;
            }
            plan.add(algorithm.get().name(), plan.engines()::kem, VectorCase.of("line " + (i + 1),
                    Expectation.invalid(InvalidKeyException.class),
                    (KemSpi kem) -> kem.encapsulate(PublicKey.of(kem.algorithm(), ek))));
        }
        return new Recognised("C2SP CCTV ML-KEM (invalid encapsulation keys, one per line)", "", plan);
    }

    private static boolean isHex(String s) {
        if (s.isEmpty() || s.length() % 2 != 0 || s.length() > Fields.MAX_ENCODED_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
