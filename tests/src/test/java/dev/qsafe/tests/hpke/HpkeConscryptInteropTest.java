package dev.qsafe.tests.hpke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Kem;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.conscrypt.Conscrypt;
import org.conscrypt.HpkeContextRecipient;
import org.conscrypt.HpkeContextSender;
import org.conscrypt.HpkeSuite;
import org.conscrypt.MlKemAlgorithm;
import org.conscrypt.OpenSSLX25519PrivateKey;
import org.conscrypt.OpenSSLX25519PublicKey;
import org.conscrypt.OpenSslMlKemPrivateKey;
import org.conscrypt.OpenSslMlKemPublicKey;
import org.conscrypt.OpenSslXwingPrivateKey;
import org.conscrypt.OpenSslXwingPublicKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with Conscrypt's HPKE (BoringSSL): for every KEM with an HPKE id x every AEAD, with
 * HKDF-SHA256, in both directions, with non-empty info and associated data, several messages in
 * sequence and exporter agreement. Each KEM is tested on every discovered engine of it.
 *
 * <ul>
 *   <li>qsafe seals, Conscrypt opens: qsafe generates the recipient's key pair and hands the raw keys
 *       to Conscrypt (X25519 scalar, ML-KEM 64-byte seed {@code d || z}, X-Wing 32-byte seed).</li>
 *   <li>Conscrypt seals, qsafe opens: Conscrypt generates the key pair, qsafe takes its raw private key
 *       and must derive the same public key.</li>
 *   <li>Derandomized: with the same encapsulation randomness both senders must produce the same
 *       {@code enc} and ciphertexts byte for byte (Conscrypt's testing seed is the ephemeral X25519
 *       scalar for DHKEM, {@code m} for ML-KEM and {@code eseed} for X-Wing).</li>
 * </ul>
 *
 * <p>Conscrypt is used through its {@link Provider} object only; it is never installed as a JCA
 * provider. A combination that cannot run is skipped with the reason: Conscrypt's native library does
 * not load, or qsafe has no engine for the KEM (X-Wing until provider-hybrid ships it).
 */
class HpkeConscryptInteropTest {
    private static final byte[] INFO = "qsafe/Conscrypt HPKE interop".getBytes(StandardCharsets.UTF_8);
    private static final List<byte[]> MESSAGES = List.of(
            "first message".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[1000]);
    private static final byte[] EXPORTER_CONTEXT = "exporter context".getBytes(StandardCharsets.UTF_8);

    private static final Provider CONSCRYPT;
    private static final String CONSCRYPT_UNAVAILABLE;

