package dev.qsafe.session;

import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.session.internal.SessionCore;
import dev.qsafe.session.internal.StateCodec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One secure session with a peer (docs/SESSION.md): {@link #seal} and {@link #open} messages. Calls are
 * serialized (thread-safe). A refusal ({@link dev.qsafe.api.SessionRefusedException},
 * {@link dev.qsafe.api.DecryptionFailedException}, ...) leaves the state unchanged.
 *
 * <p>Persistence: with a {@linkplain #persistTo persister}, every state change is handed to it (as
 * {@link #export()} bytes) before {@code seal} returns the message or {@code open} returns the
 * plaintext, so a message never leaves before the state that sealed it is stored. If the persister
 * throws, the message is not returned and its generation is never used again in this process.
 */
public final class Session {
    /** Largest plaintext of one message (16 MiB). */
    public static final int MAX_PLAINTEXT = SessionCore.MAX_PLAINTEXT;

    private final SessionCore core;
    private Consumer<byte[]> persister;

    Session(SessionCore core) {
        this.core = core;
    }

    /** Seals a message to the peer. */
    public synchronized byte[] seal(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] message = core.seal(plaintext);
        persist();
        return message;
    }

    /**
     * Opens a message of the peer.
     *
     * @throws dev.qsafe.api.SessionRefusedException   a duplicate, a replay, too far ahead, another session, malformed
     * @throws dev.qsafe.api.DecryptionFailedException the message was modified or not sealed in this session
     */
    public synchronized byte[] open(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] plaintext = core.open(message);
        try {
            persist();
        } catch (RuntimeException e) {
            Arrays.fill(plaintext, (byte) 0);
            throw e;
        }
        return plaintext;
    }

    /** Hands every later state change to {@code persister} before the message or plaintext is returned; null stops it. */
    public synchronized void persistTo(Consumer<byte[]> persister) {
        this.persister = persister;
    }

    private void persist() {
        if (persister != null) {
            byte[] state = StateCodec.write(core);
            try {
                persister.accept(state);
            } finally {
                Arrays.fill(state, (byte) 0);
            }
        }
    }

    /** The state as bytes, for a store (they hold secrets: encrypt them at rest). */
    public synchronized byte[] export() {
        return StateCodec.write(core);
    }

    /** The 16-byte session id. */
    public byte[] sessionId() {
        return core.sessionId();
    }

    /** The peer's public identity (for the responder: as the first message proved it). */
    public PublicIdentity peer() {
        return core.peer();
    }

    /** Whether this side started the session. */
    public boolean isInitiator() {
        return core.initiator();
    }

    /** The latest epoch this side knows: the number of KEM ratchet steps so far. */
    public synchronized long epoch() {
        return core.epoch();
    }

    /** Skipped message keys held now. */
    public synchronized int skippedKeys() {
        return core.skippedKeys();
    }

    /**
     * Of two sessions with the same peer (crossing first messages), the one both sides keep sending on:
     * the smaller session id, unsigned lexicographically.
     */
    public static Session preferred(Session a, Session b) {
        return Arrays.compareUnsigned(a.core.sessionId(), b.core.sessionId()) <= 0 ? a : b;
    }

    /** Wipes the state's secrets; the session cannot be used afterwards. */
    public synchronized void destroy() {
        core.destroy();
    }

    @Override
    public String toString() {
        return "Session[" + HexFormat.of().formatHex(core.sessionId()) + ", peer " + core.peer().name() + ", "
                + (core.initiator() ? "initiator" : "responder") + "]";
    }
}
