package dev.qsafe.tests.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting HTTP/1.1 proxy for the relay's tests (docs/RELAY.md, "Tests"): it sits between a
 * {@code RelayClient} and a relay on loopback and, per request, may
 * <ul>
 * <li>{@link Fault#DROP_REQUEST drop} the request (close the client's connection, nothing forwarded),</li>
 * <li>{@link Fault#DROP_RESPONSE drop} the answer (the relay did the work; the client sees a closed connection),</li>
 * <li>{@link Fault#TRUNCATE_REQUEST truncate} the request (forward half of it, then close both sides),</li>
 * <li>{@link Fault#TRUNCATE_RESPONSE truncate} the answer (the client gets half of it, then a close),</li>
 * <li>{@link Fault#DUPLICATE duplicate} it (replay the full request once more on a connection of its own, after a
 * random delay of up to 100 ms, its answer thrown away; as a proxy that retries would),</li>
 * <li>{@link Fault#DELAY delay} it (hold it up to 200 ms, so that requests of different clients are reordered).</li>
 * </ul>
 * Each request is read whole (head and {@code Content-Length} body) and forwarded on a new upstream
 * connection with {@code Connection: close}; the answer is read to the end and written back, then the
 * client's connection is closed. The choice for the n-th accepted connection depends only on the seed
 * and n, so a run's faults are reproducible up to the scheduling of the threads.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { NONE, DROP_REQUEST, DROP_RESPONSE, TRUNCATE_REQUEST, TRUNCATE_RESPONSE, DUPLICATE, DELAY }

    private static final int TIMEOUT_MS = 90_000;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final InetSocketAddress upstream;
    private final long seed;
    private final double rate;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong connections = new AtomicLong();
    private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);

    /**
     * @param upstream the relay's base URL
     * @param seed     the seed of every fault decision
     * @param rate     the probability of each fault kind per request (six kinds, so at most 1/6)
     */
    FaultProxy(URI upstream, long seed, double rate) throws IOException {
        if (rate < 0 || rate * 6 > 1) {
            throw new IllegalArgumentException("rate must be 0..1/6");
        }
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.seed = seed;
        this.rate = rate;
        for (Fault f : Fault.values()) {
            counts.put(f, new AtomicLong());
        }
        server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    /** The proxy's base URL, for the client. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many requests met each fault (and {@link Fault#NONE}). */
    long count(Fault f) {
        return counts.get(f).get();
    }

    /** One line: the seed and each fault's count. */
    String summary() {
        StringBuilder b = new StringBuilder("seed " + seed);
        counts.forEach((f, n) -> b.append(", ").append(f.name().toLowerCase(Locale.ROOT)).append(' ').append(n.get()));
        return b.toString();
    }

    private Void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                long n = connections.getAndIncrement();
                threads.submit(() -> serve(s, n));
            } catch (IOException closed) {
                return null;
            }
        }
        return null;
    }

    private Fault choose(SplittableRandom rnd) {
        double x = rnd.nextDouble();
        Fault[] kinds = Fault.values();
        for (int i = 1; i < kinds.length; i++) {
            if (x < rate * i) {
                return kinds[i];
            }
        }
        return Fault.NONE;
    }

    private Void serve(Socket client, long n) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L));
        try (client) {
            client.setSoTimeout(TIMEOUT_MS);
            byte[] request = readRequest(client.getInputStream());
            if (request == null) {
                return null;
            }
            Fault fault = choose(rnd);
            counts.get(fault).incrementAndGet();
            switch (fault) {
                case DROP_REQUEST -> {
                    return null;
                }
                case TRUNCATE_REQUEST -> {
                    try (Socket up = connect()) {
                        up.getOutputStream().write(request, 0, request.length / 2);
                        up.getOutputStream().flush();
                        up.shutdownOutput();
                        up.getInputStream().readAllBytes(); // the relay's answer to half a request, if any
                    }
                    return null;
                }
                case DUPLICATE -> {
                    long delay = rnd.nextLong(100);
                    threads.submit(() -> {
                        Thread.sleep(delay);
                        exchange(request);
                        return null;
                    });
                }
                case DELAY -> Thread.sleep(rnd.nextLong(200));
                default -> {
                    // forwarded as is
                }
            }
            byte[] response = exchange(request);
            OutputStream out = client.getOutputStream();
            switch (fault) {
                case DROP_RESPONSE -> {
                    return null;
                }
                case TRUNCATE_RESPONSE -> out.write(response, 0, response.length / 2);
                default -> out.write(response);
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client or the relay went away: so does the connection
        }
        return null;
    }

    private Socket connect() throws IOException {
        Socket up = new Socket();
        up.connect(upstream, 10_000);
        up.setSoTimeout(TIMEOUT_MS);
        return up;
    }

    private byte[] exchange(byte[] request) throws IOException {
        try (Socket up = connect()) {
            up.getOutputStream().write(request);
            up.getOutputStream().flush();
            return up.getInputStream().readAllBytes();
        }
    }

    /** One request, its head rewritten to {@code Connection: close}; null at a clean end of stream. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the request ended inside its head");
            }
            head.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head too large");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        StringBuilder rewritten = new StringBuilder(lines[0]).append("\r\n");
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                if (length < 0 || length > MAX_BODY) {
                    throw new IOException("bad Content-Length");
                }
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("chunked requests are not proxied"); // RelayClient sends Content-Length
            }
            if (!name.equals("connection")) {
                rewritten.append(line).append("\r\n");
            }
        }
        rewritten.append("Connection: close\r\n\r\n");
        byte[] h = rewritten.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("the request ended inside its body");
        }
        byte[] all = new byte[h.length + length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, length);
        return all;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
