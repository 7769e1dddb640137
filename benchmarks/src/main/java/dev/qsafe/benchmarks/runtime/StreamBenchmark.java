package dev.qsafe.benchmarks.runtime;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Streaming envelopes (version 2, docs/FORMAT.md) against the AEAD engine they use, on the same bytes:
 * {@code seal}/{@code open} stream {@code size} bytes through {@code QSafe.sealStream}/{@code openStream}
 * in chunks of {@code chunk} bytes (to a sink that keeps nothing); {@code aeadSeal}/{@code aeadOpen} are the
 * registry's engine for the suite's AEAD sealing/opening the same bytes in {@code chunk}-byte calls into a
 * reused buffer (the engine's own throughput); {@code primitivesSeal}/{@code primitivesOpen} add the
 * SHA-512 of the payload that the format's signature covers (what a stream cannot do without). The
 * report divides them (docs/BENCHMARKS.md, "Streaming").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamBenchmark {
    /** The identities' mode (the suite's KEM and signature cost once per stream). */
    @Param({"CLASSICAL"})
    public String mode;

    /** Message bytes. */
    @Param({"67108864"})
    public int size;

    /** Chunk bytes (the default chunk size). */
    @Param({"65536"})
    public int chunk;

    private QSafe qsafe;
    private Identity alice;
    private Identity bob;
    private byte[] message;
    private byte[] envelope;
    private AeadSpi aead;
    private SecretBytes key;
    private byte[] nonce;
    private byte[] sealedChunk;
    private byte[] chunks;
    private byte[] plain;

    private static final OutputStream SINK = OutputStream.nullOutputStream();
    private static final byte[] EMPTY = {};

    @Setup
    public void setup() throws IOException {
        CryptoMode m = CryptoMode.valueOf(mode);
        qsafe = Facades.qsafe(RuntimeSettings.defaults());
        alice = qsafe.generateIdentity("alice", m);
        bob = qsafe.generateIdentity("bob", m);
        SecureRandom random = new SecureRandom();
        message = new byte[size];
        random.nextBytes(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + size / 64 + 8192);
        qsafe.sealStream(new ByteArrayInputStream(message), out, bob.publicIdentity(), alice, chunk);
        envelope = out.toByteArray();
        ByteArrayOutputStream back = new ByteArrayOutputStream(size);
        qsafe.openStream(new ByteArrayInputStream(envelope), back, bob, alice.publicIdentity());
        if (!MessageDigest.isEqual(back.toByteArray(), message)) {
            throw new IllegalStateException("the stream does not round-trip");
        }
        Algorithm alg = QSafeConfig.defaults().suite(m).aead();
        aead = Facades.REGISTRY.aead(alg);
        byte[] k = new byte[alg.keySize()];
        random.nextBytes(k);
        key = SecretBytes.wrap(k);
        nonce = new byte[12];
        random.nextBytes(nonce);
        sealedChunk = new byte[chunk + 16];
        plain = new byte[chunk];
        int n = (size + chunk - 1) / chunk;
        chunks = new byte[n * (chunk + 16)];
        for (int i = 0; i < n; i++) {
            setCounter(i);
            aead.sealInto(key, nonce, EMPTY, message, i * chunk, Math.min(chunk, size - i * chunk), chunks, i * (chunk + 16));
        }
    }

    @TearDown
    public void tearDown() {
        qsafe.close();
    }

    private void setCounter(int i) {
        nonce[7] = (byte) (i >>> 24);
        nonce[8] = (byte) (i >>> 16);
        nonce[9] = (byte) (i >>> 8);
        nonce[10] = (byte) i;
    }

    @Benchmark
    public long seal() throws IOException {
        return qsafe.sealStream(new ByteArrayInputStream(message), SINK, bob.publicIdentity(), alice, chunk);
    }

    @Benchmark
    public long open() throws IOException {
        return qsafe.openStream(new ByteArrayInputStream(envelope), SINK, bob, alice.publicIdentity());
    }

    @Benchmark
    public long aeadSeal() {
        long total = 0;
        for (int i = 0, at = 0; at < size; i++, at += chunk) {
            setCounter(i);
            total += aead.sealInto(key, nonce, EMPTY, message, at, Math.min(chunk, size - at), sealedChunk, 0);
        }
        return total;
    }

    @Benchmark
    public long aeadOpen() {
        long total = 0;
        for (int i = 0, at = 0; at < size; i++, at += chunk) {
            setCounter(i);
            total += aead.openInto(key, nonce, EMPTY, chunks, i * (chunk + 16), Math.min(chunk, size - at) + 16, plain, 0);
        }
        return total;
    }

    @Benchmark
    public byte[] primitivesSeal() {
        MessageDigest sha = sha512();
        for (int i = 0, at = 0; at < size; i++, at += chunk) {
            setCounter(i);
            int len = Math.min(chunk, size - at);
            sha.update(message, at, len);
            aead.sealInto(key, nonce, EMPTY, message, at, len, sealedChunk, 0);
        }
        return sha.digest();
    }

    @Benchmark
    public byte[] primitivesOpen() {
        MessageDigest sha = sha512();
        for (int i = 0, at = 0; at < size; i++, at += chunk) {
            setCounter(i);
            int len = aead.openInto(key, nonce, EMPTY, chunks, i * (chunk + 16), Math.min(chunk, size - at) + 16, plain, 0);
            sha.update(plain, 0, len);
        }
        return sha.digest();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
