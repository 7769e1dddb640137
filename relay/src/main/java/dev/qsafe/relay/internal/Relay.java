package dev.qsafe.relay.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A running relay: Jetty, the store, the purge task. */
public final class Relay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.qsafe.relay");

    private final Server server;
    private final ServerConnector connector;
    private final JdbcStore store;
    private final Signals signals;
    private final ScheduledExecutorService purger;
    private final Limits limits;
    private final PrometheusMeterRegistry registry;

    private Relay(Limits limits, JdbcStore store, Server server, ServerConnector connector, Signals signals,
            PrometheusMeterRegistry registry) {
        this.limits = limits;
        this.store = store;
        this.server = server;
        this.connector = connector;
        this.signals = signals;
        this.registry = registry;
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("qsafe-relay-purge").unstarted(r));
        long every = Math.max(1, limits.purgeInterval().toMillis());
        purger.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens the storage and starts listening. */
    public static Relay start(String host, int port, String storage, Limits limits) {
        JdbcStore store = JdbcStore.open(storage);
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            Signals signals = new Signals();
            store.onDeposit(signals::fire);
            QueuedThreadPool pool = new QueuedThreadPool(64, 4);
            pool.setName("qsafe-relay");
            pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            Server server = new Server(pool);
            ServerConnector connector = new ServerConnector(server, 1, 1);
            connector.setHost(host);
            connector.setPort(port);
            // longer than the longest poll; a client that sends or reads nothing for this long is dropped
            connector.setIdleTimeout(limits.maxWait().plus(Duration.ofSeconds(15)).toMillis());
            server.addConnector(connector);
            server.setHandler(new RelayHandler(limits, store, registry, signals));
            server.setStopTimeout(2000);
            server.start();
            return new Relay(limits, store, server, connector, signals, registry);
        } catch (Exception e) {
            store.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot start the relay: " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String storageKind() {
        return store.kind();
    }

    public String integrityCheck() {
        return store.integrityCheck();
    }

    public long purge() {
        long now = limits.clock().millis();
        return store.purge(now, now - limits.idleQueue().toMillis());
    }

    private void purgeQuietly() {
        try {
            long n = purge();
            registry.counter("relay.purged.rows").increment(n);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "relay: purge failed: " + e.getMessage());
        }
    }

    public void join() throws InterruptedException {
        server.join();
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        purger.shutdownNow();
        signals.closeAll();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "relay: stop failed: " + e.getMessage());
        }
        store.close();
        registry.close();
    }
}
