package dev.qsafe.session.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The signed prekey's replay cache: exact (no id added is ever missed, no id not added is ever found),
 * bounded at {@link PrekeyStore#REPLAY_CACHE_SIZE}, and written in the prekeys' export byte for byte as
 * the earlier set of hex strings wrote it (kept here as the reference).
 */
class ReplayCacheTest {
    private static final Random RANDOM = new Random(15_2026);

    private static byte[] id() {
        byte[] b = new byte[ReplayCache.ID_LENGTH];
        RANDOM.nextBytes(b);
        return b;
    }

    private static List<byte[]> ids(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(id());
        }
        return out;
    }

    @Test
    void everyIdAdded_isFound_andNoIdOneBitAway() {
        ReplayCache c = new ReplayCache(PrekeyStore.REPLAY_CACHE_SIZE);
        List<byte[]> added = ids(20_000); // crosses every doubling from 256 up
        LinkedHashSet<String> reference = new LinkedHashSet<>();
        for (byte[] id : added) {
            assertFalse(c.contains(id));
            assertTrue(c.add(id));
            reference.add(HexFormat.of().formatHex(id));
            assertTrue(c.contains(id), "found right after it was added");
        }
        assertEquals(20_000, c.size());
        for (byte[] id : added) {
            assertTrue(c.contains(id.clone()), "found after the arrays grew, by value");
        }
        // every one of the 128 bits counts: an id one bit away from an added one is not "seen"
        for (int k = 0; k < 500; k++) {
            byte[] id = added.get(k);
            for (int bit = 0; bit < 128; bit++) {
                byte[] near = id.clone();
                near[bit / 8] ^= (byte) (1 << (bit % 8));
                assertEquals(reference.contains(HexFormat.of().formatHex(near)), c.contains(near), "bit " + bit);
            }
        }
        for (byte[] other : ids(20_000)) {
            assertFalse(c.contains(other));
        }
    }

    @Test
    void idsThatShareAHalf_areStillTold_apart() {
        // ids alike in their first or last eight bytes, as an initiator grinding for collisions might send
        ReplayCache c = new ReplayCache(PrekeyStore.REPLAY_CACHE_SIZE);
        for (int i = 0; i < 30_000; i++) {
            byte[] a = new byte[16];
            byte[] b = new byte[16];
            a[15] = (byte) i;
            a[14] = (byte) (i >>> 8);
            a[13] = (byte) (i >>> 16);
            b[7] = (byte) i;
            b[6] = (byte) (i >>> 8);
            b[5] = (byte) (i >>> 16);
            assertTrue(c.add(a));
            assertTrue(c.add(b) || i == 0, "" + i); // i = 0: both are all zero
        }
        assertEquals(59_999, c.size());
        byte[] unseen = new byte[16];
        unseen[15] = (byte) 0x30;
        unseen[14] = (byte) 0x75; // 30_000
        assertFalse(c.contains(unseen));
        unseen[14] = 0x74;
        unseen[15] = 0x2F; // 29_999
        assertTrue(c.contains(unseen));
    }

    @Test
    void aDuplicate_changesNothing() {
        ReplayCache c = new ReplayCache(8);
        byte[] id = id();
        assertTrue(c.add(id));
        assertFalse(c.add(id.clone()));
        assertEquals(1, c.size());
    }

    @Test
    void full_atTheCapacity_andThenRefusesToAdd() {
        ReplayCache c = new ReplayCache(PrekeyStore.REPLAY_CACHE_SIZE);
        List<byte[]> added = ids(PrekeyStore.REPLAY_CACHE_SIZE);
        for (byte[] id : added) {
            assertFalse(c.isFull());
            c.add(id);
        }
        assertTrue(c.isFull());
        assertEquals(PrekeyStore.REPLAY_CACHE_SIZE, c.size());
        assertThrows(IllegalStateException.class, () -> c.add(id()));
        assertFalse(c.add(added.get(123)), "an id already there is no addition");
        for (byte[] id : added) {
            assertTrue(c.contains(id));
        }
        assertFalse(c.contains(id()));
    }

    @Test
    void wrongLength_isRefused() {
        ReplayCache c = new ReplayCache(8);
        assertThrows(IllegalArgumentException.class, () -> c.add(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> c.contains(new byte[17]));
    }

    /** The export's replay section as the earlier code wrote it: each hex string parsed back, in insertion order. */
    private static byte[] earlierExport(LinkedHashSet<String> seen) {
        Wire.Writer w = new Wire.Writer(8192);
        w.u32(seen.size());
        for (String sid : seen) {
            w.raw(HexFormat.of().parseHex(sid));
        }
        return w.toByteArray();
    }

    private static byte[] export(ReplayCache c) {
        Wire.Writer w = new Wire.Writer(8192);
        w.u32(c.size());
        c.writeTo(w);
        return w.toByteArray();
    }

    @Test
    void export_isTheEarlierBytes_andReadsBackToTheSameBytes() {
        for (int n : new int[] {0, 1, 255, 256, 257, 5_000}) {
            ReplayCache c = new ReplayCache(PrekeyStore.REPLAY_CACHE_SIZE);
            LinkedHashSet<String> earlier = new LinkedHashSet<>();
            for (byte[] id : ids(n)) {
                c.add(id);
                earlier.add(HexFormat.of().formatHex(id));
            }
            byte[] bytes = export(c);
            assertArrayEquals(earlierExport(earlier), bytes, n + " ids");
            Wire.Reader r = new Wire.Reader(bytes, "test");
            ReplayCache back = ReplayCache.read(r, r.u32(), PrekeyStore.REPLAY_CACHE_SIZE);
            r.end();
            assertArrayEquals(bytes, export(back), n + " ids read back");
            for (String hex : earlier) {
                assertTrue(back.contains(HexFormat.of().parseHex(hex)));
            }
        }
    }

    @Test
    void read_keepsADuplicateOnce_andRefusesTooMany_orTooFewBytes() {
        byte[] id = id();
        byte[] twice = new Wire.Writer(40).u32(2).raw(id).raw(id).toByteArray();
        Wire.Reader r = new Wire.Reader(twice, "test");
        ReplayCache c = ReplayCache.read(r, r.u32(), PrekeyStore.REPLAY_CACHE_SIZE);
        r.end();
        assertEquals(1, c.size());
        assertTrue(c.contains(id));

        Wire.Reader tooMany = new Wire.Reader(new Wire.Writer(4).u32(PrekeyStore.REPLAY_CACHE_SIZE + 1).toByteArray(), "test");
        assertEquals(Reason.MALFORMED, assertThrows(SessionRefusedException.class,
                () -> ReplayCache.read(tooMany, tooMany.u32(), PrekeyStore.REPLAY_CACHE_SIZE)).reason());
        Wire.Reader short1 = new Wire.Reader(new Wire.Writer(20).u32(1).raw(new byte[15]).toByteArray(), "test");
        assertThrows(SessionRefusedException.class, () -> ReplayCache.read(short1, short1.u32(), PrekeyStore.REPLAY_CACHE_SIZE));
    }

    @Test
    void prekeyStore_refusesAReplay_thenRefusesWhenFull_andSeenIdsStayReplays() {
        PrekeyStore store = new PrekeyStore(null, null);
        PrekeyStore.Prekey signed = new PrekeyStore.Prekey(PrekeyStore.KIND_SIGNED, 7, Long.MAX_VALUE, null, new byte[0]);
        store.signed.add(signed);
        store.replay.put(7L, new ReplayCache(PrekeyStore.REPLAY_CACHE_SIZE));
        byte[] first = id();
        store.checkReplay(signed, first);
        store.commit(signed, first);
        assertEquals(Reason.REPLAYED_SETUP, assertThrows(SessionRefusedException.class,
                () -> store.checkReplay(signed, first.clone())).reason());
        for (int i = 1; i < PrekeyStore.REPLAY_CACHE_SIZE; i++) {
            byte[] sid = id();
            store.checkReplay(signed, sid);
            store.commit(signed, sid);
        }
        assertEquals(Reason.REPLAY_CACHE_FULL, assertThrows(SessionRefusedException.class,
                () -> store.checkReplay(signed, id())).reason(), "the 65,537th first message");
        assertEquals(Reason.REPLAYED_SETUP, assertThrows(SessionRefusedException.class,
                () -> store.checkReplay(signed, first)).reason(), "a replay is named as one even when the cache is full");
    }
}
