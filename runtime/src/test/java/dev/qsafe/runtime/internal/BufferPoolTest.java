package dev.qsafe.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.runtime.ops.MetricsSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void release_zeroesTheBuffer_andTheNextAcquireReusesIt() {
        BufferPool pool = new BufferPool(true, 1 << 20, 1 << 16);
        BufferPool.Lease a = pool.acquire(1000);
        byte[] first = a.array();
        java.util.Arrays.fill(first, (byte) 0x5A);
        a.close();
        for (byte b : first) {
            assertEquals(0, b, "wiped on return");
        }
        try (BufferPool.Lease b = pool.acquire(1000)) {
            assertSame(first, b.array(), "reused");
            for (byte x : b.array()) {
                assertEquals(0, x);
            }
        }
        MetricsSnapshot.PoolStats s = pool.stats();
        assertEquals(2, s.acquired());
        assertEquals(1, s.hits());
        assertEquals(1, s.allocations());
        assertEquals(0.5, s.hitRatio());
        assertEquals(1000, s.bytesReused());
        assertEquals(1000, s.bytesHeld());
        assertEquals(0, s.outstanding());
    }

    @Test
    void releaseTwice_throws() {
        BufferPool pool = new BufferPool(true, 1 << 20, 1 << 16);
        BufferPool.Lease a = pool.acquire(64);
        a.close();
        assertThrows(IllegalStateException.class, a::close);
        assertThrows(IllegalStateException.class, a::array);
        assertEquals(1, pool.stats().released());
    }

    @Test
    void bound_holdsAtMostMaxBytes_dropsTheRest() {
        BufferPool pool = new BufferPool(true, 3000, 2000);
        List<BufferPool.Lease> leases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leases.add(pool.acquire(1000));
        }
        BufferPool.Lease big = pool.acquire(2001); // above maxBufferBytes: never pooled
        byte[] bigArray = big.array();
        leases.forEach(BufferPool.Lease::close);
        big.close();
        MetricsSnapshot.PoolStats s = pool.stats();
        assertEquals(3000, s.bytesHeld());
        assertEquals(2, s.dropped());
        assertEquals(0, s.outstanding());
        try (BufferPool.Lease again = pool.acquire(2001)) {
            assertNotSame(bigArray, again.array(), "a buffer above maxBufferBytes is not kept for reuse");
            assertEquals(0, pool.stats().hits());
            assertEquals(1, pool.stats().outstanding());
        }
    }

    @Test
    void disabled_neverReuses() {
        BufferPool pool = new BufferPool(false, 1 << 20, 1 << 16);
        byte[] first;
        try (BufferPool.Lease a = pool.acquire(100)) {
            first = a.array();
        }
        try (BufferPool.Lease b = pool.acquire(100)) {
            assertNotSame(first, b.array());
        }
        assertEquals(0, pool.stats().hits());
        assertEquals(0, pool.stats().bytesHeld());
    }

    @Test
    void manyThreads_noBufferHeldByTwoAtOnce_accountingBalances() throws Exception {
        int threads = 8;
        int rounds = 5_000;
        BufferPool pool = new BufferPool(true, 64 * 1024, 4096);
        Set<byte[]> inUse = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte mark = (byte) (t + 1);
                fs.add(ex.submit(() -> {
                    start.await();
                    int conflicts = 0;
                    for (int i = 0; i < rounds; i++) {
                        int len = 256 << (i % 4); // four size classes shared by everyone
                        try (BufferPool.Lease l = pool.acquire(len)) {
                            byte[] b = l.array();
                            if (!inUse.add(b)) {
                                conflicts++;
                            }
                            for (byte x : b) {
                                if (x != 0) {
                                    conflicts++; // someone else's bytes, or not wiped
                                    break;
                                }
                            }
                            java.util.Arrays.fill(b, mark);
                            Thread.yield();
                            for (byte x : b) {
                                if (x != mark) {
                                    conflicts++; // written by another thread while ours
                                    break;
                                }
                            }
                            inUse.remove(b);
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> f : fs) {
                assertEquals(0, f.get());
            }
        } finally {
            ex.shutdownNow();
        }
        MetricsSnapshot.PoolStats s = pool.stats();
        assertEquals((long) threads * rounds, s.acquired());
        assertEquals(s.acquired(), s.released());
        assertEquals(0, s.outstanding());
        assertTrue(s.hits() > s.acquired() / 2, "most acquisitions reuse a buffer: " + s);
        assertTrue(s.bytesHeld() <= 64 * 1024);
    }
}
