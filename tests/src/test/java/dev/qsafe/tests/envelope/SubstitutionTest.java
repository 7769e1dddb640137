package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.suite.ModeRules;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Substitution attacks on sealed envelopes and detached signatures, in each mode: another
 * recipient's key, another sender's key, parts swapped between envelopes, header fields replaced by
 * other valid values, and a signed inner message forwarded to someone else. Each is rejected with a
 * typed error; where the cryptography decides, with the one uniform {@link DecryptionFailedException}.
 */
class SubstitutionTest {
    private static final byte[] MESSAGE = "meet at the usual place".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_MESSAGE = "meet at the other place".getBytes(StandardCharsets.UTF_8);

    /** Alice, Bob, Eve and Mallory in one mode, on the shared registry. */
    private record Cast(QSafe q, Suite suite, Identity alice, Identity bob, Identity eve, Identity mallory) {
        static Cast of(CryptoMode mode) {
            QSafe q = Parties.qsafe();
            return new Cast(q, q.config().suite(mode), Parties.identity(q, "alice", mode), Parties.identity(q, "bob", mode),
                    Parties.identity(q, "eve", mode), Parties.identity(q, "mallory", mode));
        }

        byte[] aliceToBob(byte[] message) {
            return q.seal(message, bob.publicIdentity(), alice);
        }

        void assertBobCannotOpenAsAlices(byte[] envelope) {
            assertFailsUniformly(() -> q.open(envelope, bob, alice.publicIdentity()));
        }
    }

