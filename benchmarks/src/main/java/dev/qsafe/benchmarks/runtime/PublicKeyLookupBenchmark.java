package dev.qsafe.benchmarks.runtime;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyEncodings;
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

/** A public key by key id from the cache, against parsing its DER SubjectPublicKeyInfo. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PublicKeyLookupBenchmark {
    @Param({"HYBRID", "PQC", "CLASSICAL"})
    public CryptoMode mode;

    private QSafe qsafe;
    private PublicKey key;
    private Algorithm algorithm;
    private String keyId; // as read from an envelope: PublicKey.keyId() hashes the key on every call
    private byte[] spki;

    @Setup
    public void setup() {
        qsafe = Facades.qsafe(RuntimeSettings.defaults());
        Identity id = qsafe.generateIdentity("alice", mode);
        key = id.signature().publicKey();
        algorithm = key.algorithm();
        keyId = key.keyId();
        spki = KeyEncodings.encodeSpki(key);
        qsafe.publicKey(algorithm, keyId, spki); // now cached
    }

    @TearDown
    public void tearDown() {
        qsafe.close();
    }

    @Benchmark
    public PublicKey cachedLookup() {
        return qsafe.cachedPublicKey(algorithm, keyId).orElseThrow();
    }

    @Benchmark
    public PublicKey cachedOrParse() {
        return qsafe.publicKey(algorithm, keyId, spki);
    }

    @Benchmark
    public PublicKey parse() {
        return KeyEncodings.decodeSpki(spki, algorithm);
    }
}
