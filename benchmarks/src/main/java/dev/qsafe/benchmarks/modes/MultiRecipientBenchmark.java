package dev.qsafe.benchmarks.modes;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.benchmarks.spi.Registry;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
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

/**
 * Sealing one message to {@code recipients} HYBRID recipients as one envelope (version 3, docs/FORMAT.md)
 * against what it should cost: one payload encryption (a streaming seal to one recipient: payload, one
 * encapsulation, the signature) plus {@code recipients - 1} more HPKE single-shot seals of a 32-byte key
 * with X-Wing. The ratio of the two is the "one payload encryption plus N encapsulations" target.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MultiRecipientBenchmark {
    /** Number of recipients. */
    @Param({"1", "10", "100"})
    public int recipients;

    /** Message bytes. */
    @Param({"1048576"})
    public int size;

    private QSafe qsafe;
    private Identity sender;
    private List<PublicIdentity> to;
    private Hpke hpke;
    private byte[] message;
    private final byte[] dek = new byte[32];
    private final byte[] aad = new byte[64];
    private final byte[] info = "qsafe envelope v3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Setup
    public void setup() {
        qsafe = QSafe.newBuilder().registry(Registry.get()).config(QSafeConfig.defaults()).build();
        sender = qsafe.generateIdentity("alice", CryptoMode.HYBRID);
        to = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            to.add(qsafe.generateIdentity("r" + i, CryptoMode.HYBRID).publicIdentity());
        }
        hpke = Hpke.of(Registry.get(), Algorithm.X_WING, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
        message = new byte[size];
        new SecureRandom().nextBytes(message);
        new SecureRandom().nextBytes(dek);
    }

    @TearDown
    public void tearDown() {
        qsafe.close();
    }

    /** One envelope to every recipient. */
    @Benchmark
    public long sealToN() throws IOException {
        return qsafe.sealStream(new ByteArrayInputStream(message), OutputStream.nullOutputStream(), to, sender,
                QSafe.DEFAULT_CHUNK_SIZE, false);
    }

    /** The reference: one streaming seal to one recipient, then N - 1 more encapsulations wrapping a 32-byte key. */
    @Benchmark
    public long payloadPlusEncapsulations() throws IOException {
        long acc = qsafe.sealStream(new ByteArrayInputStream(message), OutputStream.nullOutputStream(), to.get(0), sender,
                QSafe.DEFAULT_CHUNK_SIZE);
        for (int i = 1; i < recipients; i++) {
            Hpke.Sender s = hpke.setupBaseSender(to.get(i).kem(), info);
            acc += s.seal(aad, dek)[0] + s.enc()[0]; // used, so that the JIT keeps the work
            s.destroy();
        }
        return acc;
    }
}
