package dev.qsafe.conformance.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What published vector files contain and qsafe deliberately does not implement (docs/VECTORS.md,
 * "Documented absences"): cases of these are skipped as {@link SkipKind#ABSENT}. A name that qsafe
 * neither knows nor lists here (a misspelt parameter set or schema) is not an absence: a file whose
 * every case is skipped for it fails the run.
 */
final class Absent {
    /** Algorithm names (compared without case) of the standards qsafe implements parts of. */
    private static final List<Pattern> ALGORITHMS = List.of(
            // Wycheproof AES-GCM with 192-bit keys
            Pattern.compile("AES-192-GCM"),
            // FIPS 205 parameter sets (qsafe has SLH-DSA-SHA2-128s and -128f)
            Pattern.compile("SLH-DSA-(SHA2|SHAKE)-(128|192|256)[SF]"),
            // draft-ietf-lamps-pq-composite-sigs pairings with RSA, ECDSA and Ed448
            Pattern.compile("MLDSA(44|65|87)-(RSA(2048|3072|4096)-(PSS|PKCS15)|ECDSA-(P256|P384|P521|BRAINPOOLP256R1"
                    + "|BRAINPOOLP384R1)|ED448)-(SHA256|SHA512|SHAKE256)"),
            // draft-irtf-cfrg-concrete-hybrid-kems and draft-ietf-hpke-pq hybrids with NIST curves
            Pattern.compile("MLKEM768-P256|MLKEM1024-P384|QSF-P256-MLKEM768-SHAKE256-SHA3256|QSF-P384-MLKEM1024-SHAKE256-SHA3256"),
            // Wycheproof curves of the XDH and EdDSA schemas other than Curve25519
            Pattern.compile("CURVE448|EDWARDS448|ED448|X448|SECP\\d+[RK]1|BRAINPOOLP\\d+[RT]1"),
            // Wycheproof MACs other than HMAC-SHA256
            Pattern.compile("HMACSHA(1|224|384|512|512/224|512/256|3-224|3-256|3-384|3-512)"));

    /** HPKE KEM ids of RFC 9180 and draft-ietf-hpke-pq that qsafe lacks: DHKEM P-256/384/521, X448, ML-KEM + NIST curves. */
    private static final Set<Integer> HPKE_KEMS = Set.of(0x0010, 0x0011, 0x0012, 0x0021, 0x0050, 0x0051);
    /** HPKE KDF ids qsafe lacks: HKDF-SHA512, the SHAKE and TurboSHAKE single-stage KDFs. */
    private static final Set<Integer> HPKE_KDFS = Set.of(0x0003, 0x0010, 0x0011, 0x0012, 0x0013);

    /** Project Wycheproof schemas of algorithms qsafe does not have (the ones it has are run). */
    private static final Set<String> WYCHEPROOF_SCHEMAS = Set.of(
            "daead_test_schema", "dsa_verify_schema", "dsa_p1363_verify_schema", "ecdh_test_schema",
            "ecdh_ecpoint_test_schema", "ecdh_pem_test_schema", "ecdh_webcrypto_test_schema", "ecdsa_verify_schema",
            "ecdsa_p1363_verify_schema", "ecdsa_bitcoin_verify_schema", "ind_cpa_test_schema", "keywrap_test_schema",
            "mac_with_iv_test_schema", "pbkdf_test_schema", "primality_test_schema", "rsaes_oaep_decrypt_schema",
            "rsaes_pkcs1_decrypt_schema", "rsassa_pkcs1_generate_schema", "rsassa_pkcs1_verify_schema",
            "rsassa_pss_verify_schema", "rsassa_pss_with_parameters_verify_schema", "xdh_asn_comp_schema",
            "xdh_jwk_comp_schema", "xdh_pem_comp_schema", "json_web_crypto_schema", "json_web_key_schema",
            "json_web_signature_schema", "json_web_encryption_schema");

    /** The NIST ACVP algorithms the runner implements modes of; ACVP files of other algorithms are absences. */
    private static final Set<String> ACVP_ALGORITHMS = Set.of("ML-KEM", "ML-DSA", "SLH-DSA");

    private Absent() {
    }

    /** Whether {@code name} is an algorithm qsafe documents as absent. */
    static boolean algorithm(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        return ALGORITHMS.stream().anyMatch(p -> p.matcher(upper).matches());
    }

    /** Whether an HPKE KEM id is one qsafe documents as absent. */
    static boolean hpkeKem(int id) {
        return HPKE_KEMS.contains(id);
    }

    /** Whether an HPKE KDF id is one qsafe documents as absent. */
    static boolean hpkeKdf(int id) {
        return HPKE_KDFS.contains(id);
    }

    /** Whether a Wycheproof schema (without {@code .json} and {@code _v1}) is one qsafe documents as absent. */
    static boolean wycheproofSchema(String schema) {
        return WYCHEPROOF_SCHEMAS.contains(schema);
    }

    /** Whether a NIST ACVP algorithm is one the runner has no modes of. */
    static boolean acvpAlgorithm(String algorithm) {
        return !ACVP_ALGORITHMS.contains(algorithm);
    }

    /** The kind of a skip for an unknown algorithm name. */
    static SkipKind kindOf(String algorithmName) {
        return algorithm(algorithmName) ? SkipKind.ABSENT : SkipKind.OTHER;
    }
}
