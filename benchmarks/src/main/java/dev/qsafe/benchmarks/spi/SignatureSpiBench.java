package dev.qsafe.benchmarks.spi;

import dev.qsafe.api.KeyPair;
import dev.qsafe.api.spi.SignatureSpi;
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
 * Signature key generation, signing and verification of a 1 KiB message (empty context) through
 * qsafe's SPI, per provider: Ed25519, ML-DSA-65/87 and the composite ML-DSA-65 + Ed25519.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureSpiBench {
    /** A provider name; the suite runs every provider the registry has for the algorithm. */
    @Param({"jdk-classical", "bc-classical", "bc-pqc", "jdk-pqc", "hybrid", "conscrypt", "accp"})
    public String provider;

    /** The signature scheme. */
    @Param({"Ed25519", "ML-DSA-65", "ML-DSA-87", "MLDSA65-Ed25519-SHA512"})
    public String algorithm;

    private SignatureSpi scheme;
    private KeyPair keys;
    private final byte[] message = new byte[1024];
    private final byte[] context = new byte[0];
    private byte[] signature;

    @Setup
    public void setup() {
        scheme = Registry.get().signature(Registry.algorithm(algorithm), provider);
        new SecureRandom().nextBytes(message);
        keys = keygen();
        signature = sign();
        verify();
    }

    @Benchmark
    public KeyPair keygen() {
        return scheme.generateKeyPair();
    }

    @Benchmark
    public byte[] sign() {
        return scheme.sign(keys.privateKey(), message, context);
    }

    @Benchmark
    public void verify() {
        scheme.verify(keys.publicKey(), message, signature, context);
    }
}
