package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registry's decorators: every KEM and signature engine whose keys contain an Ed25519 or X25519
 * point is handed out behind one, which applies {@link PointRules} to every public key, encapsulation
 * and signature before the engine sees it (docs/PROVIDERS.md, "Trust"). The rule is the contract's, so
 * no engine can skip it; engines may check again.
 */
final class Guarded {
    /** Owner of the "this public key passed the rules" mark kept on a {@link PublicKey} (checked once per key object). */
    private static final Object CHECKED = new Object();

    private Guarded() {
    }

    /** {@code engine} behind the guard of its algorithm, or itself if the algorithm has no point rule. */
    static Object wrap(Algorithm algorithm, Object engine) {
        if (engine instanceof SignatureSpi s && edwardsKeyOffset(algorithm) >= 0) {
            return new Signature(s, algorithm);
        }
        if (engine instanceof KemSpi k && montgomeryKeyOffset(algorithm) >= 0) {
            return engine instanceof KeyAgreementSpi dh ? new DhKem(k, dh, algorithm) : new Kem(k, algorithm);
        }
        return engine;
    }

    /** Whether the registry guards engines of {@code algorithm}. */
    static boolean guards(Algorithm algorithm) {
        return edwardsKeyOffset(algorithm) >= 0 || montgomeryKeyOffset(algorithm) >= 0;
    }

    /** Where the Ed25519 point lies in a public key of {@code algorithm} (the last 32 bytes), or -1. */
    private static int edwardsKeyOffset(Algorithm a) {
        if (a.equals(Algorithm.ED25519) || a.equals(Algorithm.MLDSA44_ED25519) || a.equals(Algorithm.MLDSA65_ED25519)) {
            return a.publicKeySize() - PointRules.LENGTH;
        }
        return -1;
    }

    /** Where the X25519 point lies in a public key of {@code algorithm} (the last 32 bytes), or -1. */
    private static int montgomeryKeyOffset(Algorithm a) {
        if (a.equals(Algorithm.DHKEM_X25519) || a.equals(Algorithm.X_WING)) {
            return a.publicKeySize() - PointRules.LENGTH;
        }
        return -1;
    }

    /**
     * Applies the Ed25519 rule to the key's point; remembered on the key object once it passes.
     *
     * @return false if the key is of another algorithm or length, which the engine refuses with its own error
     */
    private static boolean checkEdwardsKey(PublicKey key, Algorithm algorithm) {
        Objects.requireNonNull(key, "publicKey");
        if (!key.algorithm().equals(algorithm) || key.length() != algorithm.publicKeySize()) {
            return false;
        }
        key.engineState(CHECKED, Boolean.class, k -> {
            String what = algorithm.equals(Algorithm.ED25519) ? "Ed25519 public key" : algorithm.name() + " public key's Ed25519 half";
            switch (PointRules.ed25519(k.encoded(), edwardsKeyOffset(algorithm))) {
                case NON_CANONICAL -> throw new InvalidKeyException(what + " is not a canonical point encoding"
                        + " (RFC 8032 section 5.1.3: y below p, no negative zero x)");
                case SMALL_ORDER -> throw new InvalidKeyException(what + " is a point of small order, under which one"
                        + " signature verifies for every message; no key pair has it");
                case ACCEPTABLE -> {
                }
            }
            return Boolean.TRUE;
        });
        return true;
    }

    /** Applies the Ed25519 rule to R and S of the Ed25519 signature that ends {@code signature}. */
    private static void checkEdwardsSignature(byte[] signature, Algorithm algorithm) {
        Objects.requireNonNull(signature, "signature");
        if (signature.length != algorithm.signatureSize()) {
            return; // the engine's own error
        }
        int r = signature.length - 2 * PointRules.LENGTH;
        String what = algorithm.equals(Algorithm.ED25519) ? "Ed25519 signature's" : algorithm.name() + " signature's Ed25519";
        switch (PointRules.ed25519(signature, r)) {
            case NON_CANONICAL -> throw new InvalidSignatureException(what + " R is not a canonical point encoding");
            case SMALL_ORDER -> throw new InvalidSignatureException(what + " R is a point of small order");
            case ACCEPTABLE -> {
            }
        }
        if (!PointRules.ed25519ScalarBelowOrder(signature, r + PointRules.LENGTH)) {
            throw new InvalidSignatureException(what + " S is not below the group order L (RFC 8032 section 5.1.7)");
        }
    }

    /** Applies the X25519 rule to the key's point; remembered on the key object once it passes. */
    private static void checkMontgomeryKey(PublicKey key, Algorithm algorithm) {
        Objects.requireNonNull(key, "publicKey");
        if (!key.algorithm().equals(algorithm) || key.length() != algorithm.publicKeySize()) {
            return;
        }
        key.engineState(CHECKED, Boolean.class, k -> {
            String what = algorithm.equals(Algorithm.DHKEM_X25519) ? "X25519 public key" : algorithm.name() + " public key's X25519 half";
            switch (PointRules.x25519(k.encoded(), montgomeryKeyOffset(algorithm))) {
                case NON_CANONICAL -> throw new InvalidKeyException(what + " is not a canonical encoding (u below p, bit 255 clear)");
                case SMALL_ORDER -> throw new InvalidKeyException(what + " rejected: it is a low-order point "
                        + "(all-zero shared value, RFC 9180 section 7.1.4)");
                case ACCEPTABLE -> {
                }
            }
            return Boolean.TRUE;
        });
    }

