package dev.qsafe.runtime.registry;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PasswordKdf;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The known-answer self-tests every engine passes before the registry may select it (docs/PROVIDERS.md,
 * "Trust"): values it must reproduce, from published vectors kept in one place
 * ({@code known-answers.properties} beside this class, written by {@code scripts/known-answers.py}), and
 * values it must refuse (a modified tag or signature; small-order and non-canonical keys). They run on the
 * engine as the registry hands it out, guard included, once per engine and process, only for the
 * algorithm asked for.
 */
final class KnownAnswers {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NO_CONTEXT = new byte[0];

    /**
     * Invalid Ed25519 public keys every Ed25519 engine must refuse with an invalid-key error: the neutral
     * point canonical and in its non-canonical encodings ({@code 01 00..00 80}, y = p + 1), and a point of
     * order 8 (from the C2SP CCTV Ed25519 README's list).
     */
    static final List<String> INVALID_ED25519_KEYS = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000080",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
    /**
     * The signature that verifies every message under the neutral point: R = B (the base point), S = 1,
     * since [1]B = B + [k]O.
     */
    static final String NEUTRAL_KEY_FORGERY =
            "5866666666666666666666666666666666666666666666666666666666666666"
            + "0100000000000000000000000000000000000000000000000000000000000000";
    /** Invalid X25519 public keys: u = 0, u = 1, a point of order 8, u = p + 1, and a canonical key with bit 255 set. */
    static final List<String> INVALID_X25519_KEYS = List.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815ccd");

    private static volatile Properties vectors;

    private KnownAnswers() {
    }

    /** Whether qsafe has a known-answer test for {@code algorithm} (every well-known algorithm does). */
    static boolean has(Algorithm algorithm) {
        return vectors().stringPropertyNames().stream().anyMatch(k -> k.startsWith(algorithm.name() + "."));
    }

    /**
     * Runs the known-answer test of {@code algorithm} on {@code engine}.
     *
     * @throws IllegalStateException saying what did not match; any exception of the engine propagates
     */
    static void run(Algorithm algorithm, Object engine) {
        switch (algorithm.kind()) {
            case AEAD -> aead(algorithm, (Aead) engine);
            case KDF -> kdf(algorithm, (Kdf) engine);
            case XOF -> check(algorithm, MessageDigest.isEqual(bytes(algorithm, "output"),
                    ((Xof) engine).digest(bytes(algorithm, "input"), bytes(algorithm, "output").length)), "the digest");
            case PASSWORD_KDF -> passwordKdf(algorithm, (PasswordKdf) engine);
            case KEM -> kem(algorithm, (KemSpi) engine);
            case SIGNATURE -> signature(algorithm, (SignatureSpi) engine);
        }
    }

    private static void aead(Algorithm a, Aead engine) {
        SecretBytes key = SecretBytes.copyOf(bytes(a, "key"));
        try {
            byte[] nonce = bytes(a, "nonce");
            byte[] aad = bytes(a, "aad");
            byte[] plaintext = bytes(a, "plaintext");
            byte[] sealed = bytes(a, "sealed");
            check(a, MessageDigest.isEqual(sealed, engine.seal(key, nonce, plaintext, aad)), "the ciphertext and tag");
            check(a, MessageDigest.isEqual(plaintext, engine.open(key, nonce, sealed, aad)), "the decrypted plaintext");
            byte[] forged = sealed.clone();
            forged[forged.length - 1] ^= 1;
            refuses(a, "a modified tag", DecryptionFailedException.class, () -> engine.open(key, nonce, forged, aad));
            byte[] otherAad = aad.clone();
            otherAad[0] ^= 1;
            refuses(a, "modified associated data", DecryptionFailedException.class, () -> engine.open(key, nonce, sealed, otherAad));
        } finally {
            key.destroy();
        }
    }

    private static void kdf(Algorithm a, Kdf engine) {
        byte[] okm = bytes(a, "okm");
        check(a, MessageDigest.isEqual(okm, engine.derive(bytes(a, "salt"), bytes(a, "ikm"), bytes(a, "info"), okm.length)), "the output");
    }

