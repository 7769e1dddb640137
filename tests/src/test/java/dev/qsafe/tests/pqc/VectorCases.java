package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.opentest4j.TestAbortedException;

/**
 * Turns the cases of one vector file into dynamic tests for one engine, and counts them.
 *
 * <p>The container is named {@code "<file> [<engine>]: N cases, R to run, S to skip"}, each test
 * {@code "<file> [<engine>] <case name>"}. A last test per container prints
 * {@code "<source> <file> [<engine>]: N cases, R run, P passed, F failed, S skipped"} to standard output,
 * where the surefire XML report keeps it. Skipped cases are aborted tests carrying their reason.
 */
public final class VectorCases {
    private VectorCases() {
    }

    /**
     * @param source   the vector source, e.g. {@code wycheproof} or {@code acvp}
     * @param file     the file (or vector set) name
     * @param provider the engine's provider name
     * @param cases    the cases
     * @param name     a case's display name (id, expected result, comment)
     * @param skip     why a case is skipped, or {@code null} to run it
     * @param run      runs a case; returns normally only if it passed
     */
    public static <C> DynamicContainer container(String source, String file, String provider, List<C> cases,
                                          Function<C, String> name, Function<C, String> skip, ThrowingConsumer<C> run) {
        String prefix = file + " [" + provider + "]";
        long toSkip = cases.stream().filter(c -> skip.apply(c) != null).count();
        Tally tally = new Tally();
        Stream<DynamicTest> tests = cases.stream().map(c -> DynamicTest.dynamicTest(prefix + " " + name.apply(c),
                () -> tally.count(() -> {
                    String reason = skip.apply(c);
                    if (reason != null) {
                        Assumptions.abort("skipped: " + reason);
                    }
                    run.accept(c);
                })));
        DynamicTest summary = DynamicTest.dynamicTest(prefix + " summary", () -> {
            System.out.println(source + " " + prefix + ": " + cases.size() + " cases, " + tally);
            assertEquals(cases.size(), tally.total(), "every case counted once");
        });
        return DynamicContainer.dynamicContainer(prefix + ": " + cases.size() + " cases, "
                + (cases.size() - toSkip) + " to run, " + toSkip + " to skip", Stream.concat(tests, Stream.of(summary)));
    }

    /** Outcome counts of one container's cases (its dynamic tests run one after the other). */
    private static final class Tally {
        private final AtomicInteger passed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();

        void count(Executable test) throws Throwable {
            try {
                test.execute();
                passed.incrementAndGet();
            } catch (TestAbortedException e) {
                skipped.incrementAndGet();
                throw e;
            } catch (Throwable e) {
                failed.incrementAndGet();
                throw e;
            }
        }

        int total() {
            return passed.get() + failed.get() + skipped.get();
        }

        @Override
        public String toString() {
            return (passed.get() + failed.get()) + " run, " + passed + " passed, " + failed + " failed, "
                    + skipped + " skipped";
        }
    }
}
