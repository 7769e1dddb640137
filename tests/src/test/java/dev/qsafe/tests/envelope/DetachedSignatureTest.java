package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Detached signatures through the facade. */
class DetachedSignatureTest {
    private static final byte[] DOCUMENT = "release-1.0.tar.gz contents".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void signVerify_eachMode_andEveryTamperingFails(CryptoMode mode) {
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice", mode);
        Identity eve = Parties.identity(q, "eve", mode);
        byte[] sig = q.sign(DOCUMENT, alice);
        q.verify(DOCUMENT, sig, alice.publicIdentity());

        byte[] other = DOCUMENT.clone();
        other[0] ^= 1;
        assertThrows(InvalidSignatureException.class, () -> q.verify(other, sig, alice.publicIdentity()));
        assertThrows(InvalidSignatureException.class, () -> q.verify(DOCUMENT, sig, eve.publicIdentity()));
        byte[] flipped = sig.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThrows(InvalidSignatureException.class, () -> q.verify(DOCUMENT, flipped, alice.publicIdentity()));
        assertThrows(InvalidInputException.class,
                () -> q.verify(DOCUMENT, Arrays.copyOf(sig, sig.length - 1), alice.publicIdentity()));
        assertThrows(InvalidInputException.class, () -> q.verify(DOCUMENT, new byte[3], alice.publicIdentity()));
    }
}
