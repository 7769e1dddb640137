package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;

/** The engine-state slot of {@link PrivateKey} and {@link PublicKey}: derived once, dropped and wiped on destroy. */
class KeyEngineStateTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final Object OWNER_A = new Object();
    private static final Object OWNER_B = new Object();

    /** A state that records whether it was wiped. */
    static final class Expanded implements Destroyable {
        final byte[] bytes;
        boolean destroyed;

        Expanded(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void destroy() {
            java.util.Arrays.fill(bytes, (byte) 0);
            destroyed = true;
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }
    }

    @Test
    void privateKey_computesOncePerOwner_andReturnsTheSameState() {
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, SECRET);
        AtomicInteger calls = new AtomicInteger();
        Expanded first = k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class,
                key -> { calls.incrementAndGet(); return new Expanded(key.rawBytes(SecretAccess.INSECURE)); });
        Expanded second = k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class,
                key -> { calls.incrementAndGet(); return new Expanded(new byte[1]); });
        assertSame(first, second);
        assertEquals(1, calls.get());
        Expanded other = k.engineState(SecretAccess.INSECURE, OWNER_B, Expanded.class, key -> new Expanded(new byte[1]));
        assertFalse(first == other, "another owner gets its own state");
    }

    @Test
    void privateKey_destroyWipesDestroyableAndClosesCloseableStates_andLaterUseIsRefused() {
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, SECRET);
        Expanded state = k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class,
                key -> new Expanded(key.rawBytes(SecretAccess.INSECURE)));
        AtomicInteger closed = new AtomicInteger();
        k.engineState(SecretAccess.INSECURE, OWNER_B, AutoCloseable.class,
                key -> closed::incrementAndGet);
        assertFalse(state.isDestroyed());
        k.destroy();
        assertTrue(state.isDestroyed());
        assertTrue(java.util.Arrays.equals(new byte[SECRET.length], state.bytes), "state bytes wiped");
        assertEquals(1, closed.get());
        assertThrows(InvalidKeyException.class, () -> k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class,
                key -> new Expanded(new byte[1])));
        k.destroy();
        assertEquals(1, closed.get(), "a second destroy closes nothing again");
    }

    @Test
    void privateKey_failedComputationStoresNothing_andTypeMismatchIsAnError() {
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, SECRET);
        assertThrows(InvalidKeyException.class, () -> k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class,
                key -> { throw new InvalidKeyException("bad"); }));
        Expanded later = k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class, key -> new Expanded(new byte[2]));
        assertEquals(2, later.bytes.length);
        assertThrows(IllegalStateException.class, () -> k.engineState(SecretAccess.INSECURE, OWNER_A, String.class, key -> "x"));
        assertThrows(IllegalArgumentException.class, () -> k.engineState(null, OWNER_A, Expanded.class, key -> new Expanded(new byte[1])));
        assertThrows(NullPointerException.class, () -> k.engineState(SecretAccess.INSECURE, new Object(), Expanded.class, key -> null));
    }

    @Test
    void privateKey_stateIsNotPartOfEqualityOrToString() {
        PrivateKey a = PrivateKey.of(Algorithm.ED25519, SECRET);
        PrivateKey b = PrivateKey.of(Algorithm.ED25519, SECRET);
        a.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class, key -> new Expanded(key.rawBytes(SecretAccess.INSECURE)));
        assertEquals(a, b);
        assertEquals(b.toString(), a.toString());
    }

    @Test
    void privateKey_concurrentFirstUseComputesOnce() throws Exception {
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, SECRET);
        AtomicInteger calls = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Expanded>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tasks.add(() -> k.engineState(SecretAccess.INSECURE, OWNER_A, Expanded.class,
                        key -> { calls.incrementAndGet(); return new Expanded(new byte[1]); }));
            }
            List<Future<Expanded>> results = pool.invokeAll(tasks);
            Expanded first = results.get(0).get();
            for (Future<Expanded> f : results) {
                assertSame(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, calls.get());
    }

    @Test
    void publicKey_computesOncePerOwner() {
        PublicKey p = PublicKey.of(Algorithm.ED25519, SECRET);
        AtomicInteger calls = new AtomicInteger();
        Object first = p.engineState(OWNER_A, List.class, key -> { calls.incrementAndGet(); return List.of(key.length()); });
        Object second = p.engineState(OWNER_A, List.class, key -> { calls.incrementAndGet(); return List.of(); });
        assertSame(first, second);
        assertEquals(1, calls.get());
        assertThrows(IllegalStateException.class, () -> p.engineState(OWNER_A, String.class, key -> "x"));
        assertEquals(PublicKey.of(Algorithm.ED25519, SECRET), p);
    }
}
