package dev.qsafe.session;

import dev.qsafe.session.internal.PrekeyStore;
import java.time.Clock;
import java.time.Duration;

/**
 * A responder's prekeys (docs/SESSION.md, "The prekey bundle"): the private halves of the signed
 * medium-term prekey and the one-time prekeys, and the replay cache. {@link #bundle()} is what to
 * publish. Thread-safe. {@link #export()} holds private keys: encrypt it at rest.
 */
public final class Prekeys {
    private final PrekeyStore store;
    private final Clock clock;
    private final Duration validity;

    Prekeys(PrekeyStore store, Clock clock, Duration validity) {
        this.store = store;
        this.clock = clock;
        this.validity = validity;
    }

    PrekeyStore store() {
        return store;
    }

    /** The bundle to publish: the newest signed prekey and every unexpired one-time prekey, signed by the identity. */
    public synchronized byte[] bundle() {
        return store.bundle(clock.instant());
    }

    /**
     * The bundle for a relay that hands out one-time prekeys separately (docs/RELAY.md,
     * "Invitations"): the newest signed prekey only. Join it with one of {@link #oneTimeRecords()}
     * by {@link Sessions#joinBundle(byte[], byte[])}.
     */
    public synchronized byte[] signedBundle() {
        return store.bundle(clock.instant(), false);
    }

    /** Each unexpired one-time prekey as a bundle record, by prekey id, in the order they were made. */
    public synchronized java.util.Map<Long, byte[]> oneTimeRecords() {
        return store.oneTimeRecords(clock.instant());
    }

    /** A new signed prekey (the previous one is kept until it expires); expired prekeys are deleted. */
    public synchronized void rotate() {
        store.rotate(validity, clock.instant());
    }

    /** Adds one-time prekeys (at most 100 are held). */
    public synchronized void addOneTime(int count) {
        store.addOneTime(count, validity, clock.instant());
    }

    /** One-time prekeys not yet used. */
    public synchronized int oneTimeCount() {
        return store.oneTimeCount();
    }

    /** The prekeys with their private keys, for a store. */
    public synchronized byte[] export() {
        return store.export();
    }

    @Override
    public String toString() {
        return "Prekeys[" + store.identity().name() + ", " + store.engines().suite().name() + "]";
    }
}
