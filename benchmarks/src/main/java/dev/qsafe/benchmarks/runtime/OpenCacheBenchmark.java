package dev.qsafe.benchmarks.runtime;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import java.security.SecureRandom;
import java.time.Duration;
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
 * Opening a 1 KiB envelope whose sender key and signature were already verified (the same envelope
 * opened again): caches off, caches on (the verified-signature cache skips the signature check), and
 * caches on with the HPKE secret cache (the decapsulation is skipped too).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenCacheBenchmark {
    @Param({"HYBRID", "CLASSICAL", "PQC"})
    public CryptoMode mode;

    @Param({"off", "on", "on+hpkeSecrets"})
    public String caches;

    private QSafe qsafe;
    private Identity alice;
    private Identity bob;
    private byte[] envelope;

    @Setup
    public void setup() {
        RuntimeSettings s = switch (caches) {
            case "off" -> RuntimeSettings.defaults().withCachesEnabled(false);
            case "on" -> RuntimeSettings.defaults();
            case "on+hpkeSecrets" -> RuntimeSettings.defaults().withHpkeSecrets(true, Duration.ofHours(1));
            default -> throw new IllegalArgumentException(caches);
        };
        qsafe = Facades.qsafe(s);
        alice = qsafe.generateIdentity("alice", mode);
        bob = qsafe.generateIdentity("bob", mode);
        byte[] message = new byte[1024];
        new SecureRandom().nextBytes(message);
        envelope = qsafe.seal(message, bob.publicIdentity(), alice);
        qsafe.open(envelope, bob, alice.publicIdentity()); // verified once
    }

    @TearDown
    public void tearDown() {
        qsafe.close();
    }

    @Benchmark
    public byte[] openAgain() {
        return qsafe.open(envelope, bob, alice.publicIdentity());
    }
}
