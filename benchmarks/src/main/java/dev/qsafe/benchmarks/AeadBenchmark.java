package dev.qsafe.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** AES-256-GCM seal, the JDK's engine used raw. (Skeleton; the engine matrix comes with issue 4.) */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AeadBenchmark {
    @Param({"64", "1024", "16384", "1048576"})
    public int size;

    private SecretKeySpec key;
    private byte[] plaintext;
    private final byte[] nonce = new byte[12];
    private long counter;

    @Setup
    public void setup() {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[32];
        random.nextBytes(k);
        key = new SecretKeySpec(k, "AES");
        plaintext = new byte[size];
        random.nextBytes(plaintext);
    }

    @Benchmark
    public byte[] jdkRawSeal() throws Exception {
        long n = ++counter; // a fresh nonce per call: the JDK refuses to reuse one with the same key
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        return c.doFinal(plaintext);
    }
}
