package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reuse on platform threads (thread-local) and on virtual threads (a bounded pool), never after a failure. */
class PerThreadTest {
    @Test
    void virtualThreads_reuseObjects_acrossTasks() throws Exception {
        AtomicInteger made = new AtomicInteger();
        PerThread<Object> objects = new PerThread<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1000; i++) { // one task per virtual thread, as Batch runs them
                virtual.submit(() -> {
                    Object o = objects.get();
                    objects.release(o);
                    return null;
                }).get();
            }
        }
        assertEquals(1, made.get(), "a thread-local would have made one object per virtual thread");
    }

    @Test
    void concurrentVirtualThreads_neverShareAnObject_andThePoolIsBounded() throws Exception {
        AtomicInteger made = new AtomicInteger();
        PerThread<int[]> objects = new PerThread<>(() -> {
            made.incrementAndGet();
            return new int[1];
        });
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2000; i++) {
                results.add(virtual.submit(() -> {
                    int[] o = objects.get();
                    boolean alone = ++o[0] == 1; // another holder would have raised it too
                    Thread.yield();
                    o[0]--;
                    objects.release(o);
                    return alone;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(), "an object was used by two threads at once");
            }
        }
        assertTrue(objects.pooled() <= Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), "pool bounded");
        assertTrue(made.get() < 2000, "objects were reused: " + made.get());
    }

    @Test
    void aDiscardedObject_isNeverHandedOutAgain() throws Exception {
        PerThread<Object> objects = new PerThread<>(Object::new);
        Object platform = objects.get();
        assertSame(platform, objects.get(), "a platform thread keeps its object");
        objects.discard();
        assertNotSame(platform, objects.get());
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Object failed = virtual.submit(() -> {
                Object o = objects.get();
                objects.discard(); // a failed use: not given back
                return o;
            }).get();
            Object next = virtual.submit(() -> {
                Object o = objects.get();
                objects.release(o);
                return o;
            }).get();
            assertNotSame(failed, next);
        }
    }
}
