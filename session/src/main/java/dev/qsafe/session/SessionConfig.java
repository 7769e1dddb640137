package dev.qsafe.session;

import dev.qsafe.api.CryptoMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A session's limits and timing (docs/SESSION.md, "Limits" and "The KEM ratchet"). Immutable; the
 * {@code with...} methods return a copy and refuse a value out of range at once.
 *
 * @param ratchetInterval messages a party sends between the KEM ratchet steps it opens; 0 = the mode's
 *                        default ({@link #ratchetIntervalFor})
 * @param maxForwardJump  generations a message may be ahead of the next expected one (default 2,048)
 * @param maxSkippedKeys  skipped message keys kept per session (default 4,096)
 * @param epochsKept      epochs whose receiving chains are kept (default 3)
 * @param prekeyValidity  how long a new prekey is valid (default 7 days)
 * @param oneTimePrekeys  one-time prekeys made with new prekeys (default 20, at most 100)
 * @param clock           the clock for prekey expiry
 */
public record SessionConfig(int ratchetInterval, int maxForwardJump, int maxSkippedKeys, int epochsKept, Duration prekeyValidity,
        int oneTimePrekeys, Clock clock) {
    /** Default interval of CLASSICAL: a KEM ratchet step on every turn. */
    public static final int CLASSICAL_RATCHET_INTERVAL = 1;
    /** Default interval of HYBRID and PQC. */
    public static final int PQ_RATCHET_INTERVAL = 32;

    /** Checks every bound. */
    public SessionConfig {
        range("ratchetInterval", ratchetInterval, 0, 1_000_000);
        range("maxForwardJump", maxForwardJump, 0, 100_000);
        range("maxSkippedKeys", maxSkippedKeys, 0, 100_000);
        range("epochsKept", epochsKept, 1, 16);
        range("oneTimePrekeys", oneTimePrekeys, 0, 100);
        Objects.requireNonNull(prekeyValidity, "prekeyValidity");
        if (prekeyValidity.isNegative() || prekeyValidity.isZero() || prekeyValidity.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("prekeyValidity must be more than 0 and at most 366 days, got " + prekeyValidity);
        }
        Objects.requireNonNull(clock, "clock");
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
        }
    }

    /** The defaults of docs/SESSION.md. */
    public static SessionConfig defaults() {
        return new SessionConfig(0, 2048, 4096, 3, Duration.ofDays(7), 20, Clock.systemUTC());
    }

    /** The interval in effect for a mode. */
    public int ratchetIntervalFor(CryptoMode mode) {
        if (ratchetInterval > 0) {
            return ratchetInterval;
        }
        return mode == CryptoMode.CLASSICAL ? CLASSICAL_RATCHET_INTERVAL : PQ_RATCHET_INTERVAL;
    }

    public SessionConfig withRatchetInterval(int v) {
        return new SessionConfig(v, maxForwardJump, maxSkippedKeys, epochsKept, prekeyValidity, oneTimePrekeys, clock);
    }

    public SessionConfig withMaxForwardJump(int v) {
        return new SessionConfig(ratchetInterval, v, maxSkippedKeys, epochsKept, prekeyValidity, oneTimePrekeys, clock);
    }

    public SessionConfig withMaxSkippedKeys(int v) {
        return new SessionConfig(ratchetInterval, maxForwardJump, v, epochsKept, prekeyValidity, oneTimePrekeys, clock);
    }

    public SessionConfig withEpochsKept(int v) {
        return new SessionConfig(ratchetInterval, maxForwardJump, maxSkippedKeys, v, prekeyValidity, oneTimePrekeys, clock);
    }

    public SessionConfig withPrekeyValidity(Duration v) {
        return new SessionConfig(ratchetInterval, maxForwardJump, maxSkippedKeys, epochsKept, v, oneTimePrekeys, clock);
    }

    public SessionConfig withOneTimePrekeys(int v) {
        return new SessionConfig(ratchetInterval, maxForwardJump, maxSkippedKeys, epochsKept, prekeyValidity, v, clock);
    }

    public SessionConfig withClock(Clock v) {
        return new SessionConfig(ratchetInterval, maxForwardJump, maxSkippedKeys, epochsKept, prekeyValidity, oneTimePrekeys, v);
    }
}
