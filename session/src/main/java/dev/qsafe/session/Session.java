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
 * <p>Persistence (docs/SESSION.md, "Storing sessions"): with a {@linkplain #persistTo(SessionStore) store}
 * or a {@linkplain #persistTo(Consumer) persister}, {@code seal} first moves the state past the
 * generation it takes and stores that state, and only then encrypts under the generation's key: a key and nonce are used only after the state that can never use them again is
 * stored. If storing fails, nothing was encrypted, the generation is lost (never reused) and the error
 * is thrown. {@code open} decrypts first and stores the new state only after the AEAD succeeded; if
 * storing fails, the plaintext is wiped, the state in memory goes back to what it was and the error is
 * thrown.
 */
public final class Session {
    /** Largest plaintext of one message (16 MiB). */
    public static final int MAX_PLAINTEXT = SessionCore.MAX_PLAINTEXT;

    private volatile SessionCore core; // replaced only when a failed store rolls an open back
    private Consumer<byte[]> persister;
    private boolean destroyed;

    Session(SessionCore core) {
        this.core = core;
        core.counters().sessionOpened(core.skippedKeys());
    }

    /** Attaches a persister without storing now (the state was just read from the store). */
    synchronized void attach(Consumer<byte[]> p) {
        this.persister = p;
    }

    /** Seals a message to the peer. */
    public synchronized byte[] seal(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        int skippedBefore = core.skippedKeys();
        SessionCore.Reserved r;
        try {
            r = core.reserve(plaintext.length);
        } finally {
            core.counters().skippedKeysHeld(core.skippedKeys() - skippedBefore);
        }
        try {
            persist();
        } catch (RuntimeException e) {
            r.discard();
            throw e;
        }
        return core.sealReserved(r, plaintext);
    }

    /**
     * Opens a message of the peer.
     *
     * @throws dev.qsafe.api.SessionRefusedException   a duplicate, a replay, too far ahead, another session, malformed
     * @throws dev.qsafe.api.DecryptionFailedException the message was modified or not sealed in this session
     */
    public synchronized byte[] open(byte[] message) {
        Objects.requireNonNull(message, "message");
        int skippedBefore = core.skippedKeys();
        if (persister == null) {
            try {
                return core.open(message);
            } finally {
                core.counters().skippedKeysHeld(core.skippedKeys() - skippedBefore);
            }
        }
        byte[] before = StateCodec.write(core);
        try {
            byte[] plaintext = core.open(message);
            try {
                persist();
            } catch (RuntimeException e) {
                Arrays.fill(plaintext, (byte) 0);
                SessionCore back = StateCodec.read(before, core.engines(), core.counters());
                core.destroy();
                core = back;
                throw e;
            }
            return plaintext;
        } finally {
            Arrays.fill(before, (byte) 0);
            core.counters().skippedKeysHeld(core.skippedKeys() - skippedBefore);
        }
    }

    /** Hands every later state change to {@code persister} before the message or plaintext is returned; null stops it. */
    public synchronized void persistTo(Consumer<byte[]> persister) {
        this.persister = persister;
    }

    /**
     * Stores the state in {@code store} now, and every later state change before the message or plaintext
     * is returned (docs/SESSION.md, "Storing sessions"). Call it before the first message leaves.
     *
     * @throws SessionStoreException if the store cannot write
     */
    public synchronized void persistTo(SessionStore store) {
        Objects.requireNonNull(store, "store");
        byte[] id = core.sessionId();
        Consumer<byte[]> p = state -> store.save(id, state);
        byte[] state = StateCodec.write(core);
        try {
            p.accept(state);
        } finally {
            Arrays.fill(state, (byte) 0);
        }
        this.persister = p;
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
        if (!destroyed) {
            destroyed = true;
            core.counters().sessionClosed(core.skippedKeys());
        }
        core.destroy();
    }

    @Override
    public String toString() {
        return "Session[" + HexFormat.of().formatHex(core.sessionId()) + ", peer " + core.peer().name() + ", "
                + (core.initiator() ? "initiator" : "responder") + "]";
    }
}
