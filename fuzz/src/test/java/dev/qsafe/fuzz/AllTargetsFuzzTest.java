package dev.qsafe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every fuzz target behind one: the first input byte picks the target in {@link Targets#ALL}, the rest
 * is its input. Jazzer fuzzes one target per JVM, and starting a fuzzing JVM takes about ten seconds,
 * so the short fuzzing run of every build ({@link FuzzingRunTest}) fuzzes this one target, seeded with
 * every target's seeds, and the coverage feedback shares the time among the targets.
 *
 * <p>The executions of each target are counted and printed when the JVM exits.
 */
class AllTargetsFuzzTest {
    /** The prefix of the lines that report executions per target. */
    static final String COUNT_PREFIX = "qsafe-fuzz executions ";

    private static final List<Targets.Target> TARGETS = Targets.ALL;
    private static final AtomicLongArray EXECUTIONS = new AtomicLongArray(TARGETS.size());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = 0; i < TARGETS.size(); i++) {
                if (EXECUTIONS.get(i) > 0) {
                    System.err.println(COUNT_PREFIX + TARGETS.get(i).name() + " " + EXECUTIONS.get(i));
                }
            }
        }));
    }

    @FuzzTest
    void anyTarget(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int index = (input[0] & 0xFF) % TARGETS.size();
        EXECUTIONS.incrementAndGet(index);
        TARGETS.get(index).run(Arrays.copyOfRange(input, 1, input.length));
    }
}
