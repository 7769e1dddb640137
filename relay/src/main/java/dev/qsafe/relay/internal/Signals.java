package dev.qsafe.relay.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes long polls: a version per queue moves on every committed deposit; a new poll on a queue
 * supersedes the one before it (one long poll per queue).
 */
final class Signals {

    static final class Signal {
        long version;
        long generation;
    }

    private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
    private volatile boolean closing;

    Signal of(String recvId) {
        return signals.computeIfAbsent(recvId, k -> new Signal());
    }

    void fire(String recvId) {
        Signal s = signals.get(recvId);
        if (s != null) {
            synchronized (s) {
                s.version++;
                s.notifyAll();
            }
        }
    }

    /** Starts a poll: ends any earlier poll of the queue; returns this poll's generation. */
    long begin(Signal s) {
        synchronized (s) {
            s.generation++;
            s.notifyAll();
            return s.generation;
        }
    }

    /**
     * Waits until the version moves past {@code seen}, the poll is superseded, the relay closes or the
     * deadline passes; returns false if the poll should end now without fetching again.
     */
    boolean await(Signal s, long seen, long generation, long deadlineNanos) throws InterruptedException {
        synchronized (s) {
            while (s.version == seen && s.generation == generation && !closing) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                s.wait(Math.max(1, left / 1_000_000));
            }
            return s.generation == generation && !closing;
        }
    }

    void closeAll() {
        closing = true;
        for (Signal s : signals.values()) {
            synchronized (s) {
                s.notifyAll();
            }
        }
    }
}
