package dev.qsafe.benchmarks.modes;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.conscrypt.Conscrypt;
import org.conscrypt.HpkeContextRecipient;
import org.conscrypt.HpkeContextSender;

/**
 * Where the time of an X-Wing encapsulation and decapsulation goes (issue 14): a plain loop, not JMH,
 * over the engines the registry selects. It times X-Wing, each of its parts on the same component
 * engines (ML-KEM-768, X25519 with a kept key, with the base point and with a fresh key, DHKEM key
 * generation, the SHA3-256 combiner), DHKEM-X25519, qsafe's HPKE with X-Wing and DHKEM-X25519 against
 * Conscrypt's own HPKE of the same suites (HKDF-SHA256, AES-256-GCM, 1 KiB), and 1 KiB HYBRID and
 * CLASSICAL seal+open through the facade ({@link ModeBenchmark}). Each figure is the fastest of
 * {@code rounds} rounds (default 10) of 1,500 calls after a first round of 3,000 (one fifth and one
 * third of that for seal+open), which is robust to a machine that other processes share.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.qsafe.benchmarks.modes.XWingBreakdown [rounds]
 * </pre>
 */
public final class XWingBreakdown {
    private static final Map<String, Double> BEST = new LinkedHashMap<>();
    private static final byte[] EMPTY = new byte[0];

    private XWingBreakdown() {
    }

    /** One timed operation. */
    private interface Op {
        Object run() throws Exception;
    }