    private static void assertFailsUniformly(Executable open) {
        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, open);
        assertEquals(DecryptionFailedException.MESSAGE, e.getMessage());
    }

    // ---- another recipient's key ----

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_withEvesIdentity_isRefusedAsSealedToAnotherKey(CryptoMode mode) {
        Cast c = Cast.of(mode);
        byte[] envelope = c.aliceToBob(MESSAGE);
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> c.q().open(envelope, c.eve(), c.alice().publicIdentity()));
        assertTrue(e.getMessage().contains(c.bob().publicIdentity().kemKeyId()), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_recipientKeyIdRewrittenToEves_failsUniformlyForEveAndIsRefusedForBob(CryptoMode mode) {
        Cast c = Cast.of(mode);
        byte[] redirected = EnvelopeBytes.withRecipientKeyId(c.aliceToBob(MESSAGE), c.eve().kem().publicKey());
        assertFailsUniformly(() -> c.q().open(redirected, c.eve(), c.alice().publicIdentity()));
        assertThrows(InvalidKeyException.class, () -> c.q().open(redirected, c.bob(), c.alice().publicIdentity()));
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_withAnIdentityOfAnotherMode_isRefusedAsSealedToAnotherKey(CryptoMode mode) {
        Cast c = Cast.of(mode);
        CryptoMode other = CryptoMode.values()[(mode.ordinal() + 1) % CryptoMode.values().length];
        Identity stranger = Parties.identity(c.q(), "stranger", other);
        byte[] envelope = c.aliceToBob(MESSAGE);
        assertThrows(InvalidKeyException.class, () -> c.q().open(envelope, stranger, c.alice().publicIdentity()));
    }

    // ---- another sender's key ----

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_sealedByMalloryExpectingAlice_failsUniformly(CryptoMode mode) {
        Cast c = Cast.of(mode);
        byte[] envelope = c.q().seal(MESSAGE, c.bob().publicIdentity(), c.mallory());
        c.assertBobCannotOpenAsAlices(envelope);
        assertArrayEquals(MESSAGE, c.q().open(envelope, c.bob(), c.mallory().publicIdentity()), "control: Mallory's own");
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_malloryClaimsAlicesSenderKeyId_failsUniformly(CryptoMode mode) {
        Cast c = Cast.of(mode);
        var registry = c.q().registry();
        Suite s = c.suite();
        byte[] honest = EnvelopeBytes.sealClaimingSender(registry, c.bob().kem().publicKey(), s.kdf(), s.aead(),
                c.mallory().signature(), c.mallory().signature().publicKey(), MESSAGE);
        assertArrayEquals(MESSAGE, c.q().open(honest, c.bob(), c.mallory().publicIdentity()),
                "control: the forging toolkit writes envelopes that open");

        byte[] forged = EnvelopeBytes.sealClaimingSender(registry, c.bob().kem().publicKey(), s.kdf(), s.aead(),
                c.mallory().signature(), c.alice().signature().publicKey(), MESSAGE);
        c.assertBobCannotOpenAsAlices(forged);
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_innerMessageAliceSignedForMalloryForwardedToBob_failsUniformly(CryptoMode mode) {
        Cast c = Cast.of(mode);
        Suite s = c.suite();
        var registry = c.q().registry();
        byte[] toMallory = c.q().seal(MESSAGE, c.mallory().publicIdentity(), c.alice());
        byte[] inner = EnvelopeBytes.openInner(registry, toMallory, s.kdf(), s.aead(), c.mallory().kem().privateKey());
        byte[] forwarded = EnvelopeBytes.sealInner(registry, c.bob().kem().publicKey(), s.kdf(), s.aead(), inner);

        byte[] reopened = EnvelopeBytes.openInner(registry, forwarded, s.kdf(), s.aead(), c.bob().kem().privateKey());
        assertArrayEquals(inner, reopened, "control: the forwarded envelope decrypts for Bob; only Alice's signature can fail");
        c.assertBobCannotOpenAsAlices(forwarded);
    }

    // ---- parts swapped between two envelopes ----

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_encOrCiphertextSwappedBetweenTwoEnvelopes_failsUniformlyBothWays(CryptoMode mode) {
        Cast c = Cast.of(mode);
        EnvelopeBytes.Parts first = EnvelopeBytes.Parts.of(c.aliceToBob(MESSAGE));
        EnvelopeBytes.Parts second = EnvelopeBytes.Parts.of(c.aliceToBob(OTHER_MESSAGE));
        assertEquals(first.ct().length, second.ct().length, "same-length messages, so only the bytes differ");
        c.assertBobCannotOpenAsAlices(first.withEnc(second.enc()).assemble());
        c.assertBobCannotOpenAsAlices(second.withEnc(first.enc()).assemble());
        c.assertBobCannotOpenAsAlices(first.withCiphertext(second.ct()).assemble());
        c.assertBobCannotOpenAsAlices(second.withCiphertext(first.ct()).assemble());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_ciphertextFromAnEnvelopeToEve_failsUniformly(CryptoMode mode) {
        Cast c = Cast.of(mode);
        EnvelopeBytes.Parts toBob = EnvelopeBytes.Parts.of(c.aliceToBob(MESSAGE));
        EnvelopeBytes.Parts toEve = EnvelopeBytes.Parts.of(c.q().seal(OTHER_MESSAGE, c.eve().publicIdentity(), c.alice()));
        c.assertBobCannotOpenAsAlices(toBob.withCiphertext(toEve.ct()).assemble());
        c.assertBobCannotOpenAsAlices(toBob.withEnc(toEve.enc()).withCiphertext(toEve.ct()).assemble());
    }

    // ---- header fields replaced by other valid values ----

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_aeadIdReplacedByEveryOtherValidAeadId_failsUniformly(CryptoMode mode) {
        Cast c = Cast.of(mode);
        byte[] envelope = c.aliceToBob(MESSAGE);
        List<Algorithm> others = otherHpkeAlgorithms(AlgorithmKind.AEAD, c.suite().aead());
        assertFalse(others.isEmpty());
        for (Algorithm aead : others) {
            byte[] replaced = EnvelopeBytes.withId(envelope, EnvelopeBytes.AEAD_ID_OFFSET, aead.hpkeId());
            assertEquals(aead, c.q().inspect(replaced).aead(), "the header now names " + aead);
            Suite s = c.suite();
            if (ModeRules.violation(mode, s.kem(), s.signature(), aead, s.kdf()).isPresent()) {
                // An AEAD below the mode's rules (AES-128-GCM in HYBRID and PQC) is refused by rule, before any decryption.
                PolicyViolationException e = assertThrows(PolicyViolationException.class,
                        () -> c.q().open(replaced, c.bob(), c.alice().publicIdentity()));
                assertTrue(e.getMessage().contains(aead.name()), e.getMessage());
            } else {
                c.assertBobCannotOpenAsAlices(replaced);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void open_kemIdReplacedByEveryOtherValidKemId_isRefusedTyped(CryptoMode mode) {
        Cast c = Cast.of(mode);
        byte[] envelope = c.aliceToBob(MESSAGE);
        for (Algorithm kem : otherHpkeAlgorithms(AlgorithmKind.KEM, c.suite().kem())) {
            byte[] replaced = EnvelopeBytes.withId(envelope, EnvelopeBytes.KEM_ID_OFFSET, kem.hpkeId());
            // Another KEM has another encapsulation size (a malformed envelope) or does not match Bob's key.
            QSafeException e = assertThrows(QSafeException.class, () -> c.q().open(replaced, c.bob(), c.alice().publicIdentity()),
                    "KEM id replaced by " + kem);
            assertTrue(e instanceof InvalidInputException || e instanceof InvalidKeyException, kem + ": " + e);
        }
    }

    private static List<Algorithm> otherHpkeAlgorithms(AlgorithmKind kind, Algorithm own) {
        return Algorithm.wellKnown().stream()
                .filter(a -> a.kind() == kind && a.hpke().isPresent() && !a.equals(own))
                .filter(a -> Parties.REGISTRY.selection(a).selected().isPresent())
                .toList();
    }

    // ---- detached signatures ----

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void verify_signerKeyIdRewrittenToAlicesOnMallorysSignature_isInvalid(CryptoMode mode) {
        Cast c = Cast.of(mode);
        byte[] signature = c.q().sign(MESSAGE, c.mallory());
        int keyIdOffset = 4 + 1 + 1 + c.suite().signature().name().length();
        byte[] relabelled = signature.clone();
        System.arraycopy(HexFormat.of().parseHex(c.alice().publicIdentity().signatureKeyId()), 0, relabelled, keyIdOffset,
                EnvelopeBytes.KEY_ID_BYTES);
        assertThrows(InvalidSignatureException.class, () -> c.q().verify(MESSAGE, relabelled, c.alice().publicIdentity()));
        assertThrows(InvalidSignatureException.class, () -> c.q().verify(MESSAGE, signature, c.alice().publicIdentity()));
    }
}
