package dev.qsafe.relay.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The relay's tables over JDBC, for SQLite (one connection, one writer, WAL, {@code synchronous=FULL},
 * {@code BEGIN IMMEDIATE}) and PostgreSQL (a small pool; row locks; {@code LISTEN/NOTIFY}). The schema
 * is created by Flyway ({@link V1__Schema}).
 */
public final class JdbcStore implements Store {

    private static final System.Logger LOG = System.getLogger("dev.qsafe.relay");
    private static final String CHANNEL = "qsafe_relay";
    private static final int BATCH = 1000;

    enum Dialect { SQLITE, POSTGRES }

    /** A storage failure the caller cannot fix by retrying the same request at once. */
    public static class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The disk or the database is full (SQLITE_FULL, PostgreSQL 53100): 507. */
    public static final class StoreFullException extends StoreException {
        private static final long serialVersionUID = 1L;

        StoreFullException(Throwable cause) {
            super("storage is full", cause);
        }
    }

    private final Dialect dialect;
    private final String url;
    private final BlockingQueue<Connection> pool;
    private final int poolSize;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Thread listenerThread;
    private volatile boolean closed;
    /** SQLite's current synchronous setting on its one connection (null: as opened, FULL). */
    private Boolean sqliteDurable;

    private JdbcStore(Dialect dialect, String url, int poolSize) throws SQLException {
        this.dialect = dialect;
        this.url = url;
        this.poolSize = poolSize;
        this.pool = new ArrayBlockingQueue<>(poolSize);
        migrate();
        for (int i = 0; i < poolSize; i++) {
            pool.add(open());
        }
        if (dialect == Dialect.POSTGRES) {
            listenerThread = Thread.ofPlatform().daemon().name("qsafe-relay-listen").start(this::listenLoop);
        } else {
            listenerThread = null;
        }
    }

