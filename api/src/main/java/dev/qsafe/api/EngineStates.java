package dev.qsafe.api;

import java.util.Objects;
import java.util.function.Supplier;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * The engine-state slot behind {@link PrivateKey#engineState} and {@link PublicKey#engineState}: a
 * small copy-on-write table of (owner, state) pairs, read without a lock and written under one, so a
 * state is computed at most once per owner (unless the computation fails) and the hot path is a scan of
 * a few entries.
 */
final class EngineStates {
    /** owner0, state0, owner1, state1, ...; replaced, never modified. */
    private volatile Object[] entries = new Object[0];
    private boolean closed;

    <T> T get(Object owner, Class<T> type, Supplier<? extends T> compute, Runnable checkUsable) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(compute, "compute");
        Object found = find(entries, owner);
        if (found != null) {
            return cast(found, type, owner);
        }
        synchronized (this) {
            checkUsable.run();
            Object[] current = entries;
            found = find(current, owner);
            if (found != null) {
                return cast(found, type, owner);
            }
            T state = Objects.requireNonNull(compute.get(), "engine state");
            if (!type.isInstance(state)) {
                wipe(state);
                throw new IllegalStateException("engine state is a " + state.getClass().getName() + ", not a " + type.getName());
            }
            if (closed) {
                wipe(state);
                checkUsable.run();
                throw new IllegalStateException("key was destroyed while its engine state was computed");
            }
            Object[] next = java.util.Arrays.copyOf(current, current.length + 2);
            next[current.length] = owner;
            next[current.length + 1] = state;
            entries = next;
            return state;
        }
    }

    /** Drops every state: {@link Destroyable} ones are destroyed, {@link AutoCloseable} ones closed. */
    synchronized void close() {
        closed = true;
        Object[] current = entries;
        entries = new Object[0];
        for (int i = 1; i < current.length; i += 2) {
            wipe(current[i]);
        }
    }

    private static Object find(Object[] table, Object owner) {
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] == owner) {
                return table[i + 1];
            }
        }
        return null;
    }

    private static <T> T cast(Object state, Class<T> type, Object owner) {
        if (!type.isInstance(state)) {
            throw new IllegalStateException("engine state of this owner is a " + state.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(state);
    }

    private static void wipe(Object state) {
        if (state instanceof Destroyable d) {
            try {
                d.destroy();
            } catch (DestroyFailedException | RuntimeException e) {
                // Best effort: the reference is dropped either way, and the key is unusable.
            }
        } else if (state instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Best effort, as above.
            }
        }
    }
}
