package dev.qsafe.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.PolicyViolationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of each profile: what each admits and refuses, by which rule, and how a refusal reads. */
class ProfileTest {
    /** Every built-in algorithm the profiles judge. */
    private static final List<Algorithm> ALL = List.of(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768,
            Algorithm.ML_KEM_1024, Algorithm.X_WING, Algorithm.ED25519, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65,
            Algorithm.ML_DSA_87, Algorithm.SLH_DSA_SHA2_128S, Algorithm.SLH_DSA_SHA2_128F, Algorithm.MLDSA65_ED25519,
            Algorithm.MLDSA44_ED25519, Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305,
            Algorithm.HKDF_SHA256, Algorithm.HKDF_SHA384, Algorithm.SHAKE128, Algorithm.SHAKE256, Algorithm.ARGON2ID);

    /** The expected verdict per algorithm: the rule that refuses it, or absent if admitted. */
    private static Map<Algorithm, String> expectedRefusals(Profile profile) {
        Map<Algorithm, String> m = new LinkedHashMap<>();
        switch (profile) {
            case CNSA2 -> {
                for (Algorithm a : List.of(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.X_WING)) {
                    m.put(a, "cnsa2.kem");
                }
                for (Algorithm a : List.of(Algorithm.ED25519, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.SLH_DSA_SHA2_128S,
                        Algorithm.SLH_DSA_SHA2_128F, Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519)) {
                    m.put(a, "cnsa2.signature");
                }
                m.put(Algorithm.AES_128_GCM, "cnsa2.aead");
                m.put(Algorithm.CHACHA20_POLY1305, "cnsa2.aead");
                m.put(Algorithm.HKDF_SHA256, "cnsa2.kdf"); // CNSA 2.0 hashes are SHA-384 and SHA-512
            }
            case FIPS -> {
                m.put(Algorithm.DHKEM_X25519, "fips.kem");
                m.put(Algorithm.X_WING, "fips.kem");
                m.put(Algorithm.MLDSA65_ED25519, "fips.signature");
                m.put(Algorithm.MLDSA44_ED25519, "fips.signature");
                m.put(Algorithm.CHACHA20_POLY1305, "fips.aead");
                m.put(Algorithm.ARGON2ID, "fips.password-kdf");
            }
            case HYBRID_MIN -> {
                m.put(Algorithm.DHKEM_X25519, "hybrid-min.kem");
                m.put(Algorithm.ED25519, "hybrid-min.signature");
                m.put(Algorithm.AES_128_GCM, "hybrid-min.aead");
            }
        }
        return m;
    }

    @Test
    void eachProfile_admitsItsAlgorithms_andRefusesEveryOtherNamingProfileAndRule() {
        for (Profile p : Profile.values()) {
            Map<Algorithm, String> refused = expectedRefusals(p);
            for (Algorithm a : ALL) {
                String rule = refused.get(a);
                if (rule == null) {
                    assertEquals(Optional.empty(), p.refusal(a), p + " admits " + a);
                    p.check(a);
                } else {
                    assertEquals(rule, p.refusal(a).orElseThrow(() -> new AssertionError(p + " must refuse " + a)).id());
                    PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> p.check(a));
                    assertTrue(e.getMessage().contains(a.name()) && e.getMessage().contains("policy profile " + p.id())
                            && e.getMessage().contains("rule " + rule), e.getMessage());
                }
            }
        }
    }

    /**
     * fips admits PBKDF2 with HMAC-SHA-512 (SP 800-132), the KDF of passphrase-protected identity files under it, and
     * no other password KDF; the other profiles have no password-KDF rule.
     */
    @Test
    void fips_admitsPbkdf2HmacSha512_only_otherProfilesDoNotJudgePasswordKdfs() {
        Algorithm pbkdf2 = Algorithm.builder("PBKDF2-HMAC-SHA512", AlgorithmKind.PASSWORD_KDF).keySize(32).build();
        Algorithm pbkdf2Sha1 = Algorithm.builder("PBKDF2-HMAC-SHA1", AlgorithmKind.PASSWORD_KDF).keySize(20).build();
        assertEquals(Optional.empty(), Profile.FIPS.refusal(pbkdf2));
        assertEquals("fips.password-kdf", Profile.FIPS.refusal(Algorithm.ARGON2ID).orElseThrow().id());
        assertEquals("fips.password-kdf", Profile.FIPS.refusal(pbkdf2Sha1).orElseThrow().id(), "admitted by name only");
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> Profile.FIPS.check(Algorithm.ARGON2ID));
        assertTrue(e.getMessage().contains("SP 800-132") && e.getMessage().contains("PBKDF2-HMAC-SHA512"), e.getMessage());
        for (Profile p : List.of(Profile.CNSA2, Profile.HYBRID_MIN)) {
            assertEquals(Optional.empty(), p.refusal(pbkdf2), p.id());
            assertEquals(Optional.empty(), p.refusal(Algorithm.ARGON2ID), p.id());
        }
    }

    @Test
    void parse_namesNoneAndUnknown() {
        assertEquals(Optional.of(Profile.HYBRID_MIN), Profile.parse(" Hybrid-Min ", "x"));
        assertEquals(Optional.of(Profile.CNSA2), Profile.parse("cnsa2", "x"));
        assertEquals(Optional.empty(), Profile.parse("none", "x"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Profile.parse("cnsa1", "qsafe.profile"));
        assertTrue(e.getMessage().contains("qsafe.profile") && e.getMessage().contains("hybrid-min"), e.getMessage());
    }

    @Test
    void thirdPartyAlgorithm_judgedByNameUnderCnsa2AndFips_byCategoryUnderHybridMin() {
        Algorithm classicalKem = Algorithm.builder("Example-Classical-KEM", AlgorithmKind.KEM).nistCategory(0)
                .publicKeySize(32).privateKeySize(32).ciphertextSize(32).sharedSecretSize(32).build();
        Algorithm pqKem = Algorithm.builder("Example-PQ-KEM", AlgorithmKind.KEM).nistCategory(3)
                .publicKeySize(32).privateKeySize(32).ciphertextSize(32).sharedSecretSize(32).build();
        assertEquals("hybrid-min.kem", Profile.HYBRID_MIN.refusal(classicalKem).orElseThrow().id());
        assertEquals(Optional.empty(), Profile.HYBRID_MIN.refusal(pqKem), "a declared post-quantum category is taken");
        assertEquals("fips.kem", Profile.FIPS.refusal(pqKem).orElseThrow().id(), "fips admits NIST-specified names only");
        assertEquals("cnsa2.kem", Profile.CNSA2.refusal(pqKem).orElseThrow().id());
    }
}
