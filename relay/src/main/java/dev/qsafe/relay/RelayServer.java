package dev.qsafe.relay;

import java.net.URI;

import dev.qsafe.relay.internal.Limits;
import dev.qsafe.relay.internal.Relay;

/**
 * A running relay (docs/RELAY.md): the HTTP API on Jetty 12 with virtual threads, SQLite or PostgreSQL
 * storage, the purge task, {@code /health} and {@code /metrics}. Close it to stop.
 */
public final class RelayServer implements AutoCloseable {

    private final Relay relay;
    private final RelayConfig config;

    private RelayServer(Relay relay, RelayConfig config) {
        this.relay = relay;
        this.config = config;
    }

    /**
     * Opens (creating or migrating) the storage and starts listening.
     *
     * @throws IllegalArgumentException for an unknown storage URL
     * @throws RuntimeException if the storage or the port cannot be opened
     */
    public static RelayServer start(RelayConfig config) {
        Limits limits = new Limits(config.publicUrl(), config.maxMessageBytes(), config.maxQueueMessages(),
                config.maxQueueBytes(), config.defaultTtl(), config.maxTtl(), config.maxWait(),
                config.depositsPerSecond(), config.depositBurst(), config.requestsPerSecond(), config.requestBurst(),
                config.maxOneTimePrekeys(), config.signatureWindow(), config.purgeInterval(), config.idleQueue(),
                config.clock());
        return new RelayServer(Relay.start(config.host(), config.port(), config.storage(), limits), config);
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return relay.port();
    }

    /** {@code http://HOST:PORT}, the base URL clients use on this machine. */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** {@code "sqlite"} or {@code "postgresql"}. */
    public String storageKind() {
        return relay.storageKind();
    }

    /** SQLite's integrity check ({@code "ok"} when sound; always {@code "ok"} for PostgreSQL). */
    public String integrityCheck() {
        return relay.integrityCheck();
    }

    /** Runs the purge now (expired messages, old nonces, idle queues); returns the rows deleted. */
    public long purgeNow() {
        return relay.purge();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        relay.join();
    }

    @Override
    public void close() {
        relay.close();
    }
}
