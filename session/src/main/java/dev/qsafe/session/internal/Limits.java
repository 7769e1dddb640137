package dev.qsafe.session.internal;

/**
 * A session's bounds (docs/SESSION.md, "Limits").
 *
 * @param ratchetInterval messages a party sends between the KEM ratchet steps it opens (at least 1)
 * @param maxForwardJump  generations a message may be ahead of the next expected one in its chain
 * @param maxSkippedKeys  skipped message keys kept over all epochs
 * @param epochsKept      epochs whose receiving chains are kept
 */
public record Limits(int ratchetInterval, int maxForwardJump, int maxSkippedKeys, int epochsKept) {
    public Limits {
        if (ratchetInterval < 1 || ratchetInterval > 1_000_000) {
            throw new IllegalArgumentException("ratchetInterval must be 1..1000000, got " + ratchetInterval);
        }
        if (maxForwardJump < 0 || maxForwardJump > 100_000) {
            throw new IllegalArgumentException("maxForwardJump must be 0..100000, got " + maxForwardJump);
        }
        if (maxSkippedKeys < 0 || maxSkippedKeys > 100_000) {
            throw new IllegalArgumentException("maxSkippedKeys must be 0..100000, got " + maxSkippedKeys);
        }
        if (epochsKept < 1 || epochsKept > 16) {
            throw new IllegalArgumentException("epochsKept must be 1..16, got " + epochsKept);
        }
    }
}
