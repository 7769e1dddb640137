package dev.qsafe.runtime.suite;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.PolicyViolationException;
import java.util.Objects;
import java.util.Set;

/**
 * Which algorithms may be used to seal, open, sign and verify.
 *
 * <p>Rules, checked in this order: (1) if {@code allowedAlgorithms} is not empty, every algorithm of the
 * suite must be in it; (2) the KEM, the signature and the AEAD must have a NIST category of at least
 * {@code minNistCategory}. The KDF is not held to the minimum category: HKDF-SHA256 is listed at
 * category 2 (SHA-256 collision resistance), while a KDF only needs its PRF strength.
 *
 * @param allowedAlgorithms the algorithms allowed; empty means every algorithm is allowed
 * @param minNistCategory   the minimum NIST category (0 to 5) of KEM, signature and AEAD
 * @since 0.1.0
 */
public record Policy(Set<Algorithm> allowedAlgorithms, int minNistCategory) {
    /** Everything allowed. */
    public static final Policy PERMISSIVE = new Policy(Set.of(), 0);

    /** Copies and validates. */
    public Policy {
        allowedAlgorithms = Set.copyOf(Objects.requireNonNull(allowedAlgorithms, "allowedAlgorithms"));
        if (minNistCategory < 0 || minNistCategory > 5) {
            throw new IllegalArgumentException("minimum NIST category must be 0..5, got " + minNistCategory);
        }
    }

    /**
     * Checks a suite (or the algorithms an envelope names).
     *
     * @param what     how to name it in the error, e.g. "suite hybrid-v1" or "envelope suite X-Wing/HKDF-SHA256/AES-256-GCM"
     * @throws PolicyViolationException naming {@code what} and the rule
     */
    public void check(String what, Iterable<Algorithm> algorithms) {
        for (Algorithm a : algorithms) {
            if (!allowedAlgorithms.isEmpty() && !allowedAlgorithms.contains(a)) {
                throw new PolicyViolationException(what + " is not allowed by policy: " + a
                        + " is not in policy.allowedAlgorithms " + allowedAlgorithms.stream().map(Algorithm::name).sorted().toList());
            }
            if (a.kind() != AlgorithmKind.KDF && a.nistCategory() < minNistCategory) {
                throw new PolicyViolationException(what + " is not allowed by policy: " + a + " has NIST category "
                        + a.nistCategory() + ", below policy.minNistCategory " + minNistCategory);
            }
        }
    }
}
