package dev.qsafe.fuzz;

import com.sun.management.ThreadMXBean;
import dev.qsafe.api.QSafeException;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The oracle of every fuzz target: the only acceptable outcomes of an input are success or a
 * {@link QSafeException}; and whatever the outcome, the call may allocate no more than a fixed
 * amount plus a small multiple of the input's size, so that no length field read from the input can
 * drive an allocation. Anything else (another exception, an {@link Error}, an allocation over the
 * budget) escapes to Jazzer as a finding.
 */
final class Oracle {
    /** Allocation allowed per input byte: copies, decoding, JSON trees. */
    static final long BYTES_PER_INPUT_BYTE = 64;
    /** Fixed allocation allowed per call: key expansion, signing and verifying, Argon2id of the seeds' cost. */
    static final long FIXED_BYTES = 16L * 1024 * 1024;
    /** Allocation allowed, besides a copy of the input, to reject an input by its declared lengths. */
    static final long FAIL_FAST_BYTES = 64L * 1024;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Oracle() {
    }

    /** An action under test. */
    @FunctionalInterface
    interface Action {
        /** Runs the code under test on one input. */
        void run();
    }

    /**
     * Runs {@code action} on an input of {@code inputLength} bytes.
     *
     * @return empty if it succeeded, else the {@link QSafeException} it failed with
     * @throws AllocationBudgetExceeded if it allocated more than the budget for that input size
     */
    static Optional<QSafeException> check(int inputLength, Action action) {
        return check(FIXED_BYTES + BYTES_PER_INPUT_BYTE * inputLength, inputLength, action);
    }

    /**
     * Runs {@code action} on an input whose declared lengths contradict its size: it must fail with a
     * {@link QSafeException}, and fail fast, before any cryptography, allocating at most
     * {@value #FAIL_FAST_BYTES} bytes plus a copy of the input.
     *
     * @return the failure
     * @throws AssertionError if it succeeded or allocated more
     */
    static QSafeException failsFast(int inputLength, Action action) {
        return check(FAIL_FAST_BYTES + inputLength, inputLength, action)
                .orElseThrow(() -> new AssertionError("accepted an input whose declared lengths do not match its size"));
    }

    /**
     * Runs {@code action} within an explicit allocation {@code budget}, for targets whose inputs
     * legitimately cost more per byte (a vector file's cases run cryptography).
     */
    static Optional<QSafeException> check(long budget, int inputLength, Action action) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Optional<QSafeException> failure = failure(action);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > budget) {
            // The first use of an engine initializes classes and tables (counted against this thread):
            // only an input that is over budget a second time is a finding.
            before = THREADS.getCurrentThreadAllocatedBytes();
            failure(action);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated > budget) {
                throw new AllocationBudgetExceeded(allocated, budget, inputLength);
            }
        }
        return failure;
    }

    private static Optional<QSafeException> failure(Action action) {
        try {
            action.run();
            return Optional.empty();
        } catch (QSafeException e) {
            return Optional.of(e);
        }
    }

    /** A call allocated more than its input can justify: a length field was probably trusted. */
    static final class AllocationBudgetExceeded extends AssertionError {
        private static final long serialVersionUID = 1L;

        AllocationBudgetExceeded(long allocated, long budget, int inputLength) {
            super("allocated " + allocated + " bytes for a " + inputLength + "-byte input; the budget is " + budget);
        }
    }
}
