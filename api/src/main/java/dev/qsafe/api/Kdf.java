package dev.qsafe.api;

import java.util.Arrays;

/**
 * An extract-then-expand key derivation function (HKDF, RFC 5869). Outputs are secret: wipe them when
 * done. Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface Kdf {
    /** The algorithm this engine implements. */
    Algorithm algorithm();

    /** {@code Extract(salt, ikm)}: a pseudorandom key of {@link Algorithm#keySize()} bytes. An empty salt means the all-zero salt. */
    byte[] extract(byte[] salt, byte[] ikm);

    /**
     * {@code Expand(prk, info, length)}.
     *
     * @throws InvalidInputException if {@code length} is negative or more than 255 hash lengths, or the PRK is too short
     */
    byte[] expand(byte[] prk, byte[] info, int length);

    /** Extract, then expand; the intermediate key is wiped. */
    default byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }
}
