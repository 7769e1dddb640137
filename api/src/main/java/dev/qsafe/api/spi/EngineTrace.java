package dev.qsafe.api.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Which backend really computed an engine call. An engine that hands a call to another backend (the
 * JDK's ML-DSA engine handing a context or a deterministic signature to Bouncy Castle, say) says so
 * with {@link #delegated(String)}; a caller that wants to know (the conformance runner, which reports
 * such a case under {@code "<engine> via <backend>"}) wraps the call in a {@link Recording}:
 *
 * <pre>{@code
 * try (EngineTrace.Recording trace = EngineTrace.start()) {
 *     engine.engineSignDerandomized(key, message, context, null);
 *     List<String> backends = trace.backends();   // e.g. ["bc-pqc"], or [] if the engine did it itself
 * }
 * }</pre>
 *
 * <p>Recording is per thread and only while a recording is open on that thread: an engine call made on
 * another thread, or with nothing recording, leaves no trace. {@link #delegated} costs one volatile
 * read and returns when no thread records, so engines may call it on every operation. Recordings nest:
 * what an inner recording sees, the outer one sees too (a hybrid engine's component that hands its
 * call on is recorded for the hybrid's call as well).
 *
 * <p>Backends are named by the provider name of the engine that computed the call where there is one
 * ({@code "bc-pqc"} for Bouncy Castle's post-quantum engines), so a report row reads
 * {@code "jdk-pqc via bc-pqc"}.
 *
 * @since 0.1.0
 */
public final class EngineTrace {
    /** The innermost open recording of each thread, or none. */
    private static final ThreadLocal<Recording> CURRENT = new ThreadLocal<>();
    /** How many recordings are open on all threads: zero lets {@link #delegated} return at once. */
    private static volatile int open;

    private EngineTrace() {
    }

    /**
     * Records that the current call is being handed to {@code backend} (a provider name such as
     * {@code "bc-pqc"}). A no-op unless a {@link Recording} is open on this thread; never allocates.
     *
     * @param backend the name of the backend that computes the call, not {@code null}
     */
    public static void delegated(String backend) {
        if (open == 0) {
            return;
        }
        Recording recording = CURRENT.get();
        if (recording != null) {
            recording.add(backend);
        }
    }

    /**
     * Opens a recording on this thread, which collects every {@link #delegated} call made on it until
     * {@link Recording#close()}. Use it in try-with-resources.
     *
     * @return the open recording
     */
    public static Recording start() {
        Recording recording = new Recording(CURRENT.get());
        CURRENT.set(recording);
        synchronized (EngineTrace.class) {
            open++;
        }
        return recording;
    }

    /**
     * One thread's record of the backends its engine calls were handed to, from {@link #start()} to
     * {@link #close()}. Not thread-safe: it belongs to the thread that opened it.
     */
    public static final class Recording implements AutoCloseable {
        private final Recording outer;
        private final Thread owner = Thread.currentThread();
        private final List<String> backends = new ArrayList<>(1);
        private boolean closed;

        private Recording(Recording outer) {
            this.outer = outer;
        }

        private void add(String backend) {
            if (!backends.contains(backend)) {
                backends.add(backend);
            }
            if (outer != null) {
                outer.add(backend);
            }
        }

        /**
         * The distinct backends recorded so far, in the order first recorded; empty if every call was
         * computed by the engine that was called. Readable after {@link #close()} too.
         *
         * @return an unmodifiable copy
         */
        public List<String> backends() {
            return List.copyOf(backends);
        }

        /**
         * Stops recording and reopens the enclosing recording, if any. Closing twice does nothing.
         *
         * @throws IllegalStateException if called on another thread than the one that opened it, or
         *                               while a recording opened inside it is still open
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner || CURRENT.get() != this) {
                throw new IllegalStateException("an EngineTrace recording must be closed on its own thread, innermost first");
            }
            closed = true;
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
            synchronized (EngineTrace.class) {
                open--;
            }
        }
    }
}
