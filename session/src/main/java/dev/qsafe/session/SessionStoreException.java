package dev.qsafe.session;

import dev.qsafe.api.QSafeException;
import java.util.Objects;

/** A {@link SessionStore} could not store or read a state; {@link #kind()} says why. Never carries secret bytes. */
public class SessionStoreException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** Why a store failed. */
    public enum Kind {
        /** Reading or writing the storage failed (disk full, permissions, ...). */
        IO,
        /** A stored file is damaged, truncated, modified or not of this format. */
        CORRUPT,
        /** The store belongs to another identity (its key is wrapped to another identity's KEM key). */
        WRONG_IDENTITY,
        /** A stored state is older than one this store wrote or read before (a file was rolled back). */
        ROLLBACK,
        /** Another process holds the store. */
        LOCKED
    }

    private final Kind kind;

    /**
     * @param kind    why
     * @param message what failed and how to fix it; never secret bytes
     * @param cause   the underlying failure, or null
     */
    public SessionStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why the store failed. */
    public Kind kind() {
        return kind;
    }
}
