package dev.qsafe.session;

import java.util.List;
import java.util.Optional;

/**
 * Where sessions keep their state between messages and across restarts (docs/SESSION.md, "Storing
 * sessions"). A {@link Session} {@linkplain Session#persistTo(SessionStore) attached} to a store calls
 * {@link #save} before a sealed message leaves and after a received message opened; the state bytes hold
 * secrets, so an implementation must protect them at rest.
 *
 * <p>The contract an implementation keeps:
 * <ul>
 * <li>{@link #save} returns only when the state is durable (it survives a crash or power loss of this
 * machine), and replaces the previous state of that session atomically: after a crash, {@link #load}
 * returns either the previous state or the new one, never a mix, never nothing.</li>
 * <li>{@link #load} never returns a state older than one it returned or saved before in this process
 * (it throws {@link SessionStoreException} with {@link SessionStoreException.Kind#ROLLBACK}).</li>
 * <li>Failures are {@link SessionStoreException}s; an implementation never returns a partial state.</li>
 * </ul>
 * The embedded default is {@link FileSessionStore} ({@link Sessions#fileStore}). Implementations are
 * thread-safe.
 */
public interface SessionStore {
    /**
     * Stores {@code state} (from {@link Session#export()}) as the state of session {@code sessionId},
     * durably and atomically.
     *
     * @throws SessionStoreException if it could not be stored
     */
    void save(byte[] sessionId, byte[] state);

    /**
     * The stored state of session {@code sessionId}, or empty if none is stored.
     *
     * @throws SessionStoreException if the stored state is damaged, not this store's, or older than one seen before
     */
    Optional<byte[]> load(byte[] sessionId);

    /** The ids of the sessions stored, in no particular order. */
    List<byte[]> sessionIds();

    /** Deletes the stored state of session {@code sessionId} (nothing if none is stored). */
    void delete(byte[] sessionId);
}
