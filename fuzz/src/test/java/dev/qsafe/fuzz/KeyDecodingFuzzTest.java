package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.Kem;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.InconsistentPrivateKeyException;
import dev.qsafe.runtime.keys.KeyEncodings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every key decoder, on hostile bytes, each followed by real use of the decoded key, since the
 * engines parse the raw key again:
 * <ul>
 * <li>raw keys ({@code PublicKey.of} / {@code PrivateKey.of}) handed to every engine of every KEM and
 *     signature algorithm with an engine here: the first input byte picks the algorithm in
 *     {@link Fixtures#KEY_ALGORITHMS}, the second the engine among the algorithm's providers, the rest
 *     is the key;</li>
 * <li>DER {@code SubjectPublicKeyInfo} and PKCS#8, and their PEM forms, used with the registry's engine;
 *     PKCS#8 also through the decoder that checks an ML-KEM/ML-DSA {@code both} key's halves agree.</li>
 * </ul>
 * Public keys are used to encapsulate or to verify (a wrong signature must be rejected with a typed
 * error); private keys to derive their public key and to decapsulate or sign (SLH-DSA is not signed
 * with: its signing takes far longer than a fuzzing iteration should).
 */
class KeyDecodingFuzzTest {
    /** The algorithms with more than one engine here, whose engines {@link #enginesAgree} compares. */
    static final List<Algorithm> MULTI_ENGINE = Fixtures.KEY_ALGORITHMS.stream()
            .filter(a -> Fixtures.REGISTRY.providersOf(a).size() > 1).toList();

    /** A strictly encoded SubjectPublicKeyInfo re-encodes to exactly its input. */
    @FuzzTest
    void spki(byte[] der) {
        if (outerLengthInconsistent(der)) {
            Oracle.failsFast(der.length, () -> KeyEncodings.decodeSpki(der));
            return;
        }
        decodeAndUse(der.length, () -> KeyEncodings.decodeSpki(der))
                .ifPresent(key -> assertArrayEquals(der, KeyEncodings.encodeSpki(key), "a SubjectPublicKeyInfo the decoder accepts is not DER"));
    }

    @FuzzTest
    void pkcs8(byte[] der) {
        if (outerLengthInconsistent(der)) {
            Oracle.failsFast(der.length, () -> KeyEncodings.decodePkcs8(der));
            return;
        }
        decodeAndUse(der.length, () -> KeyEncodings.decodePkcs8(der));
    }

    /**
     * {@code decodePkcs8(der, registry)}, which also checks that an ML-KEM or ML-DSA key in the
     * {@code both} form holds the expanded key its seed derives: it accepts exactly what the
     * registry-less decoder accepts, apart from an inconsistent {@code both} key, which it refuses with
     * {@link InconsistentPrivateKeyException}; what it accepts is the same key.
     */
    @FuzzTest
    void pkcs8Checked(byte[] der) {
        if (outerLengthInconsistent(der)) {
            Oracle.failsFast(der.length, () -> KeyEncodings.decodePkcs8(der, Fixtures.REGISTRY));
            return;
        }
        Optional<PrivateKey> checked = decodeAndUse(der.length, () -> KeyEncodings.decodePkcs8(der, Fixtures.REGISTRY));
        List<PrivateKey> plain = new ArrayList<>(1);
        Optional<QSafeException> plainFailure = Oracle.check(der.length, () -> plain.add(KeyEncodings.decodePkcs8(der)));
        if (checked.isPresent()) {
            assertTrue(plainFailure.isEmpty(), "the checking decoder accepted what the plain one refuses");
            assertEquals(plain.getFirst(), checked.get());
            return;
        }
        Optional<QSafeException> checkedFailure = Oracle.check(der.length, () -> KeyEncodings.decodePkcs8(der, Fixtures.REGISTRY));
        if (plainFailure.isEmpty()) {
            assertTrue(checkedFailure.orElseThrow() instanceof InconsistentPrivateKeyException,
                    () -> "the checking decoder refused a key the plain one accepts, not as inconsistent: " + checkedFailure);
            assertEquals(Optional.of(KeyEncodings.PrivateKeyForm.BOTH), KeyEncodings.privateKeyForm(der));
        }
    }

    /**
     * Whether the length of the outermost DER element, read independently of the decoder, disagrees
     * with the input's size (or is not a definite length of 1 to 4 octets): the decoder must reject
     * such an input before allocating anything for it.
     */
    private static boolean outerLengthInconsistent(byte[] der) {
        if (der.length < 2) {
            return true;
        }
        int first = der[1] & 0xFF;
        if (first < 0x80) {
            return der.length != 2 + first;
        }
        int count = first & 0x7F;
        if (count == 0 || count > 4 || der.length < 2 + count) {
            return true;
        }
        long length = 0;
        for (int i = 0; i < count; i++) {
            length = length << 8 | der[2 + i] & 0xFF;
        }
        return der.length != 2 + count + length;
    }

    @FuzzTest
    void publicPem(byte[] text) {
        String pem = new String(text, StandardCharsets.UTF_8);
        decodeAndUse(text.length, () -> KeyEncodings.decodePublicPem(pem));
    }

    @FuzzTest
    void privatePem(byte[] text) {
        String pem = new String(text, StandardCharsets.UTF_8);
        decodeAndUse(text.length, () -> KeyEncodings.decodePrivatePem(pem));
    }

    @FuzzTest
    void rawPublicKey(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Algorithm algorithm = algorithm(input[0]);
        String provider = provider(algorithm, input[1]);
        byte[] raw = Arrays.copyOfRange(input, 2, input.length);
        Oracle.check(input.length, () -> {
            PublicKey key = PublicKey.of(algorithm, raw);
            if (algorithm.kind() == AlgorithmKind.KEM) {
                use(Fixtures.REGISTRY.kem(algorithm, provider), key);
            } else {
                use(Fixtures.REGISTRY.signature(algorithm, provider), key);
            }
        });
    }

    @FuzzTest
    void rawPrivateKey(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Algorithm algorithm = algorithm(input[0]);
        String provider = provider(algorithm, input[1]);
        byte[] raw = Arrays.copyOfRange(input, 2, input.length);
        Oracle.check(input.length, () -> {
            PrivateKey key = PrivateKey.of(algorithm, raw);
            if (algorithm.kind() == AlgorithmKind.KEM) {
                use(Fixtures.REGISTRY.kem(algorithm, provider), key);
            } else {
                use(Fixtures.REGISTRY.signature(algorithm, provider), key);
            }
        });
    }

    /**
     * Engines of one algorithm agree on raw keys (the classical provider's JDK and Bouncy Castle
     * engines promise to validate identically; bc-pqc and jdk-pqc run the same FIPS 203/204 checks): the
     * first input byte picks an algorithm with more than one provider. For a KEM the rest is
     * {@code sk (private key size) | enc (ciphertext size) | pk}: every engine must derive the same
     * public key from {@code sk}, decapsulate {@code enc} to the same secret, and accept or reject
     * {@code pk} for encapsulation alike. For a signature it is
     * {@code pk (public key size) | signature (signature size) | message}: every engine must reach the
     * same verdict, and derive the same public key from the first private-key-size bytes as a private key.
     */
    @FuzzTest
    void enginesAgree(byte[] input) {
        if (input.length < 1 || MULTI_ENGINE.isEmpty()) {
            return;
        }
        Algorithm algorithm = MULTI_ENGINE.get((input[0] & 0xFF) % MULTI_ENGINE.size());
        boolean kem = algorithm.kind() == AlgorithmKind.KEM;
        int first = kem ? algorithm.privateKeySize() : algorithm.publicKeySize();
        int second = kem ? algorithm.ciphertextSize() : algorithm.signatureSize();
        if (input.length < 1 + first + second) {
            return;
        }
        byte[] a = Arrays.copyOfRange(input, 1, 1 + first);
        byte[] b = Arrays.copyOfRange(input, 1 + first, 1 + first + second);
        byte[] rest = Arrays.copyOfRange(input, 1 + first + second, input.length);
        byte[] seed = Arrays.copyOf(a, algorithm.privateKeySize());
        List<String> providers = Fixtures.REGISTRY.providersOf(algorithm);
        List<String> verdicts = new ArrayList<>();
        for (String provider : providers) {
            StringBuilder verdict = new StringBuilder();
            if (kem) {
                Kem engine = Fixtures.REGISTRY.kem(algorithm, provider);
                verdict.append(outcome(input.length, () -> HexFormat.of().formatHex(engine.derivePublicKey(PrivateKey.of(algorithm, a)).encoded())));
                verdict.append(' ').append(outcome(input.length, () -> HexFormat.of().formatHex(
                        engine.decapsulate(PrivateKey.of(algorithm, a), b).rawBytes(SecretAccess.INSECURE))));
                verdict.append(' ').append(outcome(input.length, () -> {
                    engine.encapsulate(PublicKey.of(algorithm, rest)).sharedSecret().destroy();
                    return "encapsulated";
                }));
            } else {
                SignatureScheme scheme = Fixtures.REGISTRY.signature(algorithm, provider);
                verdict.append(outcome(input.length, () -> {
                    scheme.verify(PublicKey.of(algorithm, a), rest, b, new byte[0]);
                    return "valid";
                }));
                verdict.append(' ').append(outcome(input.length,
                        () -> HexFormat.of().formatHex(scheme.derivePublicKey(PrivateKey.of(algorithm, seed)).encoded())));
            }
            verdicts.add(verdict.toString());
        }
        assertEquals(1, verdicts.stream().distinct().count(), () -> algorithm + " engines " + providers
                + " disagree: " + verdicts);
    }

    /** What {@code action} returned, or the simple name of the {@link QSafeException} it failed with. */
    private static String outcome(int inputLength, Supplier<String> action) {
        String[] result = new String[1];
        return Oracle.check(inputLength, () -> result[0] = action.get())
                .map(e -> e.getClass().getSimpleName()).orElseGet(() -> result[0]);
    }

    private static Algorithm algorithm(byte index) {
        List<Algorithm> all = Fixtures.KEY_ALGORITHMS;
        return all.get((index & 0xFF) % all.size());
    }

    private static String provider(Algorithm algorithm, byte index) {
        List<String> providers = Fixtures.REGISTRY.providersOf(algorithm);
        return providers.get((index & 0xFF) % providers.size());
    }

    /**
     * Decodes a key and, if that succeeds, uses it; both under the {@link Oracle}. A decoder fails only
     * as {@link KeyEncodings} documents: {@link InvalidKeyException} for a malformed encoding,
     * {@link UnsupportedAlgorithmException} for an algorithm qsafe does not know.
     *
     * @return the decoded key, if the decoder accepted the input
     */
    private static <K> Optional<K> decodeAndUse(int inputLength, Supplier<K> decoder) {
        List<K> decoded = new ArrayList<>(1);
        Optional<QSafeException> failure = Oracle.check(inputLength, () -> decoded.add(decoder.get()));
        if (failure.isPresent()) {
            QSafeException e = failure.get();
            assertTrue(e instanceof InvalidKeyException || e instanceof UnsupportedAlgorithmException,
                    () -> "a key decoder failed with " + e.getClass().getName() + ", which KeyEncodings does not document: " + e);
            return Optional.empty();
        }
        K key = decoded.getFirst();
        Oracle.check(inputLength, () -> {
            if (key instanceof PublicKey publicKey) {
                use(publicKey);
            } else {
                use((PrivateKey) key);
            }
        });
        return Optional.of(key);
    }

    private static void use(PublicKey key) {
        Algorithm a = key.algorithm();
        if (a.kind() == AlgorithmKind.KEM) {
            use(Fixtures.REGISTRY.kem(a), key);
        } else {
            use(Fixtures.REGISTRY.signature(a), key);
        }
    }

    private static void use(PrivateKey key) {
        Algorithm a = key.algorithm();
        if (a.kind() == AlgorithmKind.KEM) {
            use(Fixtures.REGISTRY.kem(a), key);
        } else {
            use(Fixtures.REGISTRY.signature(a), key);
        }
    }

    private static void use(Kem kem, PublicKey key) {
        kem.encapsulate(key).sharedSecret().destroy();
    }

    private static void use(SignatureScheme scheme, PublicKey key) {
        // A signature of the right size that no one made: verification must fail with a typed error.
        byte[] bogus = new byte[key.algorithm().signatureSize()];
        try {
            scheme.verify(key, Fixtures.MESSAGE, bogus, new byte[0]);
        } catch (InvalidSignatureException expected) {
            return;
        }
        throw new AssertionError(key.algorithm() + " accepted an all-zero signature");
    }

    private static void use(Kem kem, PrivateKey key) {
        kem.derivePublicKey(key);
        kem.decapsulate(key, new byte[key.algorithm().ciphertextSize()]).destroy();
    }

    private static void use(SignatureScheme scheme, PrivateKey key) {
        scheme.derivePublicKey(key);
        if (!key.algorithm().name().startsWith("SLH-DSA")) {
            scheme.sign(key, Fixtures.MESSAGE, new byte[0]);
        }
    }
}
