package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.Identity;
import java.util.Arrays;
import java.util.Optional;

/**
 * The multi-recipient envelope parser (version 3, docs/FORMAT.md), on hostile bytes: the input is
 * everything after the magic and version byte ({@code "qsaf" 03}), so every input reaches the version 3
 * header (flags, the recipient count, each entry's KEM id, key id and lengths) and, past it, the unwrap
 * and the chunks. {@code inspectMulti} reads the header only; {@code openMulti} opens with the fixed
 * CLASSICAL identity as recipient and expected sender. The seeds are real envelopes to that identity
 * (key ids present and hidden) and a header claiming 65535 recipients.
 */
class MultiEnvelopeFuzzTest {
    private static final byte[] PREFIX = {'q', 's', 'a', 'f', 3};

    static byte[] envelope(byte[] rest) {
        byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + rest.length);
        System.arraycopy(rest, 0, out, PREFIX.length, rest.length);
        return out;
    }

    @FuzzTest
    void inspectMulti(byte[] rest) {
        byte[] envelope = envelope(rest);
        Optional<QSafeException> failure = Oracle.check(envelope.length, () -> Fixtures.QSAFE.inspect(envelope));
        failure.ifPresent(e -> assertTrue(e instanceof InvalidInputException || e instanceof UnsupportedAlgorithmException,
                () -> "inspect failed with " + e.getClass().getName() + ", which the envelope format does not document: " + e));
    }

    @FuzzTest
    void openMulti(byte[] rest) {
        byte[] envelope = envelope(rest);
        Identity party = Fixtures.identity(CryptoMode.CLASSICAL);
        byte[][] opened = new byte[1][];
        Optional<QSafeException> failure = Oracle.check(envelope.length,
                () -> opened[0] = Fixtures.QSAFE.open(envelope, party, party.publicIdentity()));
        if (failure.isEmpty()) {
            // Only the seed generator holds the fixed identity's keys: nothing else can open with its signature.
            assertTrue(SeedCorpusTest.ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, opened[0])),
                    "open returned a message the fixed identity never sealed");
        } else {
            QSafeException e = failure.get();
            assertTrue(e instanceof InvalidInputException || e instanceof UnsupportedAlgorithmException
                            || e instanceof InvalidKeyException || e instanceof DecryptionFailedException
                            || e instanceof PolicyViolationException,
                    () -> "open failed with " + e.getClass().getName() + ", which the envelope format does not document: " + e);
        }
    }
}
