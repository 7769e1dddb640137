package dev.qsafe.benchmarks.raw;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Provider;
import javax.crypto.KeyAgreement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** X25519 key generation and agreement, each JCA engine used raw. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class X25519Raw {
    /** A raw engine of {@link RawEngines}; the suite keeps only those that work here. */
    @Param({"jdk", "bc", "conscrypt", "accp"})
    public String engine;

    private Provider provider;
    private KeyPair ours;
    private KeyPair theirs;

    @Setup
    public void setup() throws Exception {
        provider = RawEngines.provider(engine);
        ours = keygen();
        theirs = keygen();
        if (!MessageDigest.isEqual(agree(ours, theirs), agree(theirs, ours))) {
            throw new IllegalStateException(engine + " X25519 agreement is not symmetric");
        }
    }

    private byte[] agree(KeyPair a, KeyPair b) throws Exception {
        KeyAgreement ka = Jca.keyAgreement("X25519", provider);
        ka.init(a.getPrivate());
        ka.doPhase(b.getPublic(), true);
        return ka.generateSecret();
    }

    @Benchmark
    public KeyPair keygen() throws Exception {
        return Jca.keyPairGenerator("X25519", provider).generateKeyPair();
    }

    @Benchmark
    public byte[] agree() throws Exception {
        return agree(ours, theirs);
    }
}