    private static void passwordKdf(Algorithm a, PasswordKdf engine) {
        byte[] output = bytes(a, "output");
        String[] cost = text(a, "cost").split(",");
        char[] passphrase = new String(bytes(a, "passphrase"), StandardCharsets.UTF_8).toCharArray();
        byte[] derived = engine.derive(passphrase, bytes(a, "salt"), new PasswordKdfParameters(
                Integer.parseInt(cost[0]), Integer.parseInt(cost[1]), Integer.parseInt(cost[2])), output.length);
        Arrays.fill(passphrase, '\0');
        check(a, MessageDigest.isEqual(output, derived), "the derived key");
        Arrays.fill(derived, (byte) 0);
    }

    private static void kem(Algorithm a, KemSpi engine) {
        if (a.equals(Algorithm.DHKEM_X25519)) {
            KeyPair r = engine.deriveKeyPair(bytes(a, "ikmR"));
            try {
                check(a, MessageDigest.isEqual(bytes(a, "pkR"), r.publicKey().encoded()), "the public key derived from ikmR");
                Encapsulation e = engine.engineEncapsulateDerandomized(r.publicKey(), bytes(a, "ikmE"));
                check(a, MessageDigest.isEqual(bytes(a, "enc"), e.ciphertext()), "the encapsulation from ikmE");
                check(a, sameSecret(bytes(a, "sharedSecret"), e.sharedSecret()), "the encapsulated shared secret");
                check(a, sameSecret(bytes(a, "sharedSecret"), engine.decapsulate(r.privateKey(), bytes(a, "enc"))),
                        "the decapsulated shared secret");
                for (String bad : INVALID_X25519_KEYS) {
                    refuses(a, "the invalid public key " + bad, InvalidKeyException.class,
                            () -> engine.encapsulate(PublicKey.of(a, HEX.parseHex(bad))));
                    refuses(a, "the invalid encapsulation " + bad, InvalidInputException.class,
                            () -> engine.decapsulate(r.privateKey(), HEX.parseHex(bad)));
                }
            } finally {
                r.privateKey().destroy();
            }
            return;
        }
        KeyPair pair = engine.deriveKeyPair(bytes(a, "seed"));
        try {
            check(a, HEX.formatHex(sha256(pair.publicKey().encoded())).equals(text(a, "publicKey.sha256")),
                    "the public key derived from the seed");
            PublicKey recipient = a.equals(Algorithm.X_WING) ? pair.publicKey() : PublicKey.of(a, bytes(a, "encapsulationKey"));
            byte[] randomness = bytes(a, a.equals(Algorithm.X_WING) ? "eseed" : "m");
            Encapsulation e = engine.engineEncapsulateDerandomized(recipient, randomness);
            check(a, HEX.formatHex(sha256(e.ciphertext())).equals(text(a, "ciphertext.sha256")), "the encapsulation");
            check(a, sameSecret(bytes(a, "sharedSecret"), e.sharedSecret()), "the encapsulated shared secret");
            Encapsulation own = engine.encapsulate(pair.publicKey());
            byte[] ct = own.ciphertext();
            check(a, sameSecret(own.sharedSecret(), engine.decapsulate(pair.privateKey(), ct)), "a round trip");
            ct[0] ^= 1;
            check(a, !sameSecret(own.sharedSecret(), engine.decapsulate(pair.privateKey(), ct)),
                    "a modified encapsulation (it decapsulated to the same secret)");
            own.sharedSecret().destroy();
            if (a.equals(Algorithm.X_WING)) {
                byte[] pk = pair.publicKey().encoded();
                for (String bad : INVALID_X25519_KEYS) {
                    byte[] half = HEX.parseHex(bad);
                    System.arraycopy(half, 0, pk, pk.length - half.length, half.length);
                    refuses(a, "a public key whose X25519 half is " + bad, InvalidKeyException.class,
                            () -> engine.encapsulate(PublicKey.of(a, pk)));
                }
            }
        } finally {
            pair.privateKey().destroy();
        }
    }

