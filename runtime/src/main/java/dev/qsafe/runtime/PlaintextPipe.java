package dev.qsafe.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between a thread that opens an envelope (writing plaintext) and one that seals
 * it again (reading plaintext): at most {@link #SLOTS} blocks of at most {@link #BLOCK} bytes in flight, each
 * block wiped once read, so re-wrapping runs in constant memory and plaintext never leaves the heap. The
 * writer's failure reaches the reader as an {@link IOException} whose cause is that failure; a reader that
 * closes early makes the writer's next write fail.
 */
final class PlaintextPipe {
    static final int BLOCK = 64 * 1024;
    static final int SLOTS = 4;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(SLOTS + 1);
    private volatile Throwable failure;
    private volatile boolean readerClosed;

    /** The writer's failure, if it failed. */
    Throwable failure() {
        return failure;
    }

    /** Ends the stream with {@code cause}: the reader's next read throws. */
    void fail(Throwable cause) {
        failure = cause;
        queue.clear();
        queue.offer(END);
    }

    /** The writing end; {@link OutputStream#close()} ends the stream normally. */
    OutputStream sink() {
        return new OutputStream() {
            private byte[] block = new byte[BLOCK];
            private int length;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, BLOCK - length);
                    System.arraycopy(b, off, block, length, n);
                    length += n;
                    off += n;
                    len -= n;
                    if (length == BLOCK) {
                        flush();
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                if (length > 0) {
                    put(Arrays.copyOf(block, length));
                    Arrays.fill(block, 0, length, (byte) 0);
                    length = 0;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flush();
                    put(END);
                    Arrays.fill(block, (byte) 0);
                }
            }
        };
    }

    private void put(byte[] b) throws IOException {
        try {
            while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                if (readerClosed) {
                    Arrays.fill(b, (byte) 0);
                    throw new IOException("the re-sealing side stopped reading");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Arrays.fill(b, (byte) 0);
            throw new InterruptedIOException("interrupted while re-wrapping");
        }
    }

    /** The reading end; closing it wipes what is still queued. */
    InputStream source() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    Arrays.fill(current, (byte) 0);
                    try {
                        current = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while re-wrapping");
                    }
                    position = 0;
                    if (current == END) {
                        ended = true;
                        Throwable f = failure;
                        if (f != null) {
                            throw new IOException("opening the original envelope failed", f);
                        }
                    }
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                readerClosed = true;
                Arrays.fill(current, (byte) 0);
                byte[] b;
                while ((b = queue.poll()) != null) {
                    Arrays.fill(b, (byte) 0);
                }
            }
        };
    }
}
