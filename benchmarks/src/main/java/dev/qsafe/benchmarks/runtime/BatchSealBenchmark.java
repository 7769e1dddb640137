package dev.qsafe.benchmarks.runtime;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.Batch;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code items} 1 KiB HYBRID seals as one batch (virtual threads or a fixed pool, parallelism = the
 * machine's processors) against a single-thread loop. Single-shot: each invocation is one whole batch;
 * throughput = items / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchSealBenchmark {
    @Param({"10000"})
    public int items;

    @Param({"virtual", "fixed"})
    public String executor;

    private QSafe qsafe;
    private Identity alice;
    private Identity bob;
    private byte[] message;

    @Setup
    public void setup() {
        RuntimeSettings.BatchExecutor kind = executor.equals("fixed") ? RuntimeSettings.BatchExecutor.FIXED
                : RuntimeSettings.BatchExecutor.VIRTUAL;
        qsafe = Facades.qsafe(RuntimeSettings.defaults().withBatch(kind,
                Runtime.getRuntime().availableProcessors(), Duration.ofHours(1)));
        alice = qsafe.generateIdentity("alice", CryptoMode.HYBRID);
        bob = qsafe.generateIdentity("bob", CryptoMode.HYBRID);
        message = new byte[1024];
        new SecureRandom().nextBytes(message);
    }

    @TearDown
    public void tearDown() {
        qsafe.close();
    }

    @Benchmark
    public void batch(Blackhole bh) {
        Batch b = qsafe.batch();
        for (int i = 0; i < items; i++) {
            b.seal(message, bob.publicIdentity(), alice);
        }
        List<Batch.Result> results = b.submit();
        for (Batch.Result r : results) {
            if (!r.ok()) {
                throw new IllegalStateException(r.toString());
            }
            bh.consume(r.output());
        }
    }

    @Benchmark
    public void loop(Blackhole bh) {
        for (int i = 0; i < items; i++) {
            bh.consume(qsafe.seal(message, bob.publicIdentity(), alice));
        }
    }
}
