package dev.qsafe.runtime;

import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Many seal, open, sign and verify operations run in parallel on the facade's batch executor
 * ({@code batch.executor}: virtual threads or a fixed pool; {@code batch.parallelism} at once). Results
 * come back in input order, one per item: a success with its output, or the item's typed error; a
 * failing item never hides the others. A batch that takes longer than its timeout, or is cancelled,
 * reports every unfinished item as {@link Status#TIMED_OUT} or {@link Status#CANCELLED}: nothing is
 * silently dropped.
 *
 * {@snippet :
 * List<Batch.Result> results = qsafe.batch()
 *         .seal(message1, bob.publicIdentity(), alice)
 *         .seal(message2, carol.publicIdentity(), alice)
 *         .sign(message1, alice)
 *         .submit();
 * byte[] envelope1 = results.get(0).output();
 * }
 *
 * <p>Input arrays are read when an item runs: do not change them until the batch is done. A batch is
 * built by one thread; {@link Running} may be awaited and cancelled from any thread.
 *
 * @since 0.1.0
 */
public final class Batch {
    /** Largest number of items in one batch. */
    public static final int MAX_ITEMS = 1_000_000;

    private final QSafe qsafe;
    private final List<Item> items = new ArrayList<>();
    private boolean started;

    Batch(QSafe qsafe) {
        this.qsafe = qsafe;
    }

    /** What an item does. */
    public enum Kind {
        /** {@link QSafe#seal}: output is the envelope. */
        SEAL,
        /** {@link QSafe#open}: output is the message. */
        OPEN,
        /** {@link QSafe#sign}: output is the signature. */
        SIGN,
        /** {@link QSafe#verify}: output is empty on success. */
        VERIFY
    }

    /** How an item ended. */
    public enum Status {
        /** It succeeded; {@link Result#output()} holds its output. */
        OK,
        /** It threw; {@link Result#error()} holds the typed error. */
        FAILED,
        /** The batch was cancelled before it finished. */
        CANCELLED,
        /** The batch's timeout passed before it finished. */
        TIMED_OUT
    }

    /**
     * The outcome of one item.
     *
     * @param index  its position in the batch (results are in this order)
     * @param kind   what it did
     * @param status how it ended
     * @param output its output when {@link Status#OK} (a fresh array; empty for a verification), else {@code null}
     * @param error  its error when {@link Status#FAILED}, {@link Status#CANCELLED} or {@link Status#TIMED_OUT}, else {@code null}
     */
    public record Result(int index, Kind kind, Status status, byte[] output, QSafeException error) {
        /** Whether it succeeded. */
        public boolean ok() {
            return status == Status.OK;
        }

        /** Names index, kind, status and the error's type, never the output. */
        @Override
        public String toString() {
            return "Batch.Result[" + index + ", " + kind + ", " + status
                    + (error != null ? ", " + error.getClass().getSimpleName() : "") + "]";
        }
    }

    private record Item(Kind kind, Op op) {
    }

    @FunctionalInterface
    private interface Op {
        byte[] run();
    }

    /** Adds {@link QSafe#seal(byte[], PublicIdentity, Identity)}. */
    public Batch seal(byte[] message, PublicIdentity recipient, Identity sender) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        return add(Kind.SEAL, () -> qsafe.seal(message, recipient, sender));
    }

    /** Adds {@link QSafe#open(byte[], Identity, PublicIdentity)}. */
    public Batch open(byte[] envelope, Identity recipient, PublicIdentity sender) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        return add(Kind.OPEN, () -> qsafe.open(envelope, recipient, sender));
    }

    /** Adds {@link QSafe#sign(byte[], Identity)}. */
    public Batch sign(byte[] message, Identity signer) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signer, "signer");
        return add(Kind.SIGN, () -> qsafe.sign(message, signer));
    }

    /** Adds {@link QSafe#verify(byte[], byte[], PublicIdentity)}. */
    public Batch verify(byte[] message, byte[] signature, PublicIdentity signer) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(signer, "signer");
        return add(Kind.VERIFY, () -> {
            qsafe.verify(message, signature, signer);
            return new byte[0];
        });
    }

    /** How many items were added. */
    public int size() {
        return items.size();
    }

    private Batch add(Kind kind, Op op) {
        if (started) {
            throw new IllegalStateException("this batch was already submitted; start a new one with qsafe.batch()");
        }
        if (items.size() >= MAX_ITEMS) {
            throw new ConfigurationException("a batch holds at most " + MAX_ITEMS + " items");
        }
        items.add(new Item(kind, op));
        return this;
    }

    /** Runs every item and waits, with the configured timeout ({@code batch.timeoutMillis}). */
    public List<Result> submit() {
        return start().await();
    }

    /** Runs every item and waits at most {@code timeout}. */
    public List<Result> submit(Duration timeout) {
        return start(timeout).await();
    }

    /** Starts every item with the configured timeout and returns at once. */
    public Running start() {
        return start(qsafe.config().runtime().batchTimeout());
    }

    /** Starts every item and returns at once; the items still running when {@code timeout} has passed time out. */
    public Running start(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (started) {
            throw new IllegalStateException("this batch was already submitted");
        }
        started = true;
        return new Running(List.copyOf(items), qsafe.batchExecutor(), qsafe.batchPermits(), timeout);
    }

    /** A batch that was started: await its results or cancel it. */
    public static final class Running {
        private final List<Item> items;
        private final AtomicReferenceArray<Result> results;
        private final List<Future<?>> futures = new ArrayList<>();
        private final long deadline;

        private Running(List<Item> items, ExecutorService executor, Semaphore permits, Duration timeout) {
            this.items = items;
            this.results = new AtomicReferenceArray<>(items.size());
            long nanos = timeout.isNegative() ? 0 : Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
            this.deadline = System.nanoTime() + nanos;
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                futures.add(executor.submit(() -> runItem(index, permits)));
            }
        }

        private void runItem(int index, Semaphore permits) {
            Item item = items.get(index);
            if (results.get(index) != null) {
                return; // cancelled or timed out before it began
            }
            boolean acquired = false;
            try {
                if (permits != null) {
                    permits.acquire();
                    acquired = true;
                }
                if (results.get(index) != null) {
                    return;
                }
                byte[] out = item.op().run();
                results.compareAndSet(index, null, new Result(index, item.kind(), Status.OK, out, null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // cancelled or timed out: the canceller records why
            } catch (QSafeException e) {
                results.compareAndSet(index, null, new Result(index, item.kind(), Status.FAILED, null, e));
            } catch (RuntimeException e) {
                QSafeException wrapped = new QSafeException("batch item " + index + " (" + item.kind() + ") failed: "
                        + e.getClass().getSimpleName(), e);
                results.compareAndSet(index, null, new Result(index, item.kind(), Status.FAILED, null, wrapped));
            } finally {
                if (acquired) {
                    permits.release();
                }
            }
        }

        /**
         * Waits until every item has finished or the timeout has passed, and returns one result per item
         * in input order; items not finished by then are {@link Status#TIMED_OUT} (and interrupted).
         */
        public List<Result> await() {
            for (int i = 0; i < futures.size(); i++) {
                if (results.get(i) != null) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                try {
                    futures.get(i).get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    stop(Status.TIMED_OUT);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop(Status.CANCELLED);
                    break;
                } catch (ExecutionException | CancellationException e) {
                    // recorded below
                }
            }
            List<Result> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Result r = results.get(i);
                if (r == null) { // cancelled before it ran, or interrupted before it recorded anything
                    results.compareAndSet(i, null, terminal(i, Status.CANCELLED));
                    r = results.get(i);
                }
                out.add(r);
            }
            return List.copyOf(out);
        }

        /** Cancels every unfinished item; they report {@link Status#CANCELLED}. Finished items keep their results. */
        public void cancel() {
            stop(Status.CANCELLED);
        }

        /** Whether every item has a result. */
        public boolean isDone() {
            for (int i = 0; i < items.size(); i++) {
                if (results.get(i) == null) {
                    return false;
                }
            }
            return true;
        }

        private void stop(Status status) {
            for (int i = 0; i < items.size(); i++) {
                results.compareAndSet(i, null, terminal(i, status));
                futures.get(i).cancel(true);
            }
        }

        private Result terminal(int index, Status status) {
            String why = status == Status.TIMED_OUT ? "timed out" : "cancelled";
            return new Result(index, items.get(index).kind(), status, null,
                    new QSafeException("batch item " + index + " (" + items.get(index).kind() + ") " + why
                            + " before it finished"));
        }
    }
}
