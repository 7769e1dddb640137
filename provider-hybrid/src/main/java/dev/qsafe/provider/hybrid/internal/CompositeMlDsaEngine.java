package dev.qsafe.provider.hybrid.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.security.auth.Destroyable;

/**
 * Composite ML-DSA with Ed25519 and a SHA-512 pre-hash (draft-ietf-lamps-pq-composite-sigs), over an
 * ML-DSA engine and an Ed25519 engine, one instance per {@link Variant}.
 *
 * <p>Encodings are the draft's concatenations: public key {@code mldsaPK || ed25519PK}, private key
 * {@code mldsaSeed || ed25519Seed} (32 + 32 bytes), signature {@code mldsaSig || ed25519Sig}. Both
 * components sign the message representative
 * {@code M' = Prefix || Label || len(ctx) || ctx || SHA-512(M)}; ML-DSA signs it under the context
 * {@code Label}, Ed25519 (pure, without context) as it is. The application context {@code ctx} has at
 * most 255 bytes. A signature verifies only if both component signatures do; every failure of a
 * well-formed key is the same {@link InvalidSignatureException}.
 *
 * <p>Signing is hedged through the ML-DSA component; {@link #engineSignDerandomized} hands its
 * randomness to that component (Ed25519 is deterministic). Thread-safe: the components are.
 */
