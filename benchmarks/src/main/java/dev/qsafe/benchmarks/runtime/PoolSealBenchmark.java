package dev.qsafe.benchmarks.runtime;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * A 1 KiB seal and open with the buffer pool on and off; run with {@code -prof gc} and compare
 * {@code gc.alloc.rate.norm} (bytes allocated per operation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolSealBenchmark {
    @Param({"CLASSICAL", "HYBRID", "PQC"})
    public CryptoMode mode;

    @Param({"true", "false"})
    public boolean pool;

    private QSafe qsafe;
    private Identity alice;
    private Identity bob;
    private byte[] message;
    private byte[] envelope;

    @Setup
    public void setup() {
        qsafe = Facades.qsafe(RuntimeSettings.defaults().withPoolEnabled(pool).withCachesEnabled(false));
        alice = qsafe.generateIdentity("alice", mode);
        bob = qsafe.generateIdentity("bob", mode);
        message = new byte[1024];
        new SecureRandom().nextBytes(message);
        envelope = qsafe.seal(message, bob.publicIdentity(), alice);
    }

    @TearDown
    public void tearDown() {
        qsafe.close();
    }

    @Benchmark
    public byte[] seal() {
        return qsafe.seal(message, bob.publicIdentity(), alice);
    }

    @Benchmark
    public byte[] open() {
        return qsafe.open(envelope, bob, alice.publicIdentity());
    }
}
