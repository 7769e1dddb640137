package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.PolicyViolationException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A named policy profile: a closed set of rules a platform team turns on in one line
 * ({@code QSafeConfig.defaults().withProfile("cnsa2")}, {@code "profile": "fips"} in the configuration file,
 * {@code -Dqsafe.profile=hybrid-min}, {@code qsafe --profile hybrid-min ...}). The registry applies the active
 * profile to every engine it hands out to a caller ({@link CryptoRegistry#kem(Algorithm)} and the other
 * look-ups), so key generation, key import (which derives and checks the public key), seal, open, sign and
 * verify are refused for an algorithm the profile does not admit, whichever provider, qsafe's own or a
 * third party's, implements it. A composing provider's own look-ups of its components (X-Wing's ML-KEM-768
 * and X25519) are not refused: the profile judges the algorithm the caller asked for.
 *
 * <p>Each rule has an id ({@code cnsa2.kem}) and one sentence with its source; a refusal is a
 * {@link PolicyViolationException} naming the algorithm, the profile and the rule. docs/POLICY.md gives the
 * rules, their sources and what each profile leaves usable.
 *
 * @since 0.4.0
 */
public enum Profile {
    /**
     * NSA CNSA 2.0 (Commercial National Security Algorithm Suite 2.0, September 2022, FAQ of December 2024):
     * ML-KEM-1024, ML-DSA-87, AES-256, SHA-384 or SHA-512. The built-in suite it admits is {@code pqc-cnsa2-v1}
     * (ML-KEM-1024, ML-DSA-87, AES-256-GCM, HKDF-SHA384), which the configuration uses for PQC (and PQC as the
     * default mode) under this profile; the suites that derive with HKDF-SHA256 are refused.
     */
    CNSA2("cnsa2", Map.of(
            AlgorithmKind.KEM, rule("cnsa2.kem", "CNSA 2.0 key establishment is ML-KEM-1024 only", "ML-KEM-1024"),
            AlgorithmKind.SIGNATURE, rule("cnsa2.signature",
                    "CNSA 2.0 signatures are ML-DSA-87 only (LMS and XMSS only for firmware, which qsafe does not sign)",
                    "ML-DSA-87"),
            AlgorithmKind.AEAD, rule("cnsa2.aead", "CNSA 2.0 symmetric encryption is AES-256 only", "AES-256-GCM"),
            AlgorithmKind.KDF, rule("cnsa2.kdf", "CNSA 2.0 hashing is SHA-384 or SHA-512, so HKDF over SHA-384 or SHA-512 only",
                    "HKDF-SHA384", "HKDF-SHA512"))),
    /**
     * Only algorithms NIST approves, each as a whole: ML-KEM (FIPS 203), ML-DSA (FIPS 204), SLH-DSA (FIPS 205),
     * Ed25519 (FIPS 186-5 section 7, EdDSA), AES-GCM (SP 800-38D), HKDF (SP 800-56C Rev. 2), SHAKE (FIPS 202),
     * PBKDF2 with HMAC-SHA-512 (SP 800-132: passphrase-protected identity files, chosen when they are written).
     * Refused: X25519 key establishment (not a scheme of SP 800-56A Rev. 3), X-Wing (its ML-KEM half is approved,
     * the whole is not: no NIST standard specifies it), the composite ML-DSA + Ed25519 signatures (an IETF draft),
     * ChaCha20-Poly1305 and Argon2id (not NIST-approved).
     */
    FIPS("fips", Map.of(
            AlgorithmKind.KEM, rule("fips.kem", "FIPS key establishment is ML-KEM (FIPS 203); X25519 is not an SP 800-56A Rev. 3"
                    + " scheme and X-Wing as a whole is specified by no NIST standard", "ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"),
            AlgorithmKind.SIGNATURE, rule("fips.signature", "FIPS signatures are ML-DSA (FIPS 204), SLH-DSA (FIPS 205) and"
                    + " Ed25519 (FIPS 186-5 section 7); composite ML-DSA + Ed25519 is an IETF draft, not a NIST-approved scheme",
                    "ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "SLH-DSA-SHA2-128s", "SLH-DSA-SHA2-128f", "Ed25519"),
            AlgorithmKind.AEAD, rule("fips.aead", "FIPS authenticated encryption is AES-GCM (SP 800-38D); ChaCha20-Poly1305"
                    + " is not NIST-approved", "AES-128-GCM", "AES-256-GCM"),
            AlgorithmKind.KDF, rule("fips.kdf", "FIPS key derivation here is HKDF with SHA-2 (SP 800-56C Rev. 2)",
                    "HKDF-SHA256", "HKDF-SHA384", "HKDF-SHA512"),
            AlgorithmKind.XOF, rule("fips.xof", "FIPS extendable-output functions are SHAKE128 and SHAKE256 (FIPS 202)",
                    "SHAKE128", "SHAKE256"),
            AlgorithmKind.PASSWORD_KDF, rule("fips.password-kdf", "FIPS password-based key derivation is PBKDF2"
                    + " (SP 800-132), here with HMAC-SHA-512; Argon2id (RFC 9106) is not NIST-approved",
                    "PBKDF2-HMAC-SHA512"))),
    /**
     * Never below HYBRID: no classical-only KEM or signature (NIST category 0: X25519, Ed25519), an AEAD with a
     * 256-bit key, a KDF of category 2 or more; the rules of mode HYBRID and PQC, applied per algorithm. Also
     * refuses opening envelopes sealed in CLASSICAL mode: opening trusts their Ed25519 sender signature, which a
     * quantum adversary can forge (re-wrap old envelopes with the profile off, docs/POLICY.md).
     */
    HYBRID_MIN("hybrid-min", Map.of(
            AlgorithmKind.KEM, new Rule("hybrid-min.kem", "never below HYBRID: a KEM must be hybrid or post-quantum"
                    + " (NIST category 1 or more), not classical-only", Set.of(), 1),
            AlgorithmKind.SIGNATURE, new Rule("hybrid-min.signature", "never below HYBRID: a signature must be hybrid or"
                    + " post-quantum (NIST category 1 or more), not classical-only", Set.of(), 1),
            AlgorithmKind.AEAD, new Rule("hybrid-min.aead", "never below HYBRID: an AEAD needs a 256-bit key (NIST category 5)",
                    Set.of(), 5),
            AlgorithmKind.KDF, new Rule("hybrid-min.kdf", "never below HYBRID: a KDF of NIST category 2 or more", Set.of(), 2)));

    /** The property naming the active profile. */
    public static final String PROPERTY = "qsafe.profile";
    /** As a profile name: no profile (to turn off, with a reported relaxation, a profile a file set). */
    public static final String NONE = "none";

    /**
     * One rule of a profile, for one kind of algorithm.
     *
     * @param id          stable id, {@code profile.kind}, e.g. {@code cnsa2.kem}
     * @param description the rule and its source, one sentence
     * @param allowed     for a rule by name, the algorithm names it admits (upper case; may be empty: it admits
     *                    nothing); empty for a rule by category
     * @param minCategory for a rule by category, the least NIST category admitted; -1 for a rule by name
     * @since 0.4.0
     */
    public record Rule(String id, String description, Set<String> allowed, int minCategory) {
        /** Copies. */
        public Rule {
            allowed = Set.copyOf(allowed);
        }

        /** Whether the rule admits {@code algorithm}. */
        public boolean admits(Algorithm algorithm) {
            return byName() ? allowed.contains(algorithm.name().toUpperCase(Locale.ROOT))
                    : algorithm.nistCategory() >= minCategory;
        }

        /** Whether the rule admits algorithms by name ({@link #allowed()}) rather than by NIST category. */
        public boolean byName() {
            return minCategory < 0;
        }

        /** The rule as one line: id, sentence, and what it admits. */
        @Override
        public String toString() {
            return id + ": " + description + (byName() ? " (admits " + allowed.stream().sorted().toList() + ")"
                    : " (NIST category " + minCategory + " or more)");
        }
    }

    private final String id;
    private final Map<AlgorithmKind, Rule> rules;

    Profile(String id, Map<AlgorithmKind, Rule> rules) {
        this.id = id;
        this.rules = new EnumMap<>(rules);
    }

    private static Rule rule(String id, String description, String... allowed) {
        return new Rule(id, description, Set.copyOf(Arrays.stream(allowed).map(s -> s.toUpperCase(Locale.ROOT)).toList()), -1);
    }

    /** The name used in configuration, properties and the CLI, e.g. {@code hybrid-min}. */
    public String id() {
        return id;
    }

    /** The rules, one per kind of algorithm the profile restricts; kinds without a rule are not restricted. */
    public List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    /** The rule that refuses {@code algorithm}, if any. */
    public Optional<Rule> refusal(Algorithm algorithm) {
        Rule r = rules.get(algorithm.kind());
        return r == null || r.admits(algorithm) ? Optional.empty() : Optional.of(r);
    }

    /**
     * Refuses an algorithm the profile does not admit.
     *
     * @throws PolicyViolationException naming the algorithm, the profile and the rule
     */
    public void check(Algorithm algorithm) {
        refusal(algorithm).ifPresent(r -> {
            throw new PolicyViolationException(algorithm.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                    + algorithm.name() + " is refused by policy profile " + id + ", rule " + r.id() + ": " + r.description()
                    + (r.byName() && !r.allowed().isEmpty() ? " (admits " + r.allowed().stream().sorted().toList() + ")" : ""));
        });
    }

    /**
     * The profile of this name (case-insensitive), or empty for {@value #NONE}.
     *
     * @param source what to name in the error, e.g. a property or a field
     * @throws ConfigurationException listing the profiles if the name is none of them
     */
    public static Optional<Profile> parse(String name, String source) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(NONE)) {
            return Optional.empty();
        }
        for (Profile p : values()) {
            if (p.id.equals(n)) {
                return Optional.of(p);
            }
        }
        throw new ConfigurationException(source + ": unknown policy profile '" + name + "': use one of "
                + Arrays.stream(values()).map(Profile::id).toList() + " or " + NONE);
    }

    @Override
    public String toString() {
        return id;
    }
}
