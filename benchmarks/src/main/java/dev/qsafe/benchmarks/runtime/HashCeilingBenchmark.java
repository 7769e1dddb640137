package dev.qsafe.benchmarks.runtime;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.benchmarks.raw.RawEngines;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Xof;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.Kangaroo;
import org.bouncycastle.crypto.digests.ParallelHash;
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
 * The ceiling a whole-message hash puts on a streaming envelope (docs/BENCHMARKS.md, "Issue 18: the
 * whole-message hash ceiling"): one pass over {@code size} bytes, fed in {@code chunk}-byte pieces as a
 * stream feeds them, by each of
 * <ul>
 *   <li>{@code aead-seal}, {@code aead-open}: the registry's selected AES-256-GCM engine sealing/opening the
 *       bytes in chunk calls into a reused buffer (what {@code StreamBenchmark.aeadSeal}/{@code aeadOpen} do);</li>
 *   <li>{@code LIB:HASH}: a collision-resistant hash of the bytes: SHA-256, SHA-512, SHA3-256 from the JDK
 *       ({@code jdk}, the {@code SUN} provider the streaming format's SHA-512 runs on), ACCP ({@code accp},
 *       AWS-LC) and Conscrypt ({@code conscrypt}, BoringSSL) through {@code MessageDigest}; BLAKE3-256,
 *       KangarooTwelve (32-byte output) and ParallelHash256 (SP 800-185, 8 KiB blocks) from Bouncy Castle's
 *       lightweight API ({@code bc});</li>
 *   <li>{@code stream-seal}, {@code stream-open}: {@code QSafe.sealStream}/{@code openStream} (version 2,
 *       CLASSICAL identities) to a sink that keeps nothing.</li>
 * </ul>
 * A library that does not offer a hash fails this benchmark's setup, and the suite leaves that pass out with
 * the reason. Every hash is checked once in the setup: a published answer (SHA-2 and SHA-3 against the JDK's,
 * BLAKE3 and KangarooTwelve on the empty message) and the same digest fed whole and in chunks. The report
 * turns the times into throughputs and ceilings (sequential: AEAD + hash on one core; pipelined: the hash on
 * a second core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HashCeilingBenchmark {
    /** What passes over the bytes. */
    @Param({"aead-seal", "aead-open", "stream-seal", "stream-open",
        "jdk:SHA-256", "jdk:SHA-512", "jdk:SHA3-256",
        "accp:SHA-256", "accp:SHA-512", "accp:SHA3-256",
        "conscrypt:SHA-256", "conscrypt:SHA-512", "conscrypt:SHA3-256",
        "bc:BLAKE3-256", "bc:KangarooTwelve", "bc:ParallelHash256"})
    public String pass;

    /** Message bytes. */
    @Param({"1048576", "67108864"})
    public int size;

    /** Bytes per call (the streaming format's default chunk). */
    @Param({"65536"})
    public int chunk;

    private static final byte[] EMPTY = {};
    private static final OutputStream SINK = OutputStream.nullOutputStream();
    private static final HexFormat HEX = HexFormat.of();

    private byte[] message;
    private Hash hash;
    private AeadSpi aead;
    private SecretBytes key;
    private byte[] nonce;
    private byte[] sealedChunk;
    private byte[] chunks;
    private byte[] plain;
    private QSafe qsafe;
    private Identity alice;
    private Identity bob;
    private byte[] envelope;

    /** One running hash. */
    interface Hash {
        void update(byte[] b, int off, int len);

        byte[] finish();
    }

    @Setup
    public void setup() throws Exception {
        message = new byte[size];
        new SplittableRandom(18).nextBytes(message); // content does not matter to any pass; fast to make
        switch (pass) {
            case "aead-seal", "aead-open" -> setupAead();
            case "stream-seal", "stream-open" -> setupStream();
            default -> {
                hash = hash(pass);
                check(pass);
            }
        }
    }

    @TearDown
    public void tearDown() {
        if (qsafe != null) {
            qsafe.close();
        }
    }

    private void setupAead() {
        aead = Facades.REGISTRY.aead(Algorithm.AES_256_GCM); // the engine qsafe selects
        byte[] k = new byte[32];
        new SplittableRandom(1).nextBytes(k);
        key = SecretBytes.wrap(k);
        nonce = new byte[12];
        sealedChunk = new byte[chunk + 16];
        plain = new byte[chunk];
        int n = (size + chunk - 1) / chunk;
        chunks = new byte[n * (chunk + 16)];
        for (int i = 0; i < n; i++) {
            setCounter(i);
            aead.sealInto(key, nonce, EMPTY, message, i * chunk, Math.min(chunk, size - i * chunk), chunks, i * (chunk + 16));
        }
        if (aeadOpen() != size) {
            throw new IllegalStateException("the AEAD does not round-trip");
        }
    }

    private void setupStream() throws IOException {
        qsafe = Facades.qsafe(RuntimeSettings.defaults());
        alice = qsafe.generateIdentity("alice", CryptoMode.CLASSICAL);
        bob = qsafe.generateIdentity("bob", CryptoMode.CLASSICAL);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + size / 64 + 8192);
        qsafe.sealStream(new ByteArrayInputStream(message), out, bob.publicIdentity(), alice, chunk);
        envelope = out.toByteArray();
        ByteArrayOutputStream back = new ByteArrayOutputStream(size);
        qsafe.openStream(new ByteArrayInputStream(envelope), back, bob, alice.publicIdentity());
        if (!MessageDigest.isEqual(back.toByteArray(), message)) {
            throw new IllegalStateException("the stream does not round-trip");
        }
    }

    /** {@code lib:name} as a running hash; fails (leaving the pass out) when the library does not offer it. */
    static Hash hash(String pass) throws GeneralSecurityException {
        int colon = pass.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not LIB:HASH: " + pass);
        }
        String lib = pass.substring(0, colon);
        String name = pass.substring(colon + 1);
        if (lib.equals(RawEngines.BC)) {
            return switch (name) {
                case "BLAKE3-256" -> bc(new Blake3Digest(), 32);
                case "KangarooTwelve" -> bc(new Kangaroo.KangarooTwelve(), 32); // BC's default output is 16 bytes
                case "ParallelHash256" -> bc(new ParallelHash(256, EMPTY, 8192), 64);
                default -> throw new IllegalArgumentException("no Bouncy Castle lightweight hash " + name + " here");
            };
        }
        Provider p = lib.equals(RawEngines.JDK) ? Security.getProvider("SUN") : RawEngines.provider(lib);
        MessageDigest md = MessageDigest.getInstance(name, p); // NoSuchAlgorithmException: not offered
        return new Hash() {
            @Override
            public void update(byte[] b, int off, int len) {
                md.update(b, off, len);
            }

            @Override
            public byte[] finish() {
                return md.digest();
            }
        };
    }

    /** A Bouncy Castle digest (an extendable-output one read for {@code outLength} bytes). */
    private static Hash bc(Digest d, int outLength) {
        return new Hash() {
            @Override
            public void update(byte[] b, int off, int len) {
                d.update(b, off, len);
            }

            @Override
            public byte[] finish() {
                byte[] out = new byte[outLength];
                if (d instanceof Xof x) {
                    x.doFinal(out, 0, outLength);
                } else {
                    d.doFinal(out, 0);
                }
                return out;
            }
        };
    }

    /**
     * Checks a hash once: a published answer, and the same digest whether fed whole or in chunks (and again
     * after a digest, so the object is reusable as the benchmark reuses it).
     */
    private void check(String pass) throws GeneralSecurityException {
        byte[] sample = java.util.Arrays.copyOf(message, Math.min(size, 3 * chunk + 17));
        String name = pass.substring(pass.indexOf(':') + 1);
        Hash fresh = hash(pass);
        fresh.update(sample, 0, sample.length);
        byte[] whole = fresh.finish();
        byte[] known = switch (name) {
            case "SHA-256", "SHA-512", "SHA3-256" -> MessageDigest.getInstance(name, Security.getProvider("SUN")).digest(sample);
            default -> null;
        };
        if (known != null && !MessageDigest.isEqual(known, whole)) {
            throw new IllegalStateException(pass + " differs from the JDK's " + name);
        }
        String empty = switch (name) {
            case "BLAKE3-256" -> "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
            case "KangarooTwelve" -> "1ac2d450fc3b4205d19da7bfca1b37513c0803577ac7167f06fe2ce1f0ef39e5";
            default -> null;
        };
        if (empty != null && !HEX.formatHex(hash(pass).finish()).equals(empty)) {
            throw new IllegalStateException(pass + " of the empty message is not the published value");
        }
        for (int round = 0; round < 2; round++) {
            for (int at = 0; at < sample.length; at += chunk) {
                hash.update(sample, at, Math.min(chunk, sample.length - at));
            }
            if (!MessageDigest.isEqual(whole, hash.finish())) {
                throw new IllegalStateException(pass + " in chunks differs from " + pass + " whole");
            }
        }
    }

    private void setCounter(int i) {
        nonce[7] = (byte) (i >>> 24);
        nonce[8] = (byte) (i >>> 16);
        nonce[9] = (byte) (i >>> 8);
        nonce[10] = (byte) i;
    }

    private long aeadSeal() {
        long total = 0;
        for (int i = 0, at = 0; at < size; i++, at += chunk) {
            setCounter(i);
            total += aead.sealInto(key, nonce, EMPTY, message, at, Math.min(chunk, size - at), sealedChunk, 0);
        }
        return total;
    }

    private long aeadOpen() {
        long total = 0;
        for (int i = 0, at = 0; at < size; i++, at += chunk) {
            setCounter(i);
            total += aead.openInto(key, nonce, EMPTY, chunks, i * (chunk + 16), Math.min(chunk, size - at) + 16, plain, 0);
        }
        return total;
    }

    private long digest() {
        for (int at = 0; at < size; at += chunk) {
            hash.update(message, at, Math.min(chunk, size - at));
        }
        return hash.finish()[0];
    }

    /** One pass over the bytes by {@link #pass}. */
    @Benchmark
    public long pass() throws IOException {
        return switch (pass) {
            case "aead-seal" -> aeadSeal();
            case "aead-open" -> aeadOpen();
            case "stream-seal" -> qsafe.sealStream(new ByteArrayInputStream(message), SINK, bob.publicIdentity(), alice, chunk);
            case "stream-open" -> qsafe.openStream(new ByteArrayInputStream(envelope), SINK, bob, alice.publicIdentity());
            default -> digest();
        };
    }
}
