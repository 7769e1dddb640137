package dev.qsafe.benchmarks.peers;

import dev.qsafe.benchmarks.raw.RawEngines;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import org.conscrypt.HpkeContextRecipient;
import org.conscrypt.HpkeContextSender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Peer: Conscrypt's own HPKE ({@code HpkeContextSender}/{@code HpkeContextRecipient}, BoringSSL), base
 * mode with HKDF-SHA256 and AES-256-GCM: set up a sender, seal 1 KiB, set up the recipient, open. The
 * Conscrypt provider object is passed to {@code getInstance}, never installed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConscryptHpke {
    /** Conscrypt's KEM name in the suite. */
    @Param({"DHKEM_X25519_HKDF_SHA256", "XWING", "MLKEM_1024"})
    public String kem;

    /** Message bytes. */
    @Param({"1024"})
    public int size;

    private Provider provider;
    private String suite;
    private KeyPair keys;
    private byte[] message;
    private final byte[] info = new byte[0];
    private final byte[] aad = new byte[0];

    @Setup
    public void setup() throws Exception {
        provider = RawEngines.provider(RawEngines.CONSCRYPT);
        suite = kem + "/HKDF_SHA256/AES_256_GCM";
        String keyAlgorithm = switch (kem) {
            case "DHKEM_X25519_HKDF_SHA256" -> "X25519";
            case "XWING" -> "XWING";
            case "MLKEM_1024" -> "ML-KEM-1024";
            default -> throw new IllegalArgumentException("unknown KEM " + kem);
        };
        keys = KeyPairGenerator.getInstance(keyAlgorithm, provider).generateKeyPair();
        message = new byte[size];
        new SecureRandom().nextBytes(message);
        if (!MessageDigest.isEqual(sealOpen(), message)) {
            throw new IllegalStateException("Conscrypt HPKE " + suite + " does not round-trip");
        }
    }

    @Benchmark
    public byte[] sealOpen() throws Exception {
        HpkeContextSender sender = HpkeContextSender.getInstance(suite, provider);
        sender.init(keys.getPublic(), info);
        byte[] ct = sender.seal(message, aad);
        HpkeContextRecipient recipient = HpkeContextRecipient.getInstance(suite, provider);
        recipient.init(sender.getEncapsulated(), keys.getPrivate(), info);
        return recipient.open(ct, aad);
    }
}
