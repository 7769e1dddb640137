package dev.qsafe.tests.envelope;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of {@link StreamHeapTest}: seals {@code bytes} bytes from a generated input stream into a
 * pipe while another thread opens the envelope from that pipe into a counting, hashing output stream, so
 * that the whole envelope never exists anywhere (no file, no array). Prints one line:
 * {@code ok <bytes in> <bytes out> <envelope bytes> <sha-256 in> <sha-256 out> <peak heap bytes> <seal+open ms>}.
 *
 * <pre>args: bytes mode</pre>
 */
public final class StreamHeapChild {
    private StreamHeapChild() {
    }

    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(args[0]);
        CryptoMode mode = CryptoMode.valueOf(args[1]);
        try (QSafe q = QSafe.newBuilder().build()) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            Generated in = new Generated(total);
            Hashing out = new Hashing();
            PipedInputStream pipeIn = new PipedInputStream(1 << 20);
            CountingPipe pipeOut = new CountingPipe(pipeIn);
            AtomicReference<Throwable> sealFailure = new AtomicReference<>();
            long t0 = System.nanoTime();
            Thread sealer = Thread.ofPlatform().name("sealer").start(() -> {
                try (pipeOut) {
                    q.sealStream(in, pipeOut, bob.publicIdentity(), alice);
                } catch (Throwable e) {
                    sealFailure.set(e);
                }
            });
            long opened = q.openStream(pipeIn, out, bob, alice.publicIdentity());
            sealer.join();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (sealFailure.get() != null) {
                throw new AssertionError("sealing failed", sealFailure.get());
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("ok " + in.produced + " " + opened + " " + pipeOut.count + " "
                    + HexFormat.of().formatHex(in.hash.digest()) + " " + HexFormat.of().formatHex(out.hash.digest())
                    + " " + peak + " " + ms);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code total} pseudo-random bytes, made as they are read, hashed as they go. */
    static final class Generated extends InputStream {
        final MessageDigest hash = sha256();
        private final SplittableRandom random = new SplittableRandom(7);
        private final long total;
        long produced;

        Generated(long total) {
            this.total = total;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - produced);
            for (int i = 0; i < n; i += 8) {
                long r = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    b[off + i + j] = (byte) (r >>> (8 * j));
                }
            }
            hash.update(b, off, n);
            produced += n;
            return n;
        }
    }

    /** Counts and hashes what it is given, keeps nothing. */
    static final class Hashing extends OutputStream {
        final MessageDigest hash = sha256();

        @Override
        public void write(int b) {
            hash.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            hash.update(b, off, len);
        }
    }

    /** A pipe's writing end that counts the envelope's bytes. */
    static final class CountingPipe extends PipedOutputStream {
        long count;

        CountingPipe(PipedInputStream sink) throws IOException {
            super(sink);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            count++;
        }
    }
}
