package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.Rewrap;
import dev.qsafe.runtime.keys.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kept-proof parser of re-wrapped envelopes (docs/FORMAT.md, "Re-wrapped envelopes"), on hostile bytes:
 * the input is the payload of a re-wrapped envelope, {@code message || kept_proof || I2OSP(len(kept_proof), 4)}.
 * The new envelope's own signature is the re-sealing identity's, so a mutated re-wrapped envelope never
 * reaches the proof; the targets therefore seal the input, as the payload, to the fixed CLASSICAL identity
 * and signed by it (what a re-sealing identity writes), and open the result with {@code Rewrap} with that
 * identity as the original sender: {@code KeptProof.fromEnd} parses the proof, and {@code verifyKeptProof}
 * checks its signer and signature. {@code keptProof} carries the payload in a version 1 envelope and opens it
 * in memory ({@code Rewrap.open}); {@code keptProofStream} in a version 2 envelope of 256-byte chunks, opened
 * streamed ({@code Rewrap.openStream}, which holds the proof back at the end of the stream).
 *
 * <p>The seeds are the payloads of real re-wrapped envelopes: originals sealed to and signed by the fixed
 * CLASSICAL identity, re-wrapped to the fixed HYBRID identity (the carrier here is classical, for speed: the
 * proof does not depend on it). The oracle, besides {@link Oracle}'s: a payload that opens yields one of the
 * messages the fixed identity signed; anything else fails with {@code InvalidInputException} (a malformed
 * proof) or {@code InvalidSignatureException} (another signer, a signature that does not verify).
 */
class RewrapFuzzTest {
    static final Rewrap REWRAP = Rewrap.of(Fixtures.QSAFE);
    static final int CHUNK = 256;

    @FuzzTest
    void keptProof(byte[] payload) {
        Identity party = Fixtures.identity(CryptoMode.CLASSICAL);
        byte[] envelope = Fixtures.QSAFE.seal(payload, party.publicIdentity(), party);
        byte[][] opened = new byte[1][];
        check(payload, Oracle.check(payload.length, () -> opened[0] = REWRAP.open(envelope, party, party.publicIdentity())),
                opened);
    }

    @FuzzTest
    void keptProofStream(byte[] payload) {
        Identity party = Fixtures.identity(CryptoMode.CLASSICAL);
        byte[] envelope = sealStream(party, payload);
        byte[][] opened = new byte[1][];
        check(payload, Oracle.check(payload.length, () -> opened[0] = openStream(envelope, party)), opened);
    }

    /** A version 2 envelope (256-byte chunks) of {@code payload} to {@code party}, signed by it. */
    static byte[] sealStream(Identity party, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Fixtures.QSAFE.sealStream(new ByteArrayInputStream(payload), out, party.publicIdentity(), party, CHUNK);
        } catch (IOException e) {
            throw new UncheckedIOException("memory streams do not fail", e);
        }
        return out.toByteArray();
    }

    /** {@code Rewrap.openStream} of {@code envelope} to {@code party}, original sender {@code party}: the message. */
    static byte[] openStream(byte[] envelope, Identity party) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            REWRAP.openStream(new ByteArrayInputStream(envelope), out, party, party.publicIdentity());
        } catch (IOException e) {
            throw new UncheckedIOException("memory streams do not fail", e);
        }
        return out.toByteArray();
    }

    private static void check(byte[] payload, Optional<QSafeException> failure, byte[][] opened) {
        if (failure.isEmpty()) {
            // Only the seed generator holds the fixed identity's keys: no other proof can verify.
            assertTrue(SeedCorpusTest.ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, opened[0])),
                    "a kept proof verified for a message the fixed identity never signed");
            assertTrue(opened[0].length < payload.length, "the proof was released as part of the message");
        } else {
            QSafeException e = failure.get();
            assertTrue(e instanceof InvalidInputException || e instanceof InvalidSignatureException,
                    () -> "opening a re-wrapped payload failed with " + e.getClass().getName()
                            + ", which Rewrap.open does not document for a well-sealed envelope: " + e);
        }
    }
}