    private static void time(String name, int calls, Op op) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            op.run();
        }
        BEST.merge(name, (System.nanoTime() - start) / (double) calls / 1000.0, Math::min);
    }

    /**
     * Prints the fastest round of each operation, in µs.
     *
     * @param args optionally the number of rounds
     * @throws Exception if an engine fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        CryptoRegistry r = CryptoRegistry.discover();
        KemSpi xWing = r.kem(Algorithm.X_WING);
        KemSpi mlKem = r.kem(Algorithm.ML_KEM_768);
        KemSpi dhKem = r.kem(Algorithm.DHKEM_X25519);
        KeyAgreementSpi x25519 = (KeyAgreementSpi) dhKem;
        for (Algorithm a : new Algorithm[] {Algorithm.X_WING, Algorithm.ML_KEM_768, Algorithm.DHKEM_X25519}) {
            System.out.println(a.name() + " -> " + r.selection(a).candidates().getFirst().provider());
        }
        SecureRandom random = new SecureRandom();
        KeyPair xk = xWing.generateKeyPair();
        byte[] xct = xWing.encapsulate(xk.publicKey()).ciphertext();
        KeyPair mk = mlKem.generateKeyPair();
        byte[] mct = mlKem.encapsulate(mk.publicKey()).ciphertext();
        KeyPair dk = dhKem.generateKeyPair();
        byte[] dct = dhKem.encapsulate(dk.publicKey()).ciphertext();
        byte[] peer = dhKem.generateKeyPair().publicKey().encoded();
        byte[] m = new byte[32];
        byte[] eseed = new byte[64];
        random.nextBytes(eseed);
        byte[] base = new byte[32];
        base[0] = 9;
        byte[] combinerInput = new byte[134];
        byte[] message = new byte[1024];
        Hpke hpkeXWing = Hpke.of(r, Algorithm.X_WING, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
        Hpke hpkeDhKem = Hpke.of(r, Algorithm.DHKEM_X25519, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
        Provider conscrypt = Conscrypt.newProvider();
        java.security.KeyPair conscryptXWing = KeyPairGenerator.getInstance("XWING", conscrypt).generateKeyPair();
        java.security.KeyPair conscryptX25519 = KeyPairGenerator.getInstance("XDH", conscrypt).generateKeyPair();
        ModeBenchmark hybrid = mode("HYBRID");
        ModeBenchmark classical = mode("CLASSICAL");
        for (int round = 0; round < rounds; round++) {
            int n = round == 0 ? 3000 : 1500;
            time("X-Wing encapsulate", n, () -> xWing.encapsulate(xk.publicKey()));
            time("X-Wing encapsulate derandomized (eseed)", n, () -> xWing.engineEncapsulateDerandomized(xk.publicKey(), eseed));
            time("X-Wing decapsulate", n, () -> xWing.decapsulate(xk.privateKey(), xct));
            time("  ML-KEM-768 encapsulate", n, () -> mlKem.encapsulate(mk.publicKey()));
            time("  ML-KEM-768 encapsulate derandomized (m)", n, () -> mlKem.engineEncapsulateDerandomized(mk.publicKey(), m));
            time("  ML-KEM-768 decapsulate", n, () -> mlKem.decapsulate(mk.privateKey(), mct));
            time("  X25519 agree, a kept key", n, () -> x25519.engineAgree(dk.privateKey(), peer));
            time("  X25519 agree, a kept key and the base point", n, () -> x25519.engineAgree(dk.privateKey(), base.clone()));
            time("  X25519 agree, a fresh key of eseed", n, () -> {
                PrivateKey k = PrivateKey.of(Algorithm.DHKEM_X25519, Arrays.copyOfRange(eseed, 32, 64));
                try {
                    return x25519.engineAgree(k, peer);
                } finally {
                    k.destroy();
                }
            });
            time("  DHKEM-X25519 key pair", n, dhKem::generateKeyPair);
            time("  SHA3-256 of the combiner input (134 B)", n, () -> MessageDigest.getInstance("SHA3-256").digest(combinerInput));
            time("DHKEM-X25519 encapsulate", n, () -> dhKem.encapsulate(dk.publicKey()));
            time("DHKEM-X25519 decapsulate", n, () -> dhKem.decapsulate(dk.privateKey(), dct));
            hpke(hpkeXWing, "X-Wing", xk, message, n);
            hpke(hpkeDhKem, "DHKEM-X25519", dk, message, n);
            conscryptHpke(conscrypt, "XWING", "X-Wing", conscryptXWing, message, n);
            conscryptHpke(conscrypt, "DHKEM_X25519_HKDF_SHA256", "DHKEM-X25519", conscryptX25519, message, n);
            time("HYBRID seal+open 1 KiB (facade)", n / 5, hybrid::sealOpen);
            time("CLASSICAL seal+open 1 KiB (facade)", n / 3, classical::sealOpen);
        }
        BEST.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-52s %8.1f us%n", k, v));
    }

    private static ModeBenchmark mode(String mode) {
        ModeBenchmark b = new ModeBenchmark();
        b.mode = mode;
        b.size = 1024;
        b.setup();
        return b;
    }

    private static void hpke(Hpke hpke, String label, KeyPair keys, byte[] message, int n) throws Exception {
        time("qsafe HPKE " + label + " setup+seal 1 KiB", n, () -> hpke.setupBaseSender(keys.publicKey(), EMPTY).seal(EMPTY, message));
        Hpke.Sender s = hpke.setupBaseSender(keys.publicKey(), EMPTY);
        byte[] ct = s.seal(EMPTY, message);
        byte[] enc = s.enc();
        time("qsafe HPKE " + label + " setup+open 1 KiB", n, () -> hpke.setupBaseRecipient(keys.privateKey(), enc, EMPTY).open(EMPTY, ct));
    }

    private static void conscryptHpke(Provider p, String kem, String label, java.security.KeyPair keys, byte[] message, int n)
            throws Exception {
        String suite = kem + "/HKDF_SHA256/AES_256_GCM";
        time("Conscrypt HPKE " + label + " setup+seal 1 KiB", n, () -> {
            HpkeContextSender s = HpkeContextSender.getInstance(suite, p);
            s.init(keys.getPublic(), EMPTY);
            return s.seal(message, EMPTY);
        });
        HpkeContextSender s = HpkeContextSender.getInstance(suite, p);
        s.init(keys.getPublic(), EMPTY);
        byte[] ct = s.seal(message, EMPTY);
        byte[] enc = s.getEncapsulated();
        time("Conscrypt HPKE " + label + " setup+open 1 KiB", n, () -> {
            HpkeContextRecipient rc = HpkeContextRecipient.getInstance(suite, p);
            rc.init(enc, keys.getPrivate(), EMPTY);
            return rc.open(ct, EMPTY);
        });
    }
}
