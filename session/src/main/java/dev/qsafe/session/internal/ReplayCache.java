package dev.qsafe.session.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The replay cache of one signed prekey (docs/SESSION.md, "Setup"): the 16-byte session ids of the
 * first messages accepted to it. It is
 * <ul>
 *   <li><b>exact</b>: every id is kept whole and compared whole, so an id added is always found again and
 *   an id never added is never found (no hashing away of bits, no filter with false answers either way);</li>
 *   <li><b>bounded</b>: at most {@link #capacity()} ids (the caller refuses setups when it is full);</li>
 *   <li><b>ordered</b>: {@link #writeTo} writes the ids in the order they were added, as the prekeys'
 *   export always has, so an export read back and exported again gives the same bytes.</li>
 * </ul>
 *
 * <p>The ids live in primitive arrays: two {@code long}s per id in the order added, and an open-addressing
 * index of {@code int}s into them, at most half full. Adding an id allocates nothing (but when the arrays
 * double, up to the capacity), holds no object per id and stores no reference, so the garbage collector
 * neither copies nor scans the cache; 65,536 ids take 1.5 MiB. (The earlier set of hex strings held three
 * objects, about 120 bytes, per id: docs/BENCHMARKS.md, issue 15.) The index's hash is keyed with a
 * random value of each cache, so session ids ground by an initiator cannot be aimed at one probe chain;
 * exactness does not depend on the hash, only the time of a lookup does.
 *
 * <p>Not thread-safe: the prekey store's callers serialize access.
 */
final class ReplayCache {
    /** Bytes of a session id. */
    static final int ID_LENGTH = 16;
    private static final int INITIAL = 256;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final SecureRandom SEEDS = new SecureRandom();

    private final int capacity;
    private final long key0;
    private final long key1;
    /** The i-th id added is {@code ids[2i] || ids[2i+1]}, each half big-endian. */
    private long[] ids;
    /** Open addressing, linear probing: 0 is empty, else the position of an id in {@link #ids} plus one. */
    private int[] index;
    private int size;

    /** An empty cache of at most {@code capacity} ids. */
    ReplayCache(int capacity) {
        if (capacity < 1 || capacity > (1 << 28)) {
            throw new IllegalArgumentException("replay cache capacity " + capacity);
        }
        this.capacity = capacity;
        this.key0 = SEEDS.nextLong();
        this.key1 = SEEDS.nextLong();
        int n = Math.min(INITIAL, capacity);
        this.ids = new long[2 * n];
        this.index = new int[tableSize(n)];
    }

    /** The smallest power of two at least twice {@code n}: the index stays at most half full. */
    private static int tableSize(int n) {
        return Integer.highestOneBit(Math.max(1, n - 1)) << 2;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /** Whether {@code id} was added. */
    boolean contains(byte[] id) {
        check(id);
        return find(hi(id), lo(id)) >= 0;
    }

    /**
     * Adds {@code id}; returns false if it was there already (nothing changes then).
     *
     * @throws IllegalStateException if the cache is full (the caller checks {@link #isFull()} first)
     */
    boolean add(byte[] id) {
        check(id);
        return add(hi(id), lo(id));
    }

    private boolean add(long hi, long lo) {
        int slot = find(hi, lo);
        if (slot >= 0) {
            return false;
        }
        if (size >= capacity) {
            throw new IllegalStateException("the replay cache holds " + capacity + " ids; refuse, do not add");
        }
        if (2 * size == ids.length) {
            grow();
            slot = find(hi, lo); // the free slot moved with the new index
        }
        ids[2 * size] = hi;
        ids[2 * size + 1] = lo;
        index[-slot - 1] = ++size;
        return true;
    }

    /** The slot holding the id, or {@code -(free slot) - 1} where it would go. */
    private int find(long hi, long lo) {
        int mask = index.length - 1;
        int slot = hash(hi, lo) & mask;
        while (true) {
            int at = index[slot];
            if (at == 0) {
                return -slot - 1;
            }
            int i = 2 * (at - 1);
            if (ids[i] == hi && ids[i + 1] == lo) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        int n = Math.min(capacity, 2 * (ids.length / 2));
        ids = Arrays.copyOf(ids, 2 * n);
        index = new int[tableSize(n)];
        int mask = index.length - 1;
        for (int p = 0; p < size; p++) {
            int slot = hash(ids[2 * p], ids[2 * p + 1]) & mask;
            while (index[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            index[slot] = p + 1;
        }
    }

    /** A keyed mix of both halves (the 64-bit finalizer of MurmurHash3 over each): spreads, does not authenticate. */
    private int hash(long hi, long lo) {
        long h = fmix(hi ^ key0) ^ Long.rotateLeft(fmix(lo ^ key1), 32);
        return (int) (h ^ (h >>> 32));
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** Writes the ids, 16 bytes each, in the order they were added (no count: the caller writes it). */
    void writeTo(Wire.Writer w) {
        for (int i = 0; i < 2 * size; i++) {
            w.u64(ids[i]);
        }
    }

    /**
     * Reads {@code count} ids of 16 bytes, as {@link #writeTo} wrote them, into a cache of
     * {@code capacity}; an id that comes twice is kept once (as the earlier set kept it).
     *
     * @throws dev.qsafe.api.SessionRefusedException (malformed) if {@code count} exceeds the capacity or
     *                                                the bytes end early
     */
    static ReplayCache read(Wire.Reader r, long count, int capacity) {
        if (count < 0 || count > capacity) {
            throw Wire.malformed("prekeys: replay cache too large");
        }
        ReplayCache c = new ReplayCache(capacity);
        for (long j = 0; j < count; j++) {
            c.add(r.u64(), r.u64());
        }
        return c;
    }

    private static void check(byte[] id) {
        if (id.length != ID_LENGTH) {
            throw new IllegalArgumentException("a session id has " + ID_LENGTH + " bytes, got " + id.length);
        }
    }

    private static long hi(byte[] id) {
        return (long) LONG.get(id, 0);
    }

    private static long lo(byte[] id) {
        return (long) LONG.get(id, 8);
    }
}
