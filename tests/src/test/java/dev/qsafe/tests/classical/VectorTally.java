package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Counts the vector cases one engine runs, passes and skips for one vector file, and reports them in a
 * closing summary test (its display name, and a {@code VECTORS ...} line on standard output, which
 * lands in the surefire report).
 */
final class VectorTally {
    private final String file;
    private final String engine;
    private int planned;
    private int skipped;
    private final AtomicInteger run = new AtomicInteger();
    private final AtomicInteger passed = new AtomicInteger();

    VectorTally(String file, String engine) {
        this.file = file;
        this.engine = engine;
    }

    /** A test for one vector case, counted when it runs and when it passes. */
    DynamicTest test(String displayName, Executable body) {
        planned++;
        return DynamicTest.dynamicTest(displayName, () -> {
            run.incrementAndGet();
            body.execute();
            passed.incrementAndGet();
        });
    }

    /** A skipped test standing for {@code cases} vector cases that are not run, with the reason. */
    DynamicTest skip(String displayName, int cases, String reason) {
        skipped += cases;
        return DynamicTest.dynamicTest(displayName + ": " + cases + " case(s) skipped, " + reason,
                () -> Assumptions.abort(reason));
    }

    /** The closing test: every planned case ran and passed, and at least one ran. */
    DynamicTest summary() {
        int plannedNow = planned;
        int skippedNow = skipped;
        return DynamicTest.dynamicTest("summary " + engine + ": " + plannedNow + " case(s) to run, " + skippedNow
                + " skipped", () -> {
            System.out.printf("VECTORS %s %s: run=%d passed=%d skipped=%d%n", file, engine, run.get(), passed.get(), skippedNow);
            // A non-classical engine may legitimately skip a whole file (say, no raw X25519 function);
            // the classical engines this suite is about must run something.
            boolean mayRunNothing = skippedNow > 0 && !List.of(ClassicalEngines.JDK, ClassicalEngines.BC).contains(engine);
            assertTrue(plannedNow > 0 || mayRunNothing, "no vector case ran for " + engine);
            assertEquals(plannedNow, run.get(), "cases run");
            assertEquals(plannedNow, passed.get(), "cases passed");
        });
    }
}
