package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exhaustive tampering of a small sealed envelope in each mode: every single-bit flip and every
 * truncation is rejected with a typed error, never accepted and never another exception.
 */
class TamperTest {
    private static final byte[] MESSAGE = {'h', 'i', '!'};

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void everySingleBitFlip_isRejected(CryptoMode mode) {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", mode);
        Identity bob = Parties.identity(q, "bob", mode);
        byte[] env = q.seal(MESSAGE, bob.publicIdentity(), alice);
        assertArrayEquals(MESSAGE, q.open(env, bob, alice.publicIdentity()));
        for (int bit = 0; bit < env.length * 8; bit++) {
            byte[] t = env.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            expectRejected(q, t, bob, alice, mode + ": flipped bit " + bit + " of " + env.length * 8);
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void everyTruncation_isRejected(CryptoMode mode) {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", mode);
        Identity bob = Parties.identity(q, "bob", mode);
        byte[] env = q.seal(MESSAGE, bob.publicIdentity(), alice);
        for (int len = 0; len < env.length; len++) {
            expectRejected(q, Arrays.copyOf(env, len), bob, alice, mode + ": truncated to " + len + " of " + env.length);
        }
    }

    private static void expectRejected(QSafe q, byte[] tampered, Identity bob, Identity alice, String what) {
        try {
            q.open(tampered, bob, alice.publicIdentity());
        } catch (QSafeException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": untyped " + e, e);
        }
        fail(what + ": the tampered envelope was accepted");
    }
}
