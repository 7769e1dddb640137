package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.SelfTests;
import dev.qsafe.provider.toolkit.WeightedProvider;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the two native providers share: loading the engine's JNI library only when it may load (see
 * {@link NativeLoad}), a self-test of each algorithm through the very engines the registry will get,
 * the availability report (library, CPU features, what is missing and why), weights from one table per
 * provider, and engine construction.
 *
 * <p>Nothing is loaded by the constructor or by {@link #algorithms()}; the first call of
 * {@link #availability()} (or of an engine method) loads the library, once. An algorithm is self-tested when its engine is first
 * asked for, once per provider instance: a command that uses AES-256-GCM does not pay for ML-DSA's
 * self-test, and an engine is never handed out before its own test passed. An algorithm whose test
 * failed is refused with the reason ({@link UnsupportedAlgorithmException}, so the registry takes the
 * next candidate) and is no longer listed by {@link #algorithms()}.
 */
abstract class HwaccelProvider extends WeightedProvider {
    private static final String PASSED = SelfTests.PASSED;

    private volatile NativeLoad state;
    /** Per algorithm: passed, or why its self-test failed. */
    private final SelfTests tested = new SelfTests();

    /**
     * @param weights the weight of every algorithm the engine can offer (the provider's one weight
     *                table; an algorithm whose self-test fails here is left out at run time)
     */
    HwaccelProvider(String name, String description, Map<Algorithm, Integer> weights) {
        super(name, description, weights);
    }

    @Override
    public final boolean hardwareBacked() {
        return true;
    }

    /**
     * Available when the native library loaded and at least one algorithm passed its self-test. The
     * note names the library, the CPU features the OS reports and every algorithm left out with why;
     * when unavailable it says why the library was not loaded.
     */
    @Override
    public final Availability availability() {
        NativeLoad load = state();
        String cpu = CpuFeatures.CURRENT.describe();
        if (!load.loaded()) {
            return Availability.unavailable(load.note() + "; " + cpu);
        }
        Map<Algorithm, String> failed = failed();
        String missing = failed.isEmpty() ? "" : "; not offered: " + failed.entrySet().stream()
                .map(e -> e.getKey().name() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        if (weightedExcept(failed.keySet()).isEmpty()) {
            return Availability.unavailable(load.note() + " loaded, but no algorithm passed its self-test" + missing + "; " + cpu);
        }
        return Availability.available(load.note() + "; " + cpu + missing + "; each algorithm is self-tested when first used");
    }

    /**
     * The algorithms of the weight table, in {@link Algorithm#wellKnown()} order, without those whose
     * self-test has failed so far (the others are tested when first used). Loads nothing: discovery asks
     * this of every provider, and the library is loaded only when availability is asked (when the
     * library does not load, the provider is unavailable, and {@code qsafe providers} shows what it would
     * have offered).
     */
    @Override
    public final Set<Algorithm> algorithms() {
        return weightedExcept(failed().keySet());
    }

    /** The algorithms whose self-test failed so far, with the reason, in name order. */
    private Map<Algorithm, String> failed() {
        return tested.failed();
    }

    @Override
    public final KemSpi engineKem(Algorithm algorithm) {
        require(algorithm, algorithm.kind() == AlgorithmKind.KEM);
        return createKem(algorithm, state().provider());
    }

    @Override
    public final SignatureSpi engineSignature(Algorithm algorithm) {
        require(algorithm, algorithm.kind() == AlgorithmKind.SIGNATURE);
        return createSignature(algorithm, state().provider());
    }

    @Override
    public final AeadSpi engineAead(Algorithm algorithm) {
        require(algorithm, algorithm.kind() == AlgorithmKind.AEAD);
        return createAead(algorithm, state().provider());
    }

    @Override
    public final KdfSpi engineKdf(Algorithm algorithm) {
        require(algorithm, algorithm.kind() == AlgorithmKind.KDF);
        return createKdf(algorithm, state().provider());
    }

    /** Loads the engine's library (or finds out why not), once. */
    abstract NativeLoad load();

    /** Creates a KEM engine on the loaded provider; the algorithm is in the weight table. */
    KemSpi createKem(Algorithm algorithm, Provider provider) {
        throw unsupported(algorithm);
    }

    /** Creates a signature engine on the loaded provider; the algorithm is in the weight table. */
    SignatureSpi createSignature(Algorithm algorithm, Provider provider) {
        throw unsupported(algorithm);
    }

    /** Creates an AEAD engine on the loaded provider; the algorithm is in the weight table. */
    AeadSpi createAead(Algorithm algorithm, Provider provider) {
        throw unsupported(algorithm);
    }

    /** Creates a KDF engine on the loaded provider; the algorithm is in the weight table. */
    KdfSpi createKdf(Algorithm algorithm, Provider provider) {
        throw unsupported(algorithm);
    }

    private NativeLoad state() {
        NativeLoad s = state;
        if (s == null) {
            synchronized (this) {
                s = state;
                if (s == null) {
                    s = load();
                    state = s;
                }
            }
        }
        return s;
    }

    /** Runs {@code a}'s self-test on first use (once); {@link #PASSED} or why it failed. */
    private String selfTested(Algorithm a, Provider provider) {
        return tested.run(a, () -> {
            try {
                selfTest(a, provider);
                knownAnswerTest(a, provider);
                return PASSED;
            } catch (RuntimeException | LinkageError e) {
                return NativeLoad.causes(e);
            }
        });
    }

    /**
     * A round trip through the engine the registry would get: seal and open, encapsulate and
     * decapsulate, sign and verify (and refuse a flipped bit), extract and expand. It proves the
     * library's service is really there and callable, which a provider's service list does not
     * (Conscrypt 2.9.0 lists a KEM whose class is missing).
     */
    private void selfTest(Algorithm a, Provider provider) {
        byte[] message = {'q', 's', 'a', 'f', 'e'};
        switch (a.kind()) {
            case AEAD -> {
                AeadSpi aead = createAead(a, provider);
                SecretBytes key = SecretBytes.wrap(new byte[a.keySize()]);
                byte[] nonce = new byte[a.nonceSize()];
                byte[] sealed = aead.seal(key, nonce, message, message);
                check(a, MessageDigest.isEqual(message, aead.open(key, nonce, sealed, message)), "open(seal(m)) != m");
            }
            case KEM -> {
                KemSpi kem = createKem(a, provider);
                KeyPair kp = kem.generateKeyPair();
                var encapsulation = kem.encapsulate(kp.publicKey());
                SecretBytes shared = kem.decapsulate(kp.privateKey(), encapsulation.ciphertext());
                check(a, shared.equals(encapsulation.sharedSecret()), "decapsulated secret differs");
            }
            case SIGNATURE -> {
                SignatureSpi sig = createSignature(a, provider);
                KeyPair kp = sig.generateKeyPair();
                byte[] signature = sig.sign(kp.privateKey(), message, new byte[0]);
                sig.verify(kp.publicKey(), message, signature, new byte[0]);
                message[0] ^= 1;
                boolean refused;
                try {
                    sig.verify(kp.publicKey(), message, signature, new byte[0]);
                    refused = false;
                } catch (dev.qsafe.api.InvalidSignatureException e) {
                    refused = true;
                }
                check(a, refused, "a signature verified for another message");
            }
            case KDF -> {
                KdfSpi kdf = createKdf(a, provider);
                byte[] prk = kdf.extract(message, message);
                check(a, kdf.expand(prk, message, 42).length == 42, "expand gave the wrong length");
            }
            default -> throw unsupported(a);
        }
    }

    /**
     * A provider's further load-time test of one algorithm (a known answer, a cross-check against an
     * independent implementation), run after the round trip; throwing leaves the algorithm out. The
     * default has none.
     */
    void knownAnswerTest(Algorithm a, Provider provider) {
    }

    private static void check(Algorithm a, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(a.name() + " self-test failed: " + what);
        }
    }

    private void require(Algorithm algorithm, boolean ofThisKind) {
        if (!ofThisKind || !hasWeight(algorithm)) {
            throw unsupported(algorithm);
        }
        NativeLoad s = state();
        if (!s.loaded()) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' is unavailable: " + s.note());
        }
        String failure = selfTested(algorithm, s.provider());
        if (!failure.equals(PASSED)) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' does not offer " + algorithm + " here: "
                    + failure);
        }
    }
}
