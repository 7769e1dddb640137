package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The detached-signature parser, on hostile bytes: {@code QSafe.verify} of {@link Fixtures#MESSAGE}
 * against each mode's fixed identity. The seeds are real signatures of each mode.
 */
class DetachedSignatureFuzzTest {
    /** Bytes before the {@code sig_alg} name: magic, version, name length. */
    private static final int NAME_OFFSET = 4 + 1 + 1;
    private static final int KEY_ID_BYTES = 16;
    private static final byte[] MAGIC = "qsas".getBytes(StandardCharsets.US_ASCII);

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
        Oracle.Action verify = () -> Fixtures.QSAFE.verify(Fixtures.MESSAGE, signature, signer);
        if (lengthsInconsistent(signature)) {
            Oracle.failsFast(signature.length, verify);
            return;
        }
        Optional<QSafeException> failure = Oracle.check(signature.length, verify);
        if (failure.isPresent() && wellFormedFor(signer, signature)) {
            // A well-formed signature that names the signer's key can only be wrong.
            assertInstanceOf(InvalidSignatureException.class, failure.get(),
                    "a well-formed signature naming the signer's key failed otherwise than as an invalid signature");
        }
    }

    /**
     * Whether the signature is well formed (magic, version, consistent lengths, read independently of
     * the parser) and names {@code signer}'s algorithm and key id.
     */
    private static boolean wellFormedFor(PublicIdentity signer, byte[] signature) {
        if (lengthsInconsistent(signature) || !Arrays.equals(signature, 0, 4, MAGIC, 0, 4) || signature[4] != 1) {
            return false;
        }
        int nameLen = signature[NAME_OFFSET - 1] & 0xFF;
        String name = new String(signature, NAME_OFFSET, nameLen, StandardCharsets.US_ASCII);
        String keyId = HexFormat.of().formatHex(signature, NAME_OFFSET + nameLen, NAME_OFFSET + nameLen + KEY_ID_BYTES);
        return nameLen > 0 && name.equals(signer.suite().signature().name()) && keyId.equals(signer.signatureKeyId());
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
