package dev.qsafe.provider.toolkit;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * One reusable JCA engine object ({@code Signature}, {@code KeyAgreement}, {@code KeyFactory},
 * {@code SecretKeyFactory}, {@code Mac}, {@code KDF}) per thread, for engines that would otherwise
 * call {@code getInstance} on every operation (which costs more than a small operation and allocates
 * up to a kilobyte each time).
 *
 * <p>Rules for callers, which keep reuse as safe as a fresh object: initialise the object for every
 * use ({@code initSign}, {@code init}, ...) with that use's key, so no state passes from one call to
 * the next; and call {@link #discard()} when a use fails in any way, so that the thread's next call
 * gets a new object and a failure cannot poison it. JCA engine objects are not thread-safe; a
 * thread-local one is never shared. The object keeps its last key until the thread's next use (a
 * per-call object kept it until it was garbage-collected; neither can be wiped through the JCA).
 *
 * {@snippet :
 * Signature s = signatures.get();
 * boolean ok = false;
 * try {
 *     s.initSign(key);
 *     s.update(message);
 *     byte[] sig = s.sign();
 *     ok = true;
 *     return sig;
 * } finally {
 *     if (!ok) {
 *         signatures.discard();
 *     }
 * }
 * }
 *
 * @param <T> the engine object's type
 */
public final class PerThread<T> {
    /** Makes a new engine object, e.g. {@code () -> Signature.getInstance("Ed25519", provider)}. */
    @FunctionalInterface
    public interface Factory<T> {
        /** A new, uninitialised object. */
        T create() throws GeneralSecurityException;
    }

    private final Factory<T> factory;
    private final ThreadLocal<T> local = new ThreadLocal<>();

    public PerThread(Factory<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** This thread's object, made on first use or after a {@link #discard()}. */
    public T get() throws GeneralSecurityException {
        T t = local.get();
        if (t == null) {
            t = factory.create();
            local.set(t);
        }
        return t;
    }

    /** Drops this thread's object (after a failure); the next {@link #get()} makes a new one. */
    public void discard() {
        local.remove();
    }
}
