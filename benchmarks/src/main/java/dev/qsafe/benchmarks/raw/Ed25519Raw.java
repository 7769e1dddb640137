package dev.qsafe.benchmarks.raw;

import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Ed25519 key generation, signing and verification of a 1 KiB message, each JCA engine used raw. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519Raw {
    /** A raw engine of {@link RawEngines}; the suite keeps only those that work here. */
    @Param({"jdk", "bc", "conscrypt", "accp"})
    public String engine;

    private Provider provider;
    private KeyPair keys;
    private final byte[] message = new byte[1024];
    private byte[] signature;

    @Setup
    public void setup() throws Exception {
        provider = RawEngines.provider(engine);
        new SecureRandom().nextBytes(message);
        keys = keygen();
        signature = sign();
        if (!verify()) {
            throw new IllegalStateException(engine + " Ed25519 rejects its own signature");
        }
    }

    @Benchmark
    public KeyPair keygen() throws Exception {
        return Jca.keyPairGenerator("Ed25519", provider).generateKeyPair();
    }

    @Benchmark
    public byte[] sign() throws Exception {
        Signature s = Jca.signature("Ed25519", provider);
        s.initSign(keys.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public boolean verify() throws Exception {
        Signature s = Jca.signature("Ed25519", provider);
        s.initVerify(keys.getPublic());
        s.update(message);
        return s.verify(signature);
    }
}
