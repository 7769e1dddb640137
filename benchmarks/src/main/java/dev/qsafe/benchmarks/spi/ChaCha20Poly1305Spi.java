package dev.qsafe.benchmarks.spi;

import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
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
 * ChaCha20-Poly1305 seal and open through qsafe's SPI: the engine of one named provider
 * ({@code CryptoRegistry.aead(alg, provider)}), fresh counter nonce per seal, empty associated data,
 * as {@code dev.qsafe.benchmarks.raw} does with the engines used raw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChaCha20Poly1305Spi {
    /** A provider name; the suite runs every provider the registry has for the algorithm. */
    @Param({"jdk-classical", "bc-classical", "conscrypt", "accp"})
    public String provider;

    /** The algorithm (one value: the provider list depends on it). */
    @Param({"ChaCha20-Poly1305"})
    public String algorithm;

    /** Plaintext bytes. */
    @Param({"1024", "1048576"})
    public int size;

    private AeadSpi aead;
    private SecretBytes key;
    private final byte[] nonce = new byte[12];
    private final byte[] openNonce = new byte[12];
    private final byte[] empty = new byte[0];
    private byte[] plaintext;
    private byte[] ciphertext;
    private long counter;

    @Setup
    public void setup() {
        aead = Registry.get().aead(Registry.algorithm(algorithm), provider);
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[32];
        random.nextBytes(k);
        key = SecretBytes.wrap(k);
        random.nextBytes(openNonce);
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        ciphertext = aead.seal(key, openNonce, plaintext, empty);
        if (!MessageDigest.isEqual(open(), plaintext)) {
            throw new IllegalStateException(provider + " " + algorithm + " does not round-trip");
        }
    }

    @Benchmark
    public byte[] seal() {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
        return aead.seal(key, nonce, plaintext, empty);
    }

    @Benchmark
    public byte[] open() {
        return aead.open(key, openNonce, ciphertext, empty);
    }
}
