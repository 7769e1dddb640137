package dev.qsafe.conformance.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Recognises ML-KEM key-generation data made with the FIPS 203 initial public draft (August 2023)
 * rather than the final standard (August 2024). The final K-PKE.KeyGen derives
 * {@code (ρ, σ) = G(d || k)} with the module rank {@code k} appended as one byte; the draft derived
 * {@code (ρ, σ) = G(d)}, with {@code G} = SHA3-512. The public seed {@code ρ} is the last 32 bytes of the
 * encapsulation key, so a pair {@code (d, ek)} shows which text made it: files generated against the
 * draft can never match a FIPS 203 engine's key generation (their encapsulation and decapsulation
 * cases still can), so the runner skips such files with the reason instead of failing or passing them.
 */
final class Fips203Draft {
    /** Why a file with draft-made keys is skipped. */
    static final String REASON = "generated against the FIPS 203 initial public draft (rho, sigma = SHA3-512(d), not "
            + "SHA3-512(d || k)): its key generation cannot match FIPS 203, so none of its cases is counted";

    private static final int SEED_LENGTH = 32;
    private static final int RHO_LENGTH = 32;
    private static final int BYTES_PER_RANK = 384;

    private Fips203Draft() {
    }

    /**
     * Whether {@code ek} is the draft's key for the seed {@code d} (the first 32 bytes of {@code seed},
     * which may be {@code d || z}): its {@code ρ} is {@code SHA3-512(d)}'s and not {@code SHA3-512(d || k)}'s.
     * {@code false} for anything that is not an ML-KEM encapsulation key and seed.
     */
    static boolean madeBy(byte[] seed, byte[] ek) {
        if (seed == null || ek == null || seed.length < SEED_LENGTH || ek.length <= RHO_LENGTH
                || (ek.length - RHO_LENGTH) % BYTES_PER_RANK != 0) {
            return false;
        }
        int k = (ek.length - RHO_LENGTH) / BYTES_PER_RANK;
        byte[] d = Arrays.copyOf(seed, SEED_LENGTH);
        byte[] rho = Arrays.copyOfRange(ek, ek.length - RHO_LENGTH, ek.length);
        byte[] withRank = Arrays.copyOf(d, SEED_LENGTH + 1);
        withRank[SEED_LENGTH] = (byte) k;
        return MessageDigest.isEqual(rho, Arrays.copyOf(sha3512(d), RHO_LENGTH))
                && !MessageDigest.isEqual(rho, Arrays.copyOf(sha3512(withRank), RHO_LENGTH));
    }

    /** Marks {@code plan} to be skipped whole if {@code (seed, ek)} was made by the draft. */
    static void check(Plan plan, byte[] seed, byte[] ek) {
        if (madeBy(seed, ek)) {
            plan.skipAll(REASON);
        }
    }

    private static byte[] sha3512(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA3-512").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA3-512", e);
        }
    }
}