    /**
     * What a guard hands straight to the engine, for signatures and KEMs alike: the algorithm, key
     * generation and derivation, the export of expanded private keys and the engine's name. (The api's
     * {@code SignatureScheme} and {@code Kem} share no interface, so the engine's calls are taken as
     * method references; the public methods here implement those of both SPIs.)
     */
    private abstract static class KeyForwarding {
        private final Object engine;
        private final Supplier<Algorithm> algorithm;
        private final Supplier<KeyPair> generate;
        private final Function<byte[], KeyPair> derive;
        private final Function<PrivateKey, PublicKey> publicKey;
        private final Function<PrivateKey, byte[]> expanded;

        KeyForwarding(Object engine, Supplier<Algorithm> algorithm, Supplier<KeyPair> generate, Function<byte[], KeyPair> derive,
                      Function<PrivateKey, PublicKey> publicKey, Function<PrivateKey, byte[]> expanded) {
            this.engine = engine;
            this.algorithm = algorithm;
            this.generate = generate;
            this.derive = derive;
            this.publicKey = publicKey;
            this.expanded = expanded;
        }

        public Algorithm algorithm() {
            return algorithm.get();
        }

        public KeyPair generateKeyPair() {
            return generate.get();
        }

        public KeyPair deriveKeyPair(byte[] seed) {
            return derive.apply(seed);
        }

        public PublicKey derivePublicKey(PrivateKey privateKey) {
            return publicKey.apply(privateKey);
        }

        public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
            return expanded.apply(privateKey);
        }

        @Override
        public String toString() {
            return engine.toString();
        }
    }

    /** A signature engine behind the Ed25519 rule. */
    static final class Signature extends KeyForwarding implements SignatureSpi {
        private final SignatureSpi engine;
        private final Algorithm algorithm;

        Signature(SignatureSpi engine, Algorithm algorithm) {
            super(engine, engine::algorithm, engine::generateKeyPair, engine::deriveKeyPair, engine::derivePublicKey,
                    engine::engineExpandedPrivateKey);
            this.engine = engine;
            this.algorithm = algorithm;
        }

        @Override
        public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
            return engine.sign(privateKey, message, context);
        }

        @Override
        public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
            if (checkEdwardsKey(publicKey, algorithm)) {
                checkEdwardsSignature(signature, algorithm);
            }
            engine.verify(publicKey, message, signature, context);
        }

        @Override
        public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
            return engine.engineSignDerandomized(privateKey, message, context, randomness);
        }

        @Override
        public byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
            return engine.engineSignMu(privateKey, mu, randomness);
        }

        @Override
        public void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
            checkEdwardsKey(publicKey, algorithm);
            engine.engineVerifyMu(publicKey, mu, signature);
        }
    }

    /** A KEM engine behind the X25519 rule. */
    static class Kem extends KeyForwarding implements KemSpi {
        private final KemSpi engine;
        final Algorithm algorithm;

        Kem(KemSpi engine, Algorithm algorithm) {
            super(engine, engine::algorithm, engine::generateKeyPair, engine::deriveKeyPair, engine::derivePublicKey,
                    engine::engineExpandedPrivateKey);
            this.engine = engine;
            this.algorithm = algorithm;
        }

        @Override
        public Encapsulation encapsulate(PublicKey recipient) {
            checkMontgomeryKey(recipient, algorithm);
            return engine.encapsulate(recipient);
        }

        @Override
        public SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation) {
            Objects.requireNonNull(encapsulation, "encapsulation");
            if (algorithm.equals(Algorithm.DHKEM_X25519) && encapsulation.length == PointRules.LENGTH) {
                switch (PointRules.x25519(encapsulation, 0)) {
                    case NON_CANONICAL -> throw new InvalidInputException(
                            "X25519 encapsulation is not a canonical encoding (u below p, bit 255 clear)");
                    case SMALL_ORDER -> throw new InvalidInputException(
                            "X25519 encapsulation rejected: it is a low-order point (all-zero shared value, RFC 9180 section 7.1.4)");
                    case ACCEPTABLE -> {
                    }
                }
            }
            return engine.decapsulate(privateKey, encapsulation);
        }

        @Override
        public Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] randomness) {
            checkMontgomeryKey(recipient, algorithm);
            return engine.engineEncapsulateDerandomized(recipient, randomness);
        }
    }

    /**
     * A DHKEM engine that also offers the raw X25519 function: that function keeps RFC 7748's decoding
     * (a non-canonical u is reduced, as the RFC's own vectors need), but a u of small order is refused in
     * every encoding, before the engine computes the all-zero value the contract refuses anyway.
     */
    static final class DhKem extends Kem implements KeyAgreementSpi {
        private final KeyAgreementSpi dh;

        DhKem(KemSpi engine, KeyAgreementSpi dh, Algorithm algorithm) {
            super(engine, algorithm);
            this.dh = dh;
        }

        @Override
        public byte[] engineAgree(PrivateKey privateKey, byte[] peerPublicKey) {
            Objects.requireNonNull(peerPublicKey, "peerPublicKey");
            if (peerPublicKey.length == PointRules.LENGTH && PointRules.x25519SmallOrder(peerPublicKey, 0)) {
                throw new InvalidKeyException("X25519 public key rejected: it is a low-order point "
                        + "(all-zero shared value, RFC 9180 section 7.1.4)");
            }
            return dh.engineAgree(privateKey, peerPublicKey);
        }
    }
}
