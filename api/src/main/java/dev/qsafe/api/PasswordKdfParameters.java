package dev.qsafe.api;

/**
 * The cost of a {@link PasswordKdf}: for Argon2id, memory in KiB, passes over memory, and lanes.
 *
 * @param memoryKiB   memory in KiB (at least 8 x parallelism, at most 4 GiB)
 * @param iterations  passes (1 to 64)
 * @param parallelism lanes (1 to 64)
 * @since 0.1.0
 */
public record PasswordKdfParameters(int memoryKiB, int iterations, int parallelism) {
    /** RFC 9106 section 4, second recommended option: 64 MiB, 3 passes, 4 lanes. */
    public static final PasswordKdfParameters RFC_9106_LOW_MEMORY = new PasswordKdfParameters(64 * 1024, 3, 4);

    /** Checks the bounds, so that a stored (possibly hostile) parameter set cannot ask for unbounded work. */
    public PasswordKdfParameters {
        if (parallelism < 1 || parallelism > 64) {
            throw new InvalidInputException("Argon2 parallelism must be 1..64, got " + parallelism);
        }
        if (iterations < 1 || iterations > 64) {
            throw new InvalidInputException("Argon2 iterations must be 1..64, got " + iterations);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
            throw new InvalidInputException("Argon2 memory must be " + (8 * parallelism) + " KiB..4 GiB, got " + memoryKiB + " KiB");
        }
    }
}
