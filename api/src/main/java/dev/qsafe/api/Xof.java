package dev.qsafe.api;

/**
 * An extendable-output function such as SHAKE256 (FIPS 202). Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface Xof {
    /** The algorithm this engine implements. */
    Algorithm algorithm();

    /**
     * The first {@code outputLength} bytes of the function's output on {@code input}.
     *
     * @throws InvalidInputException if {@code outputLength} is negative
     */
    byte[] digest(byte[] input, int outputLength);
}