    private static void signature(Algorithm a, SignatureSpi engine) {
        KeyPair pair = engine.deriveKeyPair(bytes(a, "seed"));
        try {
            byte[] published = bytes(a, "publicKey");
            check(a, MessageDigest.isEqual(published, pair.publicKey().encoded()), "the public key derived from the seed");
            byte[] message = vectors().containsKey(a.name() + ".message") ? bytes(a, "message")
                    : "qsafe known-answer test".getBytes(StandardCharsets.US_ASCII);
            boolean hasSignature = vectors().containsKey(a.name() + ".signature");
            if (hasSignature) {
                byte[] signature = bytes(a, "signature");
                engine.verify(pair.publicKey(), message, signature, NO_CONTEXT);
                byte[] forged = signature.clone();
                forged[signature.length / 2] ^= 1;
                refuses(a, "a modified signature", InvalidSignatureException.class,
                        () -> engine.verify(pair.publicKey(), message, forged, NO_CONTEXT));
                if (a.equals(Algorithm.ED25519)) {
                    check(a, MessageDigest.isEqual(signature, engine.sign(pair.privateKey(), message, NO_CONTEXT)), "the signature");
                } else if (!a.name().startsWith("SLH-DSA")) {
                    byte[] own = engine.sign(pair.privateKey(), message, NO_CONTEXT);
                    engine.verify(pair.publicKey(), message, own, NO_CONTEXT);
                    refuses(a, "its own signature of another message", InvalidSignatureException.class,
                            () -> engine.verify(pair.publicKey(), Arrays.copyOf(message, message.length + 1), own, NO_CONTEXT));
                }
            } else {
                // SLH-DSA: key generation is the published value; signing (slow for the "s" sets) is left to
                // the vector runner, and a signature that is not one must be refused.
                refuses(a, "a signature of zeros", InvalidSignatureException.class,
                        () -> engine.verify(pair.publicKey(), message, new byte[a.signatureSize()], NO_CONTEXT));
            }
            if (a.equals(Algorithm.ED25519) || a.equals(Algorithm.MLDSA44_ED25519) || a.equals(Algorithm.MLDSA65_ED25519)) {
                for (String bad : INVALID_ED25519_KEYS) {
                    byte[] pk = pair.publicKey().encoded();
                    byte[] point = HEX.parseHex(bad);
                    System.arraycopy(point, 0, pk, pk.length - point.length, point.length);
                    byte[] sig = new byte[a.signatureSize()];
                    byte[] forgery = HEX.parseHex(NEUTRAL_KEY_FORGERY);
                    System.arraycopy(forgery, 0, sig, sig.length - forgery.length, forgery.length);
                    refuses(a, "the public key with Ed25519 point " + bad, InvalidKeyException.class,
                            () -> engine.verify(PublicKey.of(a, pk), message, sig, NO_CONTEXT));
                }
            }
        } finally {
            pair.privateKey().destroy();
        }
    }

    private static boolean sameSecret(byte[] expected, SecretBytes actual) {
        SecretBytes e = SecretBytes.wrap(expected);
        try {
            return e.equalsConstantTime(actual);
        } finally {
            e.destroy();
            actual.destroy();
        }
    }

    private static boolean sameSecret(SecretBytes expected, SecretBytes actual) {
        try {
            return expected.equalsConstantTime(actual);
        } finally {
            actual.destroy();
        }
    }

    private interface Call {
        void run();
    }

    private static void refuses(Algorithm a, String what, Class<? extends RuntimeException> expected, Call call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (expected.isInstance(e)) {
                return;
            }
            throw new IllegalStateException(a.name() + " known-answer test: " + what + " failed with "
                    + e.getClass().getSimpleName() + " instead of " + expected.getSimpleName(), e);
        }
        throw new IllegalStateException(a.name() + " known-answer test: " + what + " was accepted; it must be refused");
    }

    private static void check(Algorithm a, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(a.name() + " known-answer test: " + what + " differs from the published value");
        }
    }

    private static byte[] bytes(Algorithm a, String field) {
        return HEX.parseHex(text(a, field));
    }

    private static String text(Algorithm a, String field) {
        String v = vectors().getProperty(a.name() + "." + field);
        if (v == null) {
            throw new IllegalStateException("no known answer " + a.name() + "." + field);
        }
        return v;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static Properties vectors() {
        Properties p = vectors;
        if (p == null) {
            p = new Properties();
            try (InputStream in = KnownAnswers.class.getResourceAsStream("known-answers.properties")) {
                if (in == null) {
                    throw new IllegalStateException("known-answers.properties is missing from the runtime module");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read known-answers.properties", e);
            }
            vectors = p;
        }
        return p;
    }
}
