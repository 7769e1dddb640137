package dev.qsafe.tests.hwaccel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.UnsupportedCallException;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry selects Conscrypt's ML-DSA (the fastest engine) and hands the calls Conscrypt cannot
 * serve to the next engine by weight, announced; a pinned Conscrypt refuses them; nothing but such a
 * refusal is handed on (docs/PROVIDERS.md, "Calls an engine cannot serve").
 */
class RoutedCallsTest {
    private static final byte[] MESSAGE = "routed".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_CONTEXT = new byte[0];

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void conscryptIsSelected_andServesTheEnvelopeCallsItself(String name) {
        NativeEngines.assumeActive("conscrypt");
        Algorithm a = Algorithm.forName(name);
        assertEquals(java.util.Optional.of("conscrypt"), NativeEngines.REGISTRY.selection(a).selected());
        SignatureSpi dsa = NativeEngines.REGISTRY.signature(a);
        KeyPair pair = dsa.generateKeyPair();
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            byte[] sig = dsa.sign(pair.privateKey(), MESSAGE, NO_CONTEXT);
            dsa.verify(pair.publicKey(), MESSAGE, sig, NO_CONTEXT);
            assertEquals(List.of(), trace.backends(), "hedged signing with an empty context is Conscrypt's own");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void deterministicSigning_goesToTheNextEngine_andMatchesIt(String name) {
        NativeEngines.assumeActive("conscrypt");
        Algorithm a = Algorithm.forName(name);
        SignatureSpi selected = NativeEngines.REGISTRY.signature(a);
        String next = NativeEngines.REGISTRY.selection(a).candidates().get(1).provider();
        KeyPair pair = selected.deriveKeyPair(new byte[32]);
        byte[] sig;
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            sig = selected.engineSignDerandomized(pair.privateKey(), MESSAGE, NO_CONTEXT, null);
            assertEquals(next, trace.backends().getFirst(), "the refusal is handed to the next candidate, announced");
        }
        // deterministic: the next engine, asked directly, gives the same bytes
        assertArrayEquals(NativeEngines.REGISTRY.signature(a, next).engineSignDerandomized(pair.privateKey(), MESSAGE,
                NO_CONTEXT, null), sig);
        selected.verify(pair.publicKey(), MESSAGE, sig, NO_CONTEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-65", "ML-DSA-87"})
    void anExpandedPrivateKey_isSignedWithByTheNextEngine(String name) {
        NativeEngines.assumeActive("conscrypt");
        Algorithm a = Algorithm.forName(name);
        SignatureSpi selected = NativeEngines.REGISTRY.signature(a);
        String next = NativeEngines.REGISTRY.selection(a).candidates().get(1).provider();
        KeyPair pair = selected.generateKeyPair();
        byte[] expanded = NativeEngines.REGISTRY.signature(a, next).engineExpandedPrivateKey(pair.privateKey());
        PrivateKey expandedKey = PrivateKey.of(a, expanded);
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            byte[] sig = selected.sign(expandedKey, MESSAGE, NO_CONTEXT);
            selected.verify(pair.publicKey(), MESSAGE, sig, NO_CONTEXT); // Conscrypt verifies what the next engine signed
            assertEquals(next, trace.backends().getFirst());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-65"})
    void aPinnedConscrypt_refusesWhatItCannotServe(String name) {
        NativeEngines.assumeActive("conscrypt");
        Algorithm a = Algorithm.forName(name);
        CryptoRegistry pinned = CryptoRegistry.discover(RegistryConfig.newBuilder().pin(a, "conscrypt").build());
        SignatureSpi dsa = pinned.signature(a);
        KeyPair pair = dsa.generateKeyPair();
        assertThrows(UnsupportedCallException.class,
                () -> dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, NO_CONTEXT, null));
    }

    @ParameterizedTest
    @EnumSource(value = Flip.class)
    void anInvalidSignature_isNotHandedOn(Flip where) {
        NativeEngines.assumeActive("conscrypt");
        Algorithm a = Algorithm.ML_DSA_65;
        SignatureSpi dsa = NativeEngines.REGISTRY.signature(a);
        KeyPair pair = dsa.generateKeyPair();
        byte[] sig = dsa.sign(pair.privateKey(), MESSAGE, NO_CONTEXT);
        sig[where == Flip.FIRST ? 0 : sig.length - 1] ^= 1;
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            assertThrows(InvalidSignatureException.class, () -> dsa.verify(pair.publicKey(), MESSAGE, sig, NO_CONTEXT));
            assertEquals(List.of(), trace.backends(), "a verdict is never asked of a second engine");
        }
    }

    enum Flip { FIRST, LAST }
}
