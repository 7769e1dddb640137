package dev.qsafe.tests.hpke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Hpke} behaviour and negative cases on the default registry, for every KEM with an HPKE id
 * (X-Wing is skipped, with the reason, while no provider implements it).
 */
class HpkeTest {
    private static final byte[] INFO = "HpkeTest info".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "HpkeTest aad".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = "attack at dawn".getBytes(StandardCharsets.UTF_8);

    static Stream<Algorithm> kems() {
        return HpkeEngines.KEMS.stream();
    }

    static Stream<Arguments> kemsAndAeads() {
        return HpkeEngines.KEMS.stream().flatMap(k -> HpkeEngines.AEADS.stream().map(a -> Arguments.of(k, a)));
    }

    /** The suite of {@code kem} with HKDF-SHA256 and AES-256-GCM, skipping if the KEM has no engine. */
    private static Hpke suite(Algorithm kem) {
        return suite(kem, Algorithm.AES_256_GCM);
    }

    private static Hpke suite(Algorithm kem, Algorithm aead) {
        HpkeEngines.assumeEngine(kem);
        return Hpke.of(HpkeEngines.registry(), kem, Algorithm.HKDF_SHA256, aead);
    }

    private static KeyPair keyPair(Algorithm kem) {
        return HpkeEngines.registry().kem(kem).generateKeyPair();
    }

