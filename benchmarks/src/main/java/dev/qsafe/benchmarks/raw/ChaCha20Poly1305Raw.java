package dev.qsafe.benchmarks.raw;

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

/** ChaCha20-Poly1305 seal and open, each JCA engine used raw (see {@link RawAead}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChaCha20Poly1305Raw {
    /** A raw engine of {@link RawEngines}; the suite keeps only those that work here. */
    @Param({"jdk", "bc", "conscrypt", "accp"})
    public String engine;

    /** Plaintext bytes. */
    @Param({"1024", "1048576"})
    public int size;

    private RawAead aead;
    private byte[] plaintext;
    private byte[] ciphertext;

    @Setup
    public void setup() throws Exception {
        aead = RawAead.chaCha20Poly1305(engine);
        plaintext = new byte[size];
        new SecureRandom().nextBytes(plaintext);
        ciphertext = aead.sealForOpen(plaintext);
        if (!MessageDigest.isEqual(aead.open(ciphertext), plaintext)) {
            throw new IllegalStateException(engine + " ChaCha20-Poly1305 does not round-trip");
        }
    }

    @Benchmark
    public byte[] seal() throws Exception {
        return aead.seal(plaintext);
    }

    @Benchmark
    public byte[] open() throws Exception {
        return aead.open(ciphertext);
    }
}