    /**
     * Opens the storage named by a URL: {@code sqlite:PATH}, {@code jdbc:sqlite:PATH} or
     * {@code jdbc:postgresql://...}; creates or migrates the schema.
     *
     * @throws IllegalArgumentException for an unknown URL
     * @throws StoreException if the database cannot be opened or migrated
     */
    public static JdbcStore open(String storage) {
        try {
            if (storage.startsWith("sqlite:")) {
                return new JdbcStore(Dialect.SQLITE, "jdbc:" + storage, 1);
            }
            if (storage.startsWith("jdbc:sqlite:")) {
                return new JdbcStore(Dialect.SQLITE, storage, 1);
            }
            if (storage.startsWith("jdbc:postgresql:")) {
                return new JdbcStore(Dialect.POSTGRES, storage, 8);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the relay's storage: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("storage must be sqlite:PATH, jdbc:sqlite:PATH or jdbc:postgresql://...");
    }

    private void migrate() {
        try {
            Flyway.configure(JdbcStore.class.getClassLoader())
                    .dataSource(url, null, null)
                    .javaMigrations(new V1__Schema())
                    .locations("classpath:dev/qsafe/relay/internal/nosql")
                    .table("relay_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the relay's schema: " + e.getMessage(), e);
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        if (dialect == Dialect.SQLITE) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "FULL");
            p.setProperty("busy_timeout", "10000");
        }
        Connection c = DriverManager.getConnection(url, p);
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                    if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new SQLException("SQLite refused WAL mode");
                    }
                }
                s.execute("PRAGMA synchronous=FULL");
            }
        }
        // SQLite: autocommit on and an explicit BEGIN IMMEDIATE per transaction (sqlite-jdbc would otherwise
        // open the next transaction right after each commit and hold the write lock while idle)
        c.setAutoCommit(dialect == Dialect.SQLITE);
        if (dialect == Dialect.POSTGRES) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        return c;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * A transaction whose commit must be on disk before the caller answers (a deposit's 202, a queue, a
     * bundle, a one-time prekey handed out): SQLite {@code synchronous=FULL}, PostgreSQL's default
     * synchronous commit.
     */
    private <T> T durableTx(Work<T> work) {
        return tx(true, work);
    }

    /**
     * A transaction whose loss in a crash only repeats work: a delete (the message is delivered again
     * and the receiver drops it by id), a nonce (a replay would need the crash inside its 300 s window),
     * last-active times, purges. SQLite {@code synchronous=NORMAL} (the next durable commit syncs it
     * too), PostgreSQL {@code synchronous_commit=off}; atomic and consistent all the same.
     */
    private <T> T tx(Work<T> work) {
        return tx(false, work);
    }

    private <T> T tx(boolean durable, Work<T> work) {
        if (closed) {
            throw new StoreException("storage is closed", null);
        }
        Connection c;
        try {
            c = pool.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a connection", e);
        }
        if (c == null) {
            throw new StoreException("no database connection free", null);
        }
        boolean healthy = true;
        try {
            begin(c, durable);
            T r = work.run(c);
            commit(c);
            return r;
        } catch (SQLException e) {
            try {
                rollback(c);
            } catch (SQLException r) {
                healthy = false;
            }
            if (isFull(e)) {
                throw new StoreFullException(e);
            }
            healthy = healthy && !isConnectionLoss(e);
            throw new StoreException("storage failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            try {
                rollback(c);
            } catch (SQLException r) {
                healthy = false;
            }
            throw e;
        } finally {
            if (!healthy) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // replaced below
                }
                try {
                    sqliteDurable = null;
                    c = open();
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "relay: cannot reopen a database connection: " + e.getMessage());
                }
            }
            pool.add(c);
        }
    }

    private void begin(Connection c, boolean durable) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (dialect == Dialect.SQLITE) {
                if (!Boolean.valueOf(durable).equals(sqliteDurable)) {
                    s.execute(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                    sqliteDurable = durable;
                }
                s.execute("BEGIN IMMEDIATE");
            } else if (!durable) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    private void commit(Connection c) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        } else {
            c.commit();
        }
    }

    private void rollback(Connection c) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("no transaction")) {
                    throw e;
                }
            }
        } else {
            c.rollback();
        }
    }

    private boolean isFull(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if ("53100".equals(s.getSQLState())) {
                    return true;
                }
                if (dialect == Dialect.SQLITE && (s.getErrorCode() == 13
                        || String.valueOf(s.getMessage()).contains("SQLITE_FULL"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    private String forUpdate() {
        return dialect == Dialect.POSTGRES ? " FOR UPDATE" : "";
    }

    @Override
    public void createQueue(String recvId, String sendId, byte[] recvKey, long now) {
        durableTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO queues(recv_id, send_id, recv_key, last_seq, created_at, last_active) VALUES (?,?,?,0,?,?)")) {
                ps.setString(1, recvId);
                ps.setString(2, sendId);
                ps.setBytes(3, recvKey);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public byte[] queueKey(String recvId) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT recv_key FROM queues WHERE recv_id=?")) {
                ps.setString(1, recvId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    @Override
    public DepositResult deposit(String sendId, String msgId, byte[] body, long now, long expiresAt, int maxMessages,
            long maxBytes) {
        DepositResult r = durableTx(c -> {
            String recvId;
            long lastSeq;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT recv_id, last_seq FROM queues WHERE send_id=?" + forUpdate())) {
                ps.setString(1, sendId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new DepositResult(Deposit.UNKNOWN_QUEUE, null);
                    }
                    recvId = rs.getString(1);
                    lastSeq = rs.getLong(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM messages WHERE recv_id=? AND msg_id=?")) {
                ps.setString(1, recvId);
                ps.setString(2, msgId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new DepositResult(Deposit.DUPLICATE, recvId);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*), coalesce(sum(size), 0) FROM messages WHERE recv_id=? AND expires_at > ?")) {
                ps.setString(1, recvId);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= maxMessages) {
                        return new DepositResult(Deposit.QUEUE_FULL, recvId);
                    }
                    if (rs.getLong(2) + body.length > maxBytes) {
                        return new DepositResult(Deposit.QUEUE_BYTES, recvId);
                    }
                }
            }
            long seq = lastSeq + 1;
            try (PreparedStatement ps = c.prepareStatement("UPDATE queues SET last_seq=?, last_active=? WHERE recv_id=?")) {
                ps.setLong(1, seq);
                ps.setLong(2, now);
                ps.setString(3, recvId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO messages(recv_id, seq, msg_id, size, expires_at, body) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, recvId);
                ps.setLong(2, seq);
                ps.setString(3, msgId);
                ps.setInt(4, body.length);
                ps.setLong(5, expiresAt);
                ps.setBytes(6, body);
                ps.executeUpdate();
            }
            if (dialect == Dialect.POSTGRES) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
                    ps.setString(1, recvId);
                    ps.execute();
                }
            }
            return new DepositResult(Deposit.STORED, recvId);
        });
        if (r.outcome() == Deposit.STORED) {
            fire(r.recvId());
        }
        return r;
    }

    private void fire(String recvId) {
        for (Consumer<String> l : listeners) {
            l.accept(recvId);
        }
    }

    @Override
    public List<Message> fetch(String recvId, long after, int max, long now) {
        return tx(c -> {
            List<Message> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, msg_id, body FROM messages"
                    + " WHERE recv_id=? AND seq > ? AND expires_at > ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, recvId);
                ps.setLong(2, after);
                ps.setLong(3, now);
                ps.setInt(4, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Message(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
                    }
                }
            }
            touch(c, recvId, now);
            return out;
        });
    }

    private static void touch(Connection c, String recvId, long now) throws SQLException {
        // last_active only moves forward in hour steps: a read is not a write on every poll
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE queues SET last_active=? WHERE recv_id=? AND last_active < ?")) {
            ps.setLong(1, now);
            ps.setString(2, recvId);
            ps.setLong(3, now - 3_600_000L);
            ps.executeUpdate();
        }
    }

    @Override
    public int deleteUpTo(String recvId, long upto, long now) {
        return tx(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE recv_id=? AND seq <= ?")) {
                ps.setString(1, recvId);
                ps.setLong(2, upto);
                n = ps.executeUpdate();
            }
            touch(c, recvId, now);
            return n;
        });
    }

    @Override
    public boolean rememberNonce(String keyid, String nonce, long expiresAt) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO nonces(keyid, nonce, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, keyid);
                ps.setString(2, nonce);
                ps.setLong(3, expiresAt);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public byte[] bundleOwner(String bundleId) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner_key FROM bundles WHERE bundle_id=?")) {
                ps.setString(1, bundleId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Rolls a bundle upload back when it would exceed the prekey limit. */
    private static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany() {
            super(null, null, false, false);
        }
    }

    @Override
    public PutBundle putBundle(String bundleId, byte[] ownerKey, byte[] bundle, List<byte[]> oneTime, long now,
            int maxOneTime) {
        try {
            return putBundleTx(bundleId, ownerKey, bundle, oneTime, now, maxOneTime);
        } catch (TooMany e) {
            return PutBundle.TOO_MANY_PREKEYS;
        }
    }

    private PutBundle putBundleTx(String bundleId, byte[] ownerKey, byte[] bundle, List<byte[]> oneTime, long now,
            int maxOneTime) {
        return durableTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bundles(bundle_id, owner_key, bundle, updated_at)"
                    + " VALUES (?,?,?,?) ON CONFLICT (bundle_id) DO NOTHING")) {
                ps.setString(1, bundleId);
                ps.setBytes(2, ownerKey);
                ps.setBytes(3, bundle);
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT owner_key FROM bundles WHERE bundle_id=?" + forUpdate())) {
                ps.setString(1, bundleId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!java.security.MessageDigest.isEqual(rs.getBytes(1), ownerKey)) {
                        return PutBundle.NOT_OWNER;
                    }
                }
            }
            // a PUT retried after its 204 was lost carries the same prekeys again: store each one once, or two
            // callers could be handed the same one-time prekey
            List<byte[]> stored = new ArrayList<>();
            long maxN = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT n, prekey FROM one_time_prekeys WHERE bundle_id=?")) {
                ps.setString(1, bundleId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        maxN = Math.max(maxN, rs.getLong(1));
                        stored.add(rs.getBytes(2));
                    }
                }
            }
            long count = stored.size();
            List<byte[]> fresh = new ArrayList<>();
            for (byte[] k : oneTime) {
                if (stored.stream().noneMatch(old -> java.security.MessageDigest.isEqual(old, k))) {
                    fresh.add(k);
                    stored.add(k);
                }
            }
            if (count + fresh.size() > maxOneTime) {
                throw new TooMany();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE bundles SET bundle=?, updated_at=? WHERE bundle_id=?")) {
                ps.setBytes(1, bundle);
                ps.setLong(2, now);
                ps.setString(3, bundleId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO one_time_prekeys(bundle_id, n, prekey) VALUES (?,?,?)")) {
                for (byte[] k : fresh) {
                    ps.setString(1, bundleId);
                    ps.setLong(2, ++maxN);
                    ps.setBytes(3, k);
                    ps.addBatch();
                }
                if (!fresh.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return PutBundle.STORED;
        });
    }

    @Override
    public Bundle takeBundle(String bundleId) {
        return durableTx(c -> {
            byte[] bundle;
            try (PreparedStatement ps = c.prepareStatement("SELECT bundle FROM bundles WHERE bundle_id=?")) {
                ps.setString(1, bundleId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    bundle = rs.getBytes(1);
                }
            }
            String take = dialect == Dialect.POSTGRES
                    ? "DELETE FROM one_time_prekeys WHERE (bundle_id, n) IN (SELECT bundle_id, n FROM one_time_prekeys"
                            + " WHERE bundle_id=? ORDER BY n LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING prekey"
                    : "DELETE FROM one_time_prekeys WHERE bundle_id=? AND n = (SELECT min(n) FROM one_time_prekeys"
                            + " WHERE bundle_id=?) RETURNING prekey";
            byte[] oneTime = null;
            try (PreparedStatement ps = c.prepareStatement(take)) {
                ps.setString(1, bundleId);
                if (dialect == Dialect.SQLITE) {
                    ps.setString(2, bundleId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        oneTime = rs.getBytes(1);
                    }
                }
            }
            return new Bundle(bundle, oneTime);
        });
    }

    @Override
    public long purge(long now, long idleBefore) {
        long total = 0;
        total += batched("DELETE FROM messages WHERE (recv_id, seq) IN"
                + " (SELECT recv_id, seq FROM messages WHERE expires_at <= ? LIMIT " + BATCH + ")", now);
        total += batched("DELETE FROM nonces WHERE (keyid, nonce) IN"
                + " (SELECT keyid, nonce FROM nonces WHERE expires_at <= ? LIMIT " + BATCH + ")", now);
        while (true) {
            List<String> idle = tx(c -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT recv_id FROM queues WHERE last_active < ? LIMIT " + BATCH)) {
                    ps.setLong(1, idleBefore);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                for (String id : ids) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE recv_id=?")) {
                        ps.setString(1, id);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM queues WHERE recv_id=?")) {
                        ps.setString(1, id);
                        ps.executeUpdate();
                    }
                }
                return ids;
            });
            total += idle.size();
            if (idle.size() < BATCH) {
                break;
            }
        }
        return total;
    }

    private long batched(String sql, long now) {
        long total = 0;
        while (true) {
            int n = tx(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, now);
                    return ps.executeUpdate();
                }
            });
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }

    @Override
    public Stats stats(long now) {
        return tx(c -> {
            long queues;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM queues")) {
                rs.next();
                queues = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*), coalesce(sum(size), 0) FROM messages WHERE expires_at > ?")) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Stats(queues, rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    @Override
    public boolean healthy() {
        try {
            return tx(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** SQLite's {@code PRAGMA integrity_check} ("ok" when sound), or "ok" for PostgreSQL. */
    public String integrityCheck() {
        if (dialect != Dialect.SQLITE) {
            return "ok";
        }
        return tx(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                return rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "no answer";
            }
        });
    }

    @Override
    public String kind() {
        return dialect == Dialect.SQLITE ? "sqlite" : "postgresql";
    }

    @Override
    public void onDeposit(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void listenLoop() {
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns != null) {
                        for (PGNotification n : ns) {
                            fire(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "relay: LISTEN connection lost, reconnecting: " + e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listenerThread != null) {
            listenerThread.interrupt();
        }
        for (int i = 0; i < poolSize; i++) {
            try {
                Connection c = pool.poll(5, TimeUnit.SECONDS);
                if (c != null) {
                    c.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