    static {
        Provider provider = null;
        String reason = null;
        try {
            Conscrypt.checkAvailability();
            provider = Conscrypt.newProvider();
        } catch (Throwable e) { // UnsatisfiedLinkError and friends: the native library did not load
            reason = "Conscrypt's native library does not load on this machine ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "): " + e;
        }
        CONSCRYPT = provider;
        CONSCRYPT_UNAVAILABLE = reason;
    }

    /** {@code (kem, provider, aead)} for every engine of every KEM, and a placeholder row for a KEM without one. */
    static Stream<Arguments> matrix() {
        return HpkeEngines.KEMS.stream().flatMap(kem -> {
            List<String> providers = HpkeEngines.providersOf(kem);
            return (providers.isEmpty() ? List.of("no engine") : providers).stream()
                    .flatMap(p -> HpkeEngines.AEADS.stream().map(aead -> Arguments.of(kem, p, aead)));
        });
    }

    @ParameterizedTest(name = "{0} [{1}] + HKDF-SHA256 + {2}: qsafe seals, Conscrypt opens")
    @MethodSource("matrix")
    void qsafeSeals_conscryptOpens(Algorithm kem, String provider, Algorithm aead) throws GeneralSecurityException {
        Hpke hpke = suite(kem, provider, aead);
        KeyPair recipient = kemEngine(kem, provider).generateKeyPair();
        byte[][] aads = aads();

        Hpke.Sender sender = hpke.setupBaseSender(recipient.publicKey(), INFO);
        HpkeContextRecipient theirs = HpkeContextRecipient.getInstance(conscryptSuite(hpke), CONSCRYPT);
        theirs.init(sender.enc(), toConscrypt(recipient.privateKey()), INFO);
        for (int i = 0; i < MESSAGES.size(); i++) {
            byte[] ciphertext = sender.seal(aads[i], MESSAGES.get(i));
            assertArrayEquals(MESSAGES.get(i), theirs.open(ciphertext, aads[i]), "message " + i);
        }
        assertArrayEquals(sender.export(EXPORTER_CONTEXT, 32), theirs.export(32, EXPORTER_CONTEXT), "export");
        assertArrayEquals(sender.export(new byte[0], 64), theirs.export(64, new byte[0]), "export, empty context");
    }

    @ParameterizedTest(name = "{0} [{1}] + HKDF-SHA256 + {2}: Conscrypt seals, qsafe opens")
    @MethodSource("matrix")
    void conscryptSeals_qsafeOpens(Algorithm kem, String provider, Algorithm aead) throws GeneralSecurityException {
        Hpke hpke = suite(kem, provider, aead);
        java.security.KeyPair theirKeys = KeyPairGenerator.getInstance(conscryptKeyAlgorithm(kem), CONSCRYPT).generateKeyPair();
        PrivateKey privateKey = PrivateKey.of(kem, rawPrivate(theirKeys.getPrivate()));
        assertEquals(PublicKey.of(kem, rawPublic(theirKeys.getPublic())), kemEngine(kem, provider).derivePublicKey(privateKey),
                "qsafe derives Conscrypt's public key from its private key");
        byte[][] aads = aads();

        HpkeContextSender theirs = HpkeContextSender.getInstance(conscryptSuite(hpke), CONSCRYPT);
        theirs.init(theirKeys.getPublic(), INFO);
        Hpke.Recipient recipient = hpke.setupBaseRecipient(privateKey, theirs.getEncapsulated(), INFO);
        for (int i = 0; i < MESSAGES.size(); i++) {
            byte[] ciphertext = theirs.seal(MESSAGES.get(i), aads[i]);
            assertArrayEquals(MESSAGES.get(i), recipient.open(aads[i], ciphertext), "message " + i);
        }
        assertArrayEquals(theirs.export(32, EXPORTER_CONTEXT), recipient.export(EXPORTER_CONTEXT, 32), "export");
    }

    @ParameterizedTest(name = "{0} [{1}] + HKDF-SHA256 + {2}: same randomness, same enc and ciphertexts")
    @MethodSource("matrix")
    void derandomizedSenders_produceIdenticalBytes(Algorithm kem, String provider, Algorithm aead) throws GeneralSecurityException {
        Hpke hpke = suite(kem, provider, aead);
        Kem engine = kemEngine(kem, provider);
        KeyPair recipient = engine.generateKeyPair();
        byte[] randomness = new byte[kem.equals(Algorithm.X_WING) ? 64 : 32];
        Arrays.fill(randomness, (byte) 0x5A);
        // Conscrypt's DHKEM seed is the ephemeral scalar itself; qsafe's is RFC 9180's ikmE.
        byte[] theirSeed = kem.equals(Algorithm.DHKEM_X25519)
                ? engine.deriveKeyPair(randomness).privateKey().rawBytes(SecretAccess.INSECURE) : randomness;
        byte[][] aads = aads();

        Hpke.Sender ours = hpke.setupBaseSenderDerandomized(recipient.publicKey(), INFO, randomness);
        HpkeContextSender theirs = HpkeContextSender.getInstance(conscryptSuite(hpke), CONSCRYPT);
        theirs.getSpi().engineInitSenderForTesting(toConscrypt(recipient.publicKey()), INFO, null,
                new byte[0], new byte[0], theirSeed); // base mode: no sender key, empty psk and psk_id
        assertArrayEquals(theirs.getEncapsulated(), ours.enc(), "enc");
        for (int i = 0; i < MESSAGES.size(); i++) {
            assertArrayEquals(theirs.seal(MESSAGES.get(i), aads[i]), ours.seal(aads[i], MESSAGES.get(i)), "message " + i);
        }
        assertArrayEquals(theirs.export(48, EXPORTER_CONTEXT), ours.export(EXPORTER_CONTEXT, 48), "export");
    }

    /** The qsafe suite, after skipping (with the reason) what cannot run here. */
    private static Hpke suite(Algorithm kem, String provider, Algorithm aead) {
        Assumptions.assumeTrue(CONSCRYPT != null, () -> "skipped: " + CONSCRYPT_UNAVAILABLE);
        HpkeEngines.assumeEngine(kem);
        return Hpke.of(registry(kem, provider), kem, Algorithm.HKDF_SHA256, aead);
    }

    private static CryptoRegistry registry(Algorithm kem, String provider) {
        return HpkeEngines.pinned(Map.of(kem, provider));
    }

    private static Kem kemEngine(Algorithm kem, String provider) {
        return registry(kem, provider).kem(kem);
    }

    /** Distinct, non-empty associated data per message. */
    private static byte[][] aads() {
        byte[][] aads = new byte[MESSAGES.size()][];
        for (int i = 0; i < aads.length; i++) {
            aads[i] = ("associated data " + i).getBytes(StandardCharsets.UTF_8);
        }
        return aads;
    }

    /** Conscrypt's name of the suite, from the HPKE ids qsafe uses: the ids are the interop contract. */
    private static String conscryptSuite(Hpke hpke) {
        return new HpkeSuite(hpke.kem().hpkeId(), hpke.kdf().hpkeId(), hpke.aead().hpkeId()).name();
    }

    private static String conscryptKeyAlgorithm(Algorithm kem) {
        if (kem.equals(Algorithm.DHKEM_X25519)) {
            return "XDH";
        }
        return kem.equals(Algorithm.X_WING) ? "XWING" : kem.name();
    }

    private static java.security.PublicKey toConscrypt(PublicKey key) {
        byte[] raw = key.encoded();
        Algorithm kem = key.algorithm();
        if (kem.equals(Algorithm.DHKEM_X25519)) {
            return new OpenSSLX25519PublicKey(raw);
        }
        return kem.equals(Algorithm.X_WING) ? new OpenSslXwingPublicKey(raw) : new OpenSslMlKemPublicKey(raw, mlKem(kem));
    }

    private static java.security.PrivateKey toConscrypt(PrivateKey key) {
        byte[] raw = key.rawBytes(SecretAccess.INSECURE);
        Algorithm kem = key.algorithm();
        if (kem.equals(Algorithm.DHKEM_X25519)) {
            return new OpenSSLX25519PrivateKey(raw);
        }
        return kem.equals(Algorithm.X_WING) ? new OpenSslXwingPrivateKey(raw) : new OpenSslMlKemPrivateKey(raw, mlKem(kem));
    }

    private static byte[] rawPublic(java.security.PublicKey key) {
        return switch (key) {
            case OpenSSLX25519PublicKey k -> k.getU();
            case OpenSslMlKemPublicKey k -> k.getRaw();
            case OpenSslXwingPublicKey k -> k.getRaw();
            default -> throw new AssertionError("unexpected Conscrypt public key " + key.getClass());
        };
    }

    private static byte[] rawPrivate(java.security.PrivateKey key) {
        return switch (key) {
            case OpenSSLX25519PrivateKey k -> k.getU();
            case OpenSslMlKemPrivateKey k -> k.getSeed();
            case OpenSslXwingPrivateKey k -> k.getRaw();
            default -> throw new AssertionError("unexpected Conscrypt private key " + key.getClass());
        };
    }

    private static MlKemAlgorithm mlKem(Algorithm kem) {
        return kem.equals(Algorithm.ML_KEM_768) ? MlKemAlgorithm.ML_KEM_768 : MlKemAlgorithm.ML_KEM_1024;
    }
}
