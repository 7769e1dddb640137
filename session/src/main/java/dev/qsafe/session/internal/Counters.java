package dev.qsafe.session.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Session metrics: counts only, never key material. */
public final class Counters {
    private final LongAdder initiated = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder sealed = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder ratchetSteps = new LongAdder();
    private final LongAdder skippedKeysStored = new LongAdder();
    private final LongAdder restored = new LongAdder();
    private final LongAdder live = new LongAdder();
    private final LongAdder skippedKeysHeld = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> refusals = new ConcurrentHashMap<>();

    public void initiated() {
        initiated.increment();
    }

    public void accepted() {
        accepted.increment();
    }

    public void sealed() {
        sealed.increment();
    }

    public void opened() {
        opened.increment();
    }

    public void ratchetStep() {
        ratchetSteps.increment();
    }

    public void skippedKeysStored(int n) {
        skippedKeysStored.add(n);
    }

    public void restored() {
        restored.increment();
    }

    /** A session object came to life (created or restored) holding {@code skipped} skipped keys. */
    public void sessionOpened(int skipped) {
        live.increment();
        skippedKeysHeld.add(skipped);
    }

    /** A session object was destroyed while holding {@code skipped} skipped keys. */
    public void sessionClosed(int skipped) {
        live.decrement();
        skippedKeysHeld.add(-skipped);
    }

    /** The skipped keys held by live sessions changed by {@code delta}. */
    public void skippedKeysHeld(int delta) {
        skippedKeysHeld.add(delta);
    }

    public void refused(String reason) {
        refusals.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Every counter by name; refusals as {@code refused.<REASON>}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("sessions.initiated", initiated.sum());
        m.put("sessions.accepted", accepted.sum());
        m.put("messages.sealed", sealed.sum());
        m.put("messages.opened", opened.sum());
        m.put("ratchet.steps", ratchetSteps.sum());
        m.put("skippedKeys.stored", skippedKeysStored.sum());
        m.put("sessions.restored", restored.sum());
        m.put("sessions.live", live.sum());
        m.put("skippedKeys.held", skippedKeysHeld.sum());
        refusals.forEach((k, v) -> m.put("refused." + k, v.sum()));
        return m;
    }
}
