package dev.qsafe.runtime.internal;

import dev.qsafe.runtime.ops.MetricsSnapshot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reusable scratch buffers for the envelope hot path (the to-be-signed bytes, the signed inner part
 * before it is sealed, the decrypted inner part when opening), bounded by the total bytes held while idle.
 *
 * <p>Size classes are exact lengths. The AEAD engines work on ranges ({@code AeadSpi.sealInto} and
 * {@code openInto} take an offset and a length, so the ciphertext is read where it lies in the envelope
 * and written straight into it), but the signature engines take the to-be-signed bytes as a whole
 * {@code byte[]}, and the envelope code reads a decrypted inner part up to the end of its buffer; so a
 * buffer is only useful if it has exactly the length needed. A steady workload (the same message size
 * again and again) therefore hits; a one-off size misses and its buffer is dropped if holding it would
 * pass {@code maxBytes}.
 *
 * <p>Every buffer is zeroed when released, before anyone else can get it; a buffer is handed to one
 * {@link Lease} at a time (checked: a buffer found already lent out is an error), and releasing a
 * lease twice throws {@link IllegalStateException}. What is returned to callers of the facade is never
 * a pooled array.
 */
public final class BufferPool {
    private static final int MAX_PER_LENGTH = 64;

    private final boolean enabled;
    private final long maxBytes;
    private final int maxBufferBytes;
    private final Map<Integer, ConcurrentLinkedDeque<byte[]>> free = new ConcurrentHashMap<>();
    /** Arrays currently lent out (arrays hash and compare by identity). */
    private final Map<byte[], Boolean> lent = new ConcurrentHashMap<>();
    private final AtomicLong bytesHeld = new AtomicLong();
    private final LongAdder acquired = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder bytesReused = new LongAdder();

    public BufferPool(boolean enabled, long maxBytes, int maxBufferBytes) {
        this.enabled = enabled;
        this.maxBytes = maxBytes;
        this.maxBufferBytes = maxBufferBytes;
    }

    /** A buffer of exactly {@code length} bytes, all zero. Release it (try-with-resources) when done. */
    public Lease acquire(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative buffer length " + length);
        }
        acquired.increment();
        byte[] buffer = null;
        if (enabled && length > 0 && length <= maxBufferBytes) {
            ConcurrentLinkedDeque<byte[]> q = free.get(length);
            buffer = q == null ? null : q.pollFirst();
            if (buffer != null) {
                bytesHeld.addAndGet(-length);
                hits.increment();
                bytesReused.add(length);
            }
        }
        if (buffer == null) {
            buffer = new byte[length];
        }
        if (lent.putIfAbsent(buffer, Boolean.TRUE) != null) {
            throw new IllegalStateException("buffer pool bug: a buffer was handed out while still lent");
        }
        return new Lease(buffer);
    }

    private void release(byte[] buffer) {
        Arrays.fill(buffer, (byte) 0);
        if (lent.remove(buffer) == null) {
            throw new IllegalStateException("buffer pool: released a buffer that is not lent out");
        }
        released.increment();
        int length = buffer.length;
        if (!enabled || length == 0 || length > maxBufferBytes) {
            return;
        }
        long after = bytesHeld.addAndGet(length);
        ConcurrentLinkedDeque<byte[]> q = free.computeIfAbsent(length, k -> new ConcurrentLinkedDeque<>());
        if (after > maxBytes || q.size() >= MAX_PER_LENGTH) {
            bytesHeld.addAndGet(-length);
            dropped.increment();
            return;
        }
        q.offerFirst(buffer);
    }

    /** Empties the pool (held buffers are already zero). */
    public void clear() {
        for (ConcurrentLinkedDeque<byte[]> q : free.values()) {
            byte[] b;
            while ((b = q.pollFirst()) != null) {
                bytesHeld.addAndGet(-b.length);
            }
        }
    }

    /** The pool's counters now. */
    public MetricsSnapshot.PoolStats stats() {
        long a = acquired.sum();
        long h = hits.sum();
        return new MetricsSnapshot.PoolStats(enabled, maxBytes, bytesHeld.get(), a, released.sum(), h, a - h,
                a == 0 ? 0.0 : (double) h / a, bytesReused.sum(), dropped.sum(), lent.size());
    }

    /** One buffer lent to one user; {@link #close()} zeroes it and gives it back, once. */
    public final class Lease implements AutoCloseable {
        private static final VarHandle OPEN;

        static {
            try {
                OPEN = MethodHandles.lookup().findVarHandle(Lease.class, "open", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final byte[] buffer;
        @SuppressWarnings("unused") // through OPEN
        private volatile boolean open = true;

        private Lease(byte[] buffer) {
            this.buffer = buffer;
        }

        /** The buffer; not to be used after {@link #close()}. */
        public byte[] array() {
            if (!open) {
                throw new IllegalStateException("buffer lease already released");
            }
            return buffer;
        }

        /**
         * Zeroes the buffer and returns it to the pool.
         *
         * @throws IllegalStateException if released before
         */
        @Override
        public void close() {
            if (!OPEN.compareAndSet(this, true, false)) {
                throw new IllegalStateException("buffer lease released twice");
            }
            release(buffer);
        }
    }
}
