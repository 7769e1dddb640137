package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A destroyed key refuses every use with {@link InvalidKeyException}: in every engine of every
 * provider (KEM and signature private keys, AEAD keys) and through the facade and identity files.
 */
class DestroyedKeyTest {
    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());
    private static final QSafe QSAFE = QSafe.newBuilder().registry(REGISTRY).config(QSafeConfig.defaults()).build();
    private static final byte[] MESSAGE = "after destroy".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_CONTEXT = new byte[0];

    /** One dynamic test per engine: every provider of every KEM, signature and AEAD algorithm. */
    @TestFactory
    List<DynamicTest> everyEngine_destroyedKey_refusesUse() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Algorithm a : REGISTRY.algorithms()) {
            for (String provider : REGISTRY.providersOf(a)) {
                String name = a.name() + " of " + provider;
                switch (a.kind()) {
                    case KEM -> tests.add(DynamicTest.dynamicTest(name, () -> kemRefuses(REGISTRY.kem(a, provider))));
                    case SIGNATURE -> tests.add(DynamicTest.dynamicTest(name, () -> signatureRefuses(REGISTRY.signature(a, provider))));
                    case AEAD -> tests.add(DynamicTest.dynamicTest(name, () -> aeadRefuses(REGISTRY.aead(a, provider))));
                    default -> {
                        // KDFs, XOFs and password KDFs take no key objects that can be destroyed.
                    }
                }
            }
        }
        assertTrue(tests.size() >= 10, "engines found: " + tests.size());
        return tests;
    }

    private static void kemRefuses(KemSpi kem) {
        KeyPair pair = kem.generateKeyPair();
        byte[] enc = kem.encapsulate(pair.publicKey()).ciphertext();
        pair.privateKey().destroy();
        assertTrue(pair.privateKey().isDestroyed());
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(pair.privateKey(), enc));
        assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(pair.privateKey()));
    }

    private static void signatureRefuses(SignatureSpi scheme) {
        KeyPair pair = scheme.generateKeyPair();
        pair.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> scheme.sign(pair.privateKey(), MESSAGE, NO_CONTEXT));
        assertThrows(InvalidKeyException.class, () -> scheme.derivePublicKey(pair.privateKey()));
    }

    private static void aeadRefuses(Aead aead) {
        Algorithm a = aead.algorithm();
        SecretBytes key = SecretBytes.wrap(new byte[a.keySize()]);
        byte[] nonce = new byte[a.nonceSize()];
        byte[] sealed = aead.seal(key, nonce, MESSAGE, NO_CONTEXT);
        key.destroy();
        assertThrows(InvalidKeyException.class, () -> aead.seal(key, nonce, MESSAGE, NO_CONTEXT));
        assertThrows(InvalidKeyException.class, () -> aead.open(key, nonce, sealed, NO_CONTEXT));
    }

    private static Identity identity(String name, CryptoMode mode) {
        for (Algorithm a : QSAFE.config().suite(mode).algorithms()) {
            Assumptions.assumeTrue(REGISTRY.selection(a).selected().isPresent(), () -> mode + " needs " + a + ", which has no engine here");
        }
        return QSAFE.generateIdentity(name, mode);
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void facade_destroyedSender_refusesSealAndSign(CryptoMode mode) {
        Identity alice = identity("alice", mode);
        Identity bob = identity("bob", mode);
        alice.destroy();
        assertTrue(alice.isDestroyed());
        assertThrows(InvalidKeyException.class, () -> QSAFE.seal(MESSAGE, bob.publicIdentity(), alice));
        assertThrows(InvalidKeyException.class, () -> QSAFE.sign(MESSAGE, alice));
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void facade_destroyedRecipient_refusesOpenAsADestroyedKey(CryptoMode mode) {
        Identity alice = identity("alice", mode);
        Identity bob = identity("bob", mode);
        byte[] envelope = QSAFE.seal(MESSAGE, bob.publicIdentity(), alice);
        bob.destroy();
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> QSAFE.open(envelope, bob, alice.publicIdentity()));
        assertTrue(e.getMessage().contains("destroyed"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void identityFiles_destroyedIdentity_refuseToBeWritten(CryptoMode mode) {
        Identity alice = identity("alice", mode);
        alice.destroy();
        assertThrows(InvalidKeyException.class, () -> IdentityFiles.writeUnprotected(alice));
        assertThrows(InvalidKeyException.class, () -> IdentityFiles.write(alice, "a passphrase".toCharArray(),
                SecretWorkload.CHEAP, REGISTRY));
        assertThrows(InvalidKeyException.class, () -> IdentityFiles.writePublic(alice, REGISTRY),
                "a public identity file is signed with the private signature key");
        assertFalse(alice.publicIdentity().fingerprint().isEmpty(), "the public half stays usable");
    }
}
