package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.UnsupportedCallException;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The selected signature engine of an algorithm, with the calls it cannot serve handed on: when the
 * selected engine throws {@link UnsupportedCallException} (it offers the algorithm, not this call: a
 * context string, a deterministic signature, an expanded private key), the same call on the same keys
 * goes to the next candidate of the selection by weight that passed its self-test, announced with
 * {@link EngineTrace#delegated}. No other failure is handed on: an invalid signature, a bad key or a
 * broken engine is the caller's answer. A pinned algorithm has one candidate, so nothing is handed on.
 * docs/PROVIDERS.md, "Calls an engine cannot serve".
 */
final class Routed implements SignatureSpi {
    private final SignatureSpi selected;
    /** The next usable candidate and its provider name, found on first need; {@code null} when there is none. */
    private final Supplier<Next> next;
    private volatile Next resolved;

    /** The engine of the next candidate and its provider's name. */
    record Next(String provider, SignatureSpi engine) {
    }

    Routed(SignatureSpi selected, Supplier<Next> next) {
        this.selected = selected;
        this.next = next;
    }

    @Override
    public Algorithm algorithm() {
        return selected.algorithm();
    }

    @Override
    public KeyPair generateKeyPair() {
        return route(SignatureSpi::generateKeyPair);
    }

    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        return route(e -> e.deriveKeyPair(seed));
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        return route(e -> e.derivePublicKey(privateKey));
    }

    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        return route(e -> e.sign(privateKey, message, context));
    }

    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        route(e -> {
            e.verify(publicKey, message, signature, context);
            return null;
        });
    }

    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        return route(e -> e.engineSignDerandomized(privateKey, message, context, randomness));
    }

    @Override
    public byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
        return route(e -> e.engineSignMu(privateKey, mu, randomness));
    }

    @Override
    public void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
        route(e -> {
            e.engineVerifyMu(publicKey, mu, signature);
            return null;
        });
    }

    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        return route(e -> e.engineExpandedPrivateKey(privateKey));
    }

    private <T> T route(Function<SignatureSpi, T> call) {
        try {
            return call.apply(selected);
        } catch (UnsupportedCallException refused) {
            Next n = next();
            if (n == null) {
                throw refused;
            }
            EngineTrace.delegated(n.provider());
            return call.apply(n.engine());
        }
    }

    private Next next() {
        Next n = resolved;
        if (n == null) {
            n = next.get();
            resolved = n;
        }
        return n;
    }

    @Override
    public String toString() {
        return selected + " (calls it cannot serve go to the next engine by weight)";
    }
}
