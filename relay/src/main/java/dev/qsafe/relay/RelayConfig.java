package dev.qsafe.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a relay is started with: where it listens, its storage and its limits (docs/RELAY.md,
 * "Limits"). Build with {@link #builder()}; every limit has the documented default.
 *
 * @param host               address to bind (default 127.0.0.1)
 * @param port               port (0 picks a free one)
 * @param storage            {@code sqlite:PATH}, {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://...}
 * @param publicUrl          the base URL clients use (scheme://host[:port]) when a proxy stands in front, or null
 * @param maxMessageBytes    largest deposit (413 above)
 * @param maxQueueMessages   most unexpired messages in a queue (429 above)
 * @param maxQueueBytes      most bytes of unexpired messages in a queue (507 above)
 * @param defaultTtl         lifetime of a message deposited without {@code ?ttl=}
 * @param maxTtl             largest {@code ?ttl=}
 * @param maxWait            longest long poll
 * @param depositsPerSecond  sustained deposits per queue per second (token bucket, per relay)
 * @param depositBurst       bucket size for deposits per queue
 * @param requestsPerSecond  sustained requests per client address per second (per relay)
 * @param requestBurst       bucket size per client address
 * @param maxOneTimePrekeys  most one-time prekeys stored per bundle
 * @param signatureWindow    accepted distance between a signature's {@code created} and the relay's clock
 * @param purgeInterval      how often expired messages, nonces and idle queues are deleted
 * @param idleQueue          a queue neither written nor read for this long is deleted
 * @param clock              the relay's clock (tests move it)
 */
public record RelayConfig(String host, int port, String storage, String publicUrl, int maxMessageBytes,
        int maxQueueMessages, long maxQueueBytes, Duration defaultTtl, Duration maxTtl, Duration maxWait,
        double depositsPerSecond, int depositBurst, double requestsPerSecond, int requestBurst, int maxOneTimePrekeys,
        Duration signatureWindow, Duration purgeInterval, Duration idleQueue, Clock clock) {

    public RelayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (maxMessageBytes < 1 || maxQueueMessages < 1 || maxQueueBytes < maxMessageBytes || depositBurst < 1
                || requestBurst < 1 || depositsPerSecond <= 0 || requestsPerSecond <= 0 || maxOneTimePrekeys < 0) {
            throw new IllegalArgumentException("limits must be positive (and a queue must hold at least one message)");
        }
        if (maxTtl.compareTo(defaultTtl) < 0 || defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("the default TTL must be positive and at most the maximum TTL");
        }
    }

    /** A builder with the documented defaults and {@code sqlite:qsafe-relay.db}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.storage = storage;
        b.publicUrl = publicUrl;
        b.maxMessageBytes = maxMessageBytes;
        b.maxQueueMessages = maxQueueMessages;
        b.maxQueueBytes = maxQueueBytes;
        b.defaultTtl = defaultTtl;
        b.maxTtl = maxTtl;
        b.maxWait = maxWait;
        b.depositsPerSecond = depositsPerSecond;
        b.depositBurst = depositBurst;
        b.requestsPerSecond = requestsPerSecond;
        b.requestBurst = requestBurst;
        b.maxOneTimePrekeys = maxOneTimePrekeys;
        b.signatureWindow = signatureWindow;
        b.purgeInterval = purgeInterval;
        b.idleQueue = idleQueue;
        b.clock = clock;
        return b;
    }

    /** Builds a {@link RelayConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private String storage = "sqlite:qsafe-relay.db";
        private String publicUrl;
        private int maxMessageBytes = 64 * 1024;
        private int maxQueueMessages = 1000;
        private long maxQueueBytes = 16L * 1024 * 1024;
        private Duration defaultTtl = Duration.ofDays(7);
        private Duration maxTtl = Duration.ofDays(30);
        private Duration maxWait = Duration.ofSeconds(60);
        private double depositsPerSecond = 20;
        private int depositBurst = 100;
        private double requestsPerSecond = 200;
        private int requestBurst = 400;
        private int maxOneTimePrekeys = 100;
        private Duration signatureWindow = Duration.ofSeconds(300);
        private Duration purgeInterval = Duration.ofSeconds(60);
        private Duration idleQueue = Duration.ofDays(90);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder storage(String v) { storage = v; return this; }
        public Builder publicUrl(String v) { publicUrl = v; return this; }
        public Builder maxMessageBytes(int v) { maxMessageBytes = v; return this; }
        public Builder maxQueueMessages(int v) { maxQueueMessages = v; return this; }
        public Builder maxQueueBytes(long v) { maxQueueBytes = v; return this; }
        public Builder defaultTtl(Duration v) { defaultTtl = v; return this; }
        public Builder maxTtl(Duration v) { maxTtl = v; return this; }
        public Builder maxWait(Duration v) { maxWait = v; return this; }
        public Builder depositRate(double perSecond, int burst) { depositsPerSecond = perSecond; depositBurst = burst; return this; }
        public Builder requestRate(double perSecond, int burst) { requestsPerSecond = perSecond; requestBurst = burst; return this; }
        public Builder maxOneTimePrekeys(int v) { maxOneTimePrekeys = v; return this; }
        public Builder signatureWindow(Duration v) { signatureWindow = v; return this; }
        public Builder purgeInterval(Duration v) { purgeInterval = v; return this; }
        public Builder idleQueue(Duration v) { idleQueue = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public RelayConfig build() {
            return new RelayConfig(host, port, storage, publicUrl, maxMessageBytes, maxQueueMessages, maxQueueBytes,
                    defaultTtl, maxTtl, maxWait, depositsPerSecond, depositBurst, requestsPerSecond, requestBurst,
                    maxOneTimePrekeys, signatureWindow, purgeInterval, idleQueue, clock);
        }
    }
}
