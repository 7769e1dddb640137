package dev.qsafe.api;

import java.util.Objects;

/**
 * A secure session (module {@code dev.qsafe.session}, docs/SESSION.md) refused a message, a first
 * message or a prekey bundle for a protocol reason: a replay, a duplicate, a jump beyond the bounds, an
 * unknown session, an expired or already used prekey. The {@link #reason()} says which; the session's
 * state is unchanged by the refusal. Cryptographic failures are reported as they are everywhere else:
 * {@link DecryptionFailedException} (an AEAD or HPKE failure) and {@link InvalidSignatureException}.
 *
 * @since 0.1.0
 */
public class SessionRefusedException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** Why a session refused something. */
    public enum Reason {
        /** Not a session message of this version, truncated, trailing bytes or a length beyond its bound. */
        MALFORMED,
        /** The message names a session this state does not belong to. */
        UNKNOWN_SESSION,
        /** The peer's suite is not this identity's suite. */
        SUITE_MISMATCH,
        /** A first message or bundle for another identity. */
        WRONG_IDENTITY,
        /** The prekey is unknown, or a one-time prekey that was already used. */
        PREKEY_UNKNOWN,
        /** The prekey has expired. */
        PREKEY_EXPIRED,
        /** A first message to the signed prekey that was accepted before. */
        REPLAYED_SETUP,
        /** The signed prekey's replay cache is full: rotate the signed prekey. */
        REPLAY_CACHE_FULL,
        /** The caller's trust check refused the initiator's identity. */
        UNTRUSTED_PEER,
        /** The message was opened before, or its key was dropped from the skipped-key store. */
        DUPLICATE,
        /** The message is further ahead in its chain than the forward-jump bound. */
        TOO_FAR_AHEAD,
        /** The message is of an epoch that cannot follow the latest known one. */
        EPOCH_TOO_FAR,
        /** The message is of an epoch whose keys were already dropped. */
        EPOCH_DROPPED,
        /** A chain or the epoch counter reached 2^32 - 1: replace the session. */
        LIMIT_REACHED
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message what failed and how to fix it; never secret bytes
     */
    public SessionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the session refused. */
    public Reason reason() {
        return reason;
    }
}
