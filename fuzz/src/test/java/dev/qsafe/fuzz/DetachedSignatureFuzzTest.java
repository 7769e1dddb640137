package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.PublicIdentity;

/**
 * The detached-signature parser, on hostile bytes: {@code QSafe.verify} of {@link Fixtures#MESSAGE}
 * against each mode's fixed identity. The seeds are real signatures of each mode.
 */
class DetachedSignatureFuzzTest {
    /** Bytes before the {@code sig_alg} name: magic, version, name length. */
    private static final int NAME_OFFSET = 4 + 1 + 1;
    private static final int KEY_ID_BYTES = 16;

    @FuzzTest
    void verifyClassical(byte[] signature) {
        verify(CryptoMode.CLASSICAL, signature);
    }

    @FuzzTest
    void verifyHybrid(byte[] signature) {
        verify(CryptoMode.HYBRID, signature);
    }

    @FuzzTest
    void verifyPqc(byte[] signature) {
        verify(CryptoMode.PQC, signature);
    }

    private static void verify(CryptoMode mode, byte[] signature) {
        PublicIdentity signer = Fixtures.identity(mode).publicIdentity();
        boolean accepted = Oracle.accepts(signature.length, () -> Fixtures.QSAFE.verify(Fixtures.MESSAGE, signature, signer));
        if (accepted) {
            assertFalse(lengthsInconsistent(signature), "verify accepted a signature whose declared lengths do not match its size");
        }
    }

    /** Whether the name and signature length fields disagree with the size, read independently of the parser. */
    private static boolean lengthsInconsistent(byte[] signature) {
        if (signature.length < NAME_OFFSET) {
            return true;
        }
        int nameLen = signature[NAME_OFFSET - 1] & 0xFF;
        int sigLenAt = NAME_OFFSET + nameLen + KEY_ID_BYTES;
        if (signature.length < sigLenAt + 2) {
            return true;
        }
        int sigLen = (signature[sigLenAt] & 0xFF) << 8 | signature[sigLenAt + 1] & 0xFF;
        return sigLen != signature.length - (sigLenAt + 2);
    }
}
