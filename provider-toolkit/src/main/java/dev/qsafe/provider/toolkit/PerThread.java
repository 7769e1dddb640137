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
 * gets a new object and a failure cannot poison it; and call {@link #release} with the object when a
 * use succeeded; {@link #with} does all three around one use. JCA engine objects are not thread-safe;
 * an object is never used by two threads at once.
 *
 * <p>Platform threads keep their object in a thread-local ({@link #release} does nothing). A virtual
 * thread usually runs one task and ends (a {@code Batch} starts one per message), so a thread-local
 * would make a new object for every task: virtual threads borrow from a small bounded pool instead,
 * {@link #get()} taking an object out and {@link #release} putting it back (a discarded object is not
 * put back; when the pool is full the object is dropped). The object keeps its last key until the thread's next use (a
 * per-call object kept it until it was garbage-collected; neither can be wiped through the JCA).
 *
 * {@snippet :
 * byte[] sig = signatures.with(s -> {
 *     s.initSign(key);
 *     s.update(message);
 *     return s.sign();
 * });
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

    /** One use of the object, which may fail as a JCA call does. */
    @FunctionalInterface
    public interface Use<T, R> {
        R apply(T t) throws GeneralSecurityException;
    }

    private final Factory<T> factory;
    private final ThreadLocal<T> local = new ThreadLocal<>();
    /** Objects free for virtual threads; bounded so a burst of tasks does not keep its objects for ever. */
    private final java.util.concurrent.ArrayBlockingQueue<T> pool =
            new java.util.concurrent.ArrayBlockingQueue<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    public PerThread(Factory<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * This thread's object, made on first use or after a {@link #discard()}; on a virtual thread, one
     * from the pool (or a new one), to be given back with {@link #release}.
     */
    public T get() throws GeneralSecurityException {
        if (Thread.currentThread().isVirtual()) {
            T pooled = pool.poll();
            return pooled != null ? pooled : factory.create();
        }
        T t = local.get();
        if (t == null) {
            t = factory.create();
            local.set(t);
        }
        return t;
    }

    /**
     * Gives back an object after a use that succeeded: on a virtual thread it returns to the pool (if
     * there is room); a platform thread keeps its object anyway.
     */
    public void release(T t) {
        if (t != null && Thread.currentThread().isVirtual()) {
            pool.offer(t);
        }
    }

    /** Drops this thread's object (after a failure); the next {@link #get()} makes a new one. */
    public void discard() {
        if (!Thread.currentThread().isVirtual()) {
            local.remove();
        }
    }

    /** Objects waiting in the virtual-thread pool (for tests and metrics). */
    /**
     * Runs {@code use} with this thread's object ({@link #get()}): {@link #release}d after it returns,
     * {@link #discard()}ed if it throws anything, so a failure cannot poison the thread's next call.
     */
    public <R> R with(Use<T, R> use) throws GeneralSecurityException {
        boolean ok = false;
        T t = null;
        try {
            t = get();
            R result = use.apply(t);
            ok = true;
            return result;
        } finally {
            if (ok) {
                release(t);
            } else {
                discard();
            }
        }
    }

    int pooled() {
        return pool.size();
    }
}
