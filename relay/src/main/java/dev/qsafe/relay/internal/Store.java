package dev.qsafe.relay.internal;

import java.util.List;
import java.util.function.Consumer;

/** The relay's storage: one implementation per database ({@link JdbcStore} for SQLite and PostgreSQL). */
public interface Store extends AutoCloseable {

    /** A stored message as a fetch returns it. */
    record Message(long seq, String id, byte[] body) {
    }

    /** A bundle as a GET returns it: the bundle and one consumed one-time prekey, or null. */
    record Bundle(byte[] bundle, byte[] oneTime) {
    }

    /** What a deposit came to. */
    enum Deposit { STORED, DUPLICATE, UNKNOWN_QUEUE, QUEUE_FULL, QUEUE_BYTES }

    /** Outcome of a deposit and the queue it went to (null when unknown). */
    record DepositResult(Deposit outcome, String recvId) {
    }

    /** What a bundle upload came to. */
    enum PutBundle { STORED, TOO_MANY_PREKEYS, NOT_OWNER }

    void createQueue(String recvId, String sendId, byte[] recvKey, long now);

    /** The queue's Ed25519 key, or null if there is no such queue. */
    byte[] queueKey(String recvId);

    DepositResult deposit(String sendId, String msgId, byte[] body, long now, long expiresAt, int maxMessages, long maxBytes);

    List<Message> fetch(String recvId, long after, int max, long now);

    /**
     * Deletes the queue's messages up to {@code upto} and keeps their ids as tombstones until each message's
     * expiry, so a later deposit of one of them is a {@link Deposit#DUPLICATE}; returns how many it deleted.
     */
    int deleteUpTo(String recvId, long upto, long now);

    /** Records a nonce; false if it was already recorded (a replay). */
    boolean rememberNonce(String keyid, String nonce, long expiresAt);

    /** The bundle's owner key, or null if there is no such bundle. */
    byte[] bundleOwner(String bundleId);

    PutBundle putBundle(String bundleId, byte[] ownerKey, byte[] bundle, List<byte[]> oneTime, long now, int maxOneTime);

    /** The bundle with one one-time prekey removed atomically (or none left), or null if there is no such bundle. */
    Bundle takeBundle(String bundleId);

    /** Deletes expired messages and tombstones, old nonces and idle queues in batches; returns the rows deleted. */
    long purge(long now, long idleBefore);

    /** What the status page shows of the storage: counts only, never an id. */
    record Stats(long queues, long messages, long messageBytes) {
    }

    /** The number of queues, and of unexpired messages and their bytes. */
    Stats stats(long now);

    /** Which database this is ({@code "sqlite"} or {@code "postgresql"}). */
    String kind();

    /** Whether the database answers. */
    boolean healthy();

    /** Called with a queue's receive id after a deposit to it commits (on this relay, or on another one for PostgreSQL). */
    void onDeposit(Consumer<String> listener);

    @Override
    void close();
}
