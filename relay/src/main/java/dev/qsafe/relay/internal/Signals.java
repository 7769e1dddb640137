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
        boolean removed;
    }

    private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** The signal of a queue with a new poll begun on it (ending any earlier poll); see {@link #end}. */
    Poll begin(String recvId) {
        while (true) {
            Signal s = signals.computeIfAbsent(recvId, k -> new Signal());
            synchronized (s) {
                if (!s.removed) {
                    s.generation++;
                    s.notifyAll();
                    return new Poll(s, s.generation);
                }
            }
        }
    }

    /** A poll: the queue's signal and the poll's generation on it. */
    record Poll(Signal signal, long generation) {
    }

    /** Ends a poll: the last poll of a queue removes its signal, so the map holds only queues being polled. */
    void end(String recvId, Signal s, long generation) {
        synchronized (s) {
            if (s.generation == generation) {
                s.removed = true;
                signals.remove(recvId, s);
            }
        }
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
