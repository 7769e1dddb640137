package dev.qsafe.relay.internal;

import java.time.Clock;
import java.time.Duration;

/** The limits the handler enforces (copied from the exported RelayConfig, which this package never reads). */
public record Limits(String publicUrl, int maxMessageBytes, int maxQueueMessages, long maxQueueBytes,
        Duration defaultTtl, Duration maxTtl, Duration maxWait, double depositsPerSecond, int depositBurst,
        double requestsPerSecond, int requestBurst, int maxOneTimePrekeys, Duration signatureWindow,
        Duration purgeInterval, Duration idleQueue, Clock clock) {
}