final class CompositeMlDsaEngine implements SignatureSpi {
    /** The draft's {@code Prefix}: the ASCII string {@code CompositeAlgorithmSignatures2025}. */
    /** Owner of the component private keys kept on a composite {@link PrivateKey} (see {@link PrivateKey#engineState}). */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the component public keys kept on a composite {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private static final byte[] PREFIX = "CompositeAlgorithmSignatures2025".getBytes(StandardCharsets.US_ASCII);
    /** Maximum length of the application context, which is encoded in one byte. */
    private static final int MAX_CONTEXT_LENGTH = 255;
    private static final Algorithm ED25519 = Algorithm.ED25519;
    private static final byte[] NO_CONTEXT = new byte[0];

    /** The composite algorithms of this engine: their ML-DSA component and signature label. */
    enum Variant {
        /** id-MLDSA44-Ed25519-SHA512. */
        MLDSA44_ED25519(Algorithm.MLDSA44_ED25519, Algorithm.ML_DSA_44, "COMPSIG-MLDSA44-Ed25519-SHA512"),
        /** id-MLDSA65-Ed25519-SHA512. */
        MLDSA65_ED25519(Algorithm.MLDSA65_ED25519, Algorithm.ML_DSA_65, "COMPSIG-MLDSA65-Ed25519-SHA512");

        private final Algorithm algorithm;
        private final Algorithm mlDsa;
        private final byte[] label;

        Variant(Algorithm algorithm, Algorithm mlDsa, String label) {
            this.algorithm = algorithm;
            this.mlDsa = mlDsa;
            this.label = label.getBytes(StandardCharsets.US_ASCII);
        }

        /** The composite algorithm. */
        Algorithm algorithm() {
            return algorithm;
        }

        /** The ML-DSA parameter set it is built on. */
        Algorithm mlDsa() {
            return mlDsa;
        }
    }

    private final Variant variant;
    private final Algorithm algorithm;
    private final SignatureSpi mlDsa;
    private final SignatureSpi ed25519;

    /**
     * @param variant the composite algorithm
     * @param mlDsa   the engine of {@code variant.mlDsa()}
     * @param ed25519 the Ed25519 engine (private keys are the 32-byte seed)
     */
    CompositeMlDsaEngine(Variant variant, SignatureSpi mlDsa, SignatureSpi ed25519) {
        this.variant = variant;
        this.algorithm = variant.algorithm;
        this.mlDsa = mlDsa;
        this.ed25519 = ed25519;
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Fresh, independent key pairs of both components, as the draft's KeyGen requires. */
    @Override
    public KeyPair generateKeyPair() {
        KeyPair m = mlDsa.generateKeyPair();
        KeyPair e = ed25519.generateKeyPair();
        byte[] mlDsaSeed = null;
        byte[] ed25519Seed = null;
        byte[] seeds = null;
        try {
            mlDsaSeed = Keys.privateBytes(m.privateKey(), variant.mlDsa);
            ed25519Seed = Keys.privateBytes(e.privateKey(), ED25519);
            seeds = Bytes.concat(mlDsaSeed, ed25519Seed);
            return new KeyPair(PublicKey.of(algorithm, Bytes.concat(m.publicKey().encoded(), e.publicKey().encoded())),
                    PrivateKey.of(algorithm, seeds));
        } finally {
            Bytes.wipe(mlDsaSeed, ed25519Seed, seeds);
            m.privateKey().destroy();
            e.privateKey().destroy();
        }
    }

    /**
     * The key pair whose private key is {@code seed = mldsaSeed || ed25519Seed}: the ML-DSA key pair of
     * FIPS 204 KeyGen_internal(mldsaSeed) and the Ed25519 key pair of its RFC 8032 seed.
     */
    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != algorithm.privateKeySize()) {
            throw new InvalidKeyException(algorithm.name() + " seed must be " + algorithm.privateKeySize()
                    + " bytes (ML-DSA seed || Ed25519 seed), got " + seed.length);
        }
        PrivateKey privateKey = PrivateKey.of(algorithm, seed);
        return new KeyPair(derivePublicKey(privateKey), privateKey);
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        Components key = components(privateKey);
        return PublicKey.of(algorithm, Bytes.concat(mlDsa.derivePublicKey(key.mlDsa()).encoded(),
                ed25519.derivePublicKey(key.ed25519()).encoded()));
    }

    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        return sign(privateKey, message, context, (key, representative) -> mlDsa.sign(key, representative, variant.label));
    }

    /**
     * Signs with {@code randomness} as the ML-DSA component's {@code rnd} (32 bytes, or {@code null}
     * for its deterministic variant); Ed25519 is deterministic.
     */
    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        return sign(privateKey, message, context,
                (key, representative) -> mlDsa.engineSignDerandomized(key, representative, variant.label, randomness));
    }

    /**
     * Verifies both component signatures over {@code M'}. A context longer than 255 bytes or a signature
     * of the wrong length cannot be valid and is reported like any other invalid signature.
     *
     * @throws InvalidKeyException if a component public key is malformed
     */
    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(context, "context");
        PublicComponents pk = publicComponents(publicKey);
        if (context.length > MAX_CONTEXT_LENGTH || signature.length != algorithm.signatureSize()) {
            throw invalid(null);
        }
        PublicKey mlDsaKey = pk.mlDsa();
        PublicKey ed25519Key = pk.ed25519();
        byte[] mlDsaSignature = Arrays.copyOfRange(signature, 0, variant.mlDsa.signatureSize());
        byte[] ed25519Signature = Arrays.copyOfRange(signature, variant.mlDsa.signatureSize(), signature.length);
        byte[] representative = representative(message, context);
        try {
            mlDsa.verify(mlDsaKey, representative, mlDsaSignature, variant.label);
            ed25519.verify(ed25519Key, representative, ed25519Signature, NO_CONTEXT);
        } catch (InvalidSignatureException e) {
            throw invalid(e);
        }
    }

    private byte[] sign(PrivateKey privateKey, byte[] message, byte[] context,
                        BiFunction<PrivateKey, byte[], byte[]> mlDsaSigner) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(context, "context");
        if (context.length > MAX_CONTEXT_LENGTH) {
            throw new InvalidInputException(algorithm.name() + " context must be at most " + MAX_CONTEXT_LENGTH
                    + " bytes, got " + context.length);
        }
        Components key = components(privateKey);
        byte[] representative = representative(message, context);
        return Bytes.concat(mlDsaSigner.apply(key.mlDsa(), representative),
                ed25519.sign(key.ed25519(), representative, NO_CONTEXT));
    }

    /** {@code M' = Prefix || Label || len(ctx) || ctx || SHA-512(M)}. */
    private byte[] representative(byte[] message, byte[] context) {
        return Bytes.concat(PREFIX, variant.label, new byte[] {(byte) context.length}, context,
                Bytes.hash("SHA-512", message));
    }

    /**
     * The component private keys of a checked composite private key, split on first use and kept on the
     * key (so the component engines can keep their own expanded keys on them); destroying the composite
     * key destroys them.
     */
    private Components components(PrivateKey privateKey) {
        Keys.checkPrivate(privateKey, algorithm);
        return privateKey.engineState(SecretAccess.INSECURE, PRIVATE_STATE, Components.class, this::split);
    }

    /** The component public keys of a checked composite public key, split once and kept on the key. */
    private PublicComponents publicComponents(PublicKey publicKey) {
        Keys.checkPublic(publicKey, algorithm);
        return publicKey.engineState(PUBLIC_STATE, PublicComponents.class, key -> {
            byte[] pk = key.encoded();
            int split = variant.mlDsa.publicKeySize();
            return new PublicComponents(Keys.componentPublic(variant.mlDsa, pk, 0, split),
                    Keys.componentPublic(ED25519, pk, split, pk.length));
        });
    }

    private Components split(PrivateKey privateKey) {
        byte[] seeds = Keys.privateBytes(privateKey, algorithm);
        try {
            int split = variant.mlDsa.privateKeySize();
            return new Components(Keys.component(variant.mlDsa, seeds, 0, split),
                    Keys.component(ED25519, seeds, split, seeds.length));
        } finally {
            Bytes.wipe(seeds);
        }
    }

    private InvalidSignatureException invalid(InvalidSignatureException cause) {
        return new InvalidSignatureException(algorithm.name()
                + " signature does not verify for this key, message and context", cause);
    }

    /**
     * The component private keys of a composite private key, kept on it and destroyed with it.
     *
     * @param mlDsa   the ML-DSA seed
     * @param ed25519 the Ed25519 seed
     */
    record Components(PrivateKey mlDsa, PrivateKey ed25519) implements Destroyable {
        @Override
        public void destroy() {
            mlDsa.destroy();
            ed25519.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return mlDsa.isDestroyed() && ed25519.isDestroyed();
        }
    }

    /**
     * The component public keys of a composite public key, kept on it.
     *
     * @param mlDsa   the ML-DSA public key
     * @param ed25519 the Ed25519 public key
     */
    record PublicComponents(PublicKey mlDsa, PublicKey ed25519) {
    }
}