    private static void assertDecryptionFails(Executable executable) {
        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, executable);
        assertEquals(DecryptionFailedException.MESSAGE, e.getMessage(), "one uniform message");
    }

    @ParameterizedTest(name = "{0} + HKDF-SHA256 + {1}")
    @MethodSource("kemsAndAeads")
    void sealThenOpen_inOrder_givesThePlaintextsWithStandardSizes(Algorithm kem, Algorithm aead) {
        Hpke hpke = suite(kem, aead);
        KeyPair recipient = keyPair(kem);
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        assertEquals(kem.ciphertextSize(), sender.enc().length, "enc is Nenc bytes");
        Hpke.Recipient receiver = hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), INFO);
        for (byte[] message : List.of(MESSAGE, new byte[0], new byte[70_000])) {
            byte[] ciphertext = sender.seal(AAD, message);
            assertEquals(message.length + aead.tagSize(), ciphertext.length, "ciphertext is plaintext + Nt bytes");
            assertArrayEquals(message, receiver.open(AAD, ciphertext));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void suiteId_isHpkeAndTheThreeIds(Algorithm kem) {
        Hpke hpke = suite(kem);
        assertEquals(String.format("48504b45%04x00010002", kem.hpkeId()), HexFormat.of().formatHex(hpke.suiteId()));
        assertEquals(List.of(kem, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM), List.of(hpke.kem(), hpke.kdf(), hpke.aead()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void sealTwice_sameMessage_differentCiphertextsBecauseTheSequenceAdvances(Algorithm kem) {
        Hpke.Sender sender = suite(kem).setupBaseSender(keyPair(kem).publicKey(), INFO);
        assertFalse(Arrays.equals(sender.seal(AAD, MESSAGE), sender.seal(AAD, MESSAGE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void open_outOfOrder_failsAndDoesNotAdvance_thenInOrderSucceeds(Algorithm kem) {
        Hpke hpke = suite(kem);
        KeyPair recipient = keyPair(kem);
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        byte[] first = sender.seal(AAD, "first".getBytes(StandardCharsets.UTF_8));
        byte[] second = sender.seal(AAD, "second".getBytes(StandardCharsets.UTF_8));
        Hpke.Recipient receiver = hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), INFO);
        assertDecryptionFails(() -> receiver.open(AAD, second));
        assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), receiver.open(AAD, first));
        assertDecryptionFails(() -> receiver.open(AAD, first));
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), receiver.open(AAD, second));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void open_withAnotherPrivateKey_decryptionFailed(Algorithm kem) {
        Hpke hpke = suite(kem);
        Hpke.Sender sender = hpke.setupBaseSender(keyPair(kem).publicKey(), INFO);
        byte[] ciphertext = sender.seal(AAD, MESSAGE);
        assertDecryptionFails(() -> hpke.setupBaseRecipient(keyPair(kem).privateKey(), sender.enc(), INFO).open(AAD, ciphertext));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void open_modifiedEnc_decryptionFailed(Algorithm kem) {
        Hpke hpke = suite(kem);
        KeyPair recipient = keyPair(kem);
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        byte[] ciphertext = sender.seal(AAD, MESSAGE);
        for (int position : new int[] {0, kem.ciphertextSize() / 2, kem.ciphertextSize() - 1}) {
            byte[] enc = sender.enc();
            enc[position] ^= 0x01;
            assertDecryptionFails(() -> hpke.setupBaseRecipient(recipient.privateKey(), enc, INFO).open(AAD, ciphertext));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void open_modifiedCiphertextAadOrInfo_decryptionFailed(Algorithm kem) {
        Hpke hpke = suite(kem);
        KeyPair recipient = keyPair(kem);
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        byte[] ciphertext = sender.seal(AAD, MESSAGE);
        Hpke.Recipient receiver = hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), INFO);
        for (int position : new int[] {0, MESSAGE.length, ciphertext.length - 1}) {
            byte[] modified = ciphertext.clone();
            modified[position] ^= 0x01;
            assertDecryptionFails(() -> receiver.open(AAD, modified));
        }
        assertDecryptionFails(() -> receiver.open(AAD, Arrays.copyOf(ciphertext, ciphertext.length - 1)));
        assertDecryptionFails(() -> receiver.open(AAD, new byte[0]));
        assertDecryptionFails(() -> receiver.open(new byte[0], ciphertext));
        byte[] otherAad = AAD.clone();
        otherAad[0] ^= 0x01;
        assertDecryptionFails(() -> receiver.open(otherAad, ciphertext));
        byte[] otherInfo = INFO.clone();
        otherInfo[0] ^= 0x01;
        assertDecryptionFails(() -> hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), otherInfo).open(AAD, ciphertext));
        assertArrayEquals(MESSAGE, receiver.open(AAD, ciphertext), "the genuine message still opens after the forgeries");
    }

    @Test
    void setupRecipient_lowOrderX25519Enc_decryptionFailed() {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        KeyPair recipient = keyPair(Algorithm.DHKEM_X25519);
        assertDecryptionFails(() -> hpke.setupBaseRecipient(recipient.privateKey(), new byte[32], INFO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void setupRecipient_encOfWrongLength_invalidInput(Algorithm kem) {
        Hpke hpke = suite(kem);
        KeyPair recipient = keyPair(kem);
        byte[] enc = hpke.setupBaseSender(recipient.publicKey(), INFO).enc();
        for (byte[] bad : List.of(new byte[0], Arrays.copyOf(enc, enc.length - 1), Arrays.copyOf(enc, enc.length + 1))) {
            assertThrows(InvalidInputException.class, () -> hpke.setupBaseRecipient(recipient.privateKey(), bad, INFO));
        }
    }

    @Test
    void setup_keysOfAnotherAlgorithm_invalidKey() {
        Hpke hpke = suite(Algorithm.ML_KEM_768);
        KeyPair x25519 = keyPair(Algorithm.DHKEM_X25519);
        KeyPair mlKem1024 = keyPair(Algorithm.ML_KEM_1024);
        assertThrows(InvalidKeyException.class, () -> hpke.setupBaseSender(x25519.publicKey(), INFO));
        assertThrows(InvalidKeyException.class, () -> hpke.setupBaseSender(mlKem1024.publicKey(), INFO));
        assertThrows(InvalidKeyException.class, () -> hpke.setupBaseRecipient(mlKem1024.privateKey(), new byte[1088], INFO));
    }

    @Test
    void setup_destroyedPrivateKey_invalidKey() {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        KeyPair recipient = keyPair(Algorithm.DHKEM_X25519);
        byte[] enc = hpke.setupBaseSender(recipient.publicKey(), INFO).enc();
        recipient.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> hpke.setupBaseRecipient(recipient.privateKey(), enc, INFO));
    }

    @Test
    void lengths_overTheBounds_invalidInputBeforeAnyWork() {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        KeyPair recipient = keyPair(Algorithm.DHKEM_X25519);
        byte[] longInfo = new byte[Hpke.MAX_INFO_LENGTH + 1];
        assertThrows(InvalidInputException.class, () -> hpke.setupBaseSender(recipient.publicKey(), longInfo));
        assertThrows(InvalidInputException.class, () -> hpke.setupBaseRecipient(recipient.privateKey(), new byte[32], longInfo));
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), new byte[Hpke.MAX_INFO_LENGTH]);
        Hpke.Recipient receiver = hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), new byte[Hpke.MAX_INFO_LENGTH]);
        byte[] longAad = new byte[Hpke.MAX_AAD_LENGTH + 1];
        assertThrows(InvalidInputException.class, () -> sender.seal(longAad, MESSAGE));
        assertThrows(InvalidInputException.class, () -> receiver.open(longAad, new byte[32]));
        assertArrayEquals(MESSAGE, receiver.open(new byte[Hpke.MAX_AAD_LENGTH], sender.seal(new byte[Hpke.MAX_AAD_LENGTH], MESSAGE)));
        assertThrows(InvalidInputException.class, () -> sender.export(longInfo, 32));
        assertThrows(InvalidInputException.class, () -> sender.export(new byte[0], -1));
        assertThrows(InvalidInputException.class, () -> receiver.export(new byte[0], 255 * 32 + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void export_senderAndRecipientAgree_contextAndLengthMatter(Algorithm kem) {
        Hpke hpke = suite(kem);
        KeyPair recipient = keyPair(kem);
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        Hpke.Recipient receiver = hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), INFO);
        byte[] context = "context".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(sender.export(context, 32), receiver.export(context, 32));
        assertArrayEquals(sender.export(context, 255 * 32), receiver.export(context, 255 * 32));
        assertEquals(0, sender.export(context, 0).length);
        assertFalse(Arrays.equals(sender.export(context, 32), sender.export(new byte[0], 32)));
        assertFalse(Arrays.equals(sender.export(context, 32), Arrays.copyOf(sender.export(context, 33), 32)),
                "the length is part of the derivation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kems")
    void derandomizedSender_sameRandomness_sameEncAndCiphertext(Algorithm kem) {
        Hpke hpke = suite(kem);
        KeyPair recipient = keyPair(kem);
        byte[] randomness = new byte[kem.equals(Algorithm.X_WING) ? 64 : 32];
        Arrays.fill(randomness, (byte) 7);
        Hpke.Sender a = hpke.setupBaseSenderDerandomized(recipient.publicKey(), INFO, randomness);
        Hpke.Sender b = hpke.setupBaseSenderDerandomized(recipient.publicKey(), INFO, randomness);
        assertArrayEquals(a.enc(), b.enc());
        byte[] ciphertext = b.seal(AAD, MESSAGE);
        assertArrayEquals(a.seal(AAD, MESSAGE), ciphertext);
        assertArrayEquals(MESSAGE, hpke.setupBaseRecipient(recipient.privateKey(), a.enc(), INFO).open(AAD, ciphertext));
    }

    @Test
    void derandomizedSender_mlKemRandomnessOfWrongLength_invalidInput() {
        Hpke hpke = suite(Algorithm.ML_KEM_768);
        KeyPair recipient = keyPair(Algorithm.ML_KEM_768);
        assertThrows(InvalidInputException.class, () -> hpke.setupBaseSenderDerandomized(recipient.publicKey(), INFO, new byte[31]));
    }

    @Test
    void destroy_wipesTheContexts_laterUseIsRefused() {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        KeyPair recipient = keyPair(Algorithm.DHKEM_X25519);
        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        byte[] ciphertext = sender.seal(AAD, MESSAGE);
        Hpke.Recipient receiver = hpke.setupBaseRecipient(recipient.privateKey(), sender.enc(), INFO);
        sender.destroy();
        receiver.destroy();
        assertTrue(sender.isDestroyed() && receiver.isDestroyed());
        assertThrows(InvalidKeyException.class, () -> sender.seal(AAD, MESSAGE));
        assertThrows(InvalidKeyException.class, () -> sender.export(new byte[0], 32));
        assertThrows(InvalidKeyException.class, () -> receiver.open(AAD, ciphertext));
        assertEquals("Hpke.Sender[DHKEM-X25519-HKDF-SHA256, HKDF-SHA256, AES-256-GCM, destroyed]", sender.toString());
    }

    @Test
    void concurrentSeals_onOneSender_neverReuseANonce() throws Exception {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        Hpke.Sender sender = hpke.setupBaseSender(keyPair(Algorithm.DHKEM_X25519).publicKey(), INFO);
        Set<String> ciphertexts = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    ciphertexts.add(HexFormat.of().formatHex(sender.seal(AAD, MESSAGE)));
                }
            })).toList();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(8 * 250, ciphertexts.size(), "every seal used its own sequence number");
    }

    /** A KEM that has no HPKE identifier. */
    private static final Algorithm NO_HPKE_ID = Algorithm.define(new Algorithm("Example-KEM", dev.qsafe.api.AlgorithmKind.KEM,
            1, 32, 32, 32, 32, 0, 0, 0, 0, -1, ""));

    @Test
    void of_algorithmWithoutHpkeId_unsupported() {
        CryptoRegistry registry = HpkeEngines.registry();
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(registry, NO_HPKE_ID, Algorithm.HKDF_SHA256, Algorithm.AES_128_GCM));
        assertTrue(e.getMessage().contains("Example-KEM has no HPKE KEM identifier"), e.getMessage());
        assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(registry, Algorithm.DHKEM_X25519, Algorithm.SHAKE256, Algorithm.AES_128_GCM));
    }

    @Test
    void of_algorithmOfTheWrongKind_unsupported() {
        CryptoRegistry registry = HpkeEngines.registry();
        assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(registry, Algorithm.ED25519, Algorithm.HKDF_SHA256, Algorithm.AES_128_GCM));
        assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(registry, Algorithm.DHKEM_X25519, Algorithm.AES_256_GCM, Algorithm.AES_128_GCM));
        assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(registry, Algorithm.DHKEM_X25519, Algorithm.HKDF_SHA256, Algorithm.ML_KEM_768));
    }

    @Test
    void of_singleStageKdf_unsupported() {
        Algorithm shake = Algorithm.define(new Algorithm("HpkeTest-SHAKE256-KDF", AlgorithmKind.KDF, 5,
                0, 0, 0, 0, 0, 64, 0, 0, 0x0011, ""));
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(HpkeEngines.registry(), Algorithm.DHKEM_X25519, shake, Algorithm.AES_128_GCM));
        assertTrue(e.getMessage().contains("two-stage"), e.getMessage());
    }

    @Test
    void of_noEngineForAnAlgorithm_unsupported() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.newBuilder()
                .pin(Algorithm.AES_256_GCM, "no-such-provider").build());
        assertThrows(UnsupportedAlgorithmException.class,
                () -> Hpke.of(registry, Algorithm.DHKEM_X25519, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM));
    }

    /** The draft-ietf-hpke-pq suites qsafe has: ML-KEM-512/768/1024 and X-Wing. */
    static Stream<Arguments> postQuantumVectorSuites() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (tools.jackson.databind.JsonNode suite : dev.qsafe.tests.Vectors.json("hpke-pq/test-vectors.json.gz")) {
            int kemId = suite.get("kem_id").asInt();
            Algorithm.wellKnown().stream().filter(a -> a.kind() == AlgorithmKind.KEM && a.hpkeId() == kemId).findFirst()
                    .ifPresent(kem -> out.add(Arguments.of(kem, suite)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postQuantumVectorSuites")
    void deriveKeyPair_postQuantumKem_matchesTheDraftsVectors(Algorithm kem, tools.jackson.databind.JsonNode vector) {
        HpkeEngines.assumeEngine(kem);
        Hpke hpke = Hpke.of(HpkeEngines.registry(), kem, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
        KeyPair derived = hpke.deriveKeyPair(dev.qsafe.tests.Vectors.hex(vector, "ikmR"));
        assertArrayEquals(dev.qsafe.tests.Vectors.hex(vector, "pkRm"), derived.publicKey().encoded(), "pkRm");
        assertArrayEquals(dev.qsafe.tests.Vectors.hex(vector, "skRm"),
                derived.privateKey().rawBytes(dev.qsafe.api.SecretAccess.INSECURE), "skRm: the SHAKE256-derived seed");
    }

    @Test
    void deriveKeyPair_dhkem_isTheKemsOwnDerivation() {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        byte[] ikm = HexFormat.of().parseHex("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234");
        assertEquals(HpkeEngines.registry().kem(Algorithm.DHKEM_X25519).deriveKeyPair(ikm).publicKey(),
                hpke.deriveKeyPair(ikm).publicKey());
    }

    @Test
    void deriveKeyPair_postQuantumKemWithoutShake256_saysWhatIsMissing() {
        HpkeEngines.assumeEngine(Algorithm.ML_KEM_768);
        CryptoRegistry registry = HpkeEngines.registry();
        Hpke hpke = Hpke.of((dev.qsafe.api.spi.KemSpi) registry.kem(Algorithm.ML_KEM_768),
                registry.kdf(Algorithm.HKDF_SHA256), registry.aead(Algorithm.AES_256_GCM));
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> hpke.deriveKeyPair(new byte[64]));
        assertTrue(e.getMessage().contains("SHAKE256"), e.getMessage());
    }

    @Test
    void deriveKeyPair_oversizedIkm_isRefusedBeforeAnyWork() {
        Hpke hpke = suite(Algorithm.DHKEM_X25519);
        assertThrows(InvalidInputException.class, () -> hpke.deriveKeyPair(new byte[Hpke.MAX_INFO_LENGTH + 1]));
    }
}
