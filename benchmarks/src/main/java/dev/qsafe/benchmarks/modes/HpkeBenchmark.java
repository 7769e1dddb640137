package dev.qsafe.benchmarks.modes;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.benchmarks.spi.Registry;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.security.MessageDigest;
import java.security.SecureRandom;
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
 * qsafe's HPKE (RFC 9180 base mode, HKDF-SHA256, AES-256-GCM) on the selected engines: set up a sender,
 * seal 1 KiB, set up the recipient, open it. The same job as the Tink and Conscrypt HPKE peers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HpkeBenchmark {
    /** The KEM. */
    @Param({"DHKEM-X25519-HKDF-SHA256", "X-Wing", "ML-KEM-1024"})
    public String kem;

    /** Message bytes. */
    @Param({"1024"})
    public int size;

    private Hpke hpke;
    private KeyPair keys;
    private byte[] message;
    private final byte[] info = new byte[0];
    private final byte[] aad = new byte[0];

    @Setup
    public void setup() {
        CryptoRegistry registry = Registry.get();
        Algorithm k = Registry.algorithm(kem);
        hpke = Hpke.of(registry, k, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
        keys = registry.kem(k).generateKeyPair();
        message = new byte[size];
        new SecureRandom().nextBytes(message);
        if (!MessageDigest.isEqual(sealOpen(), message)) {
            throw new IllegalStateException("HPKE " + kem + " does not round-trip");
        }
    }

    @Benchmark
    public byte[] sealOpen() {
        Hpke.Sender s = hpke.setupBaseSender(keys.publicKey(), info);
        byte[] ct = s.seal(aad, message);
        return hpke.setupBaseRecipient(keys.privateKey(), s.enc(), info).open(aad, ct);
    }
}
