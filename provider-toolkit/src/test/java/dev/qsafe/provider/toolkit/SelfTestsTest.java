package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsafe.api.Algorithm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SelfTestsTest {
    @Test
    void aTestRunsOnceWhateverTheThreadsAsking() throws Exception {
        SelfTests tests = new SelfTests();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return tests.run(Algorithm.ML_KEM_768, () -> {
                        runs.incrementAndGet();
                        return SelfTests.PASSED;
                    });
                }));
            }
            start.countDown();
            for (Future<String> f : outcomes) {
                assertEquals(SelfTests.PASSED, f.get());
            }
        }
        assertEquals(1, runs.get());
        assertEquals(Set.of(Algorithm.ML_KEM_768), tests.tested());
        assertEquals(Map.of(), tests.failed());
    }

    @Test
    void aFailureIsRememberedWithItsReasonAndListedInNameOrder() {
        SelfTests tests = new SelfTests();
        AtomicInteger runs = new AtomicInteger();
        assertEquals("broken", tests.run(Algorithm.ML_DSA_65, () -> {
            runs.incrementAndGet();
            return "broken";
        }));
        assertEquals("broken", tests.run(Algorithm.ML_DSA_65, () -> {
            runs.incrementAndGet();
            return SelfTests.PASSED;
        }));
        assertEquals(1, runs.get());
        tests.run(Algorithm.AES_256_GCM, () -> "also broken");
        tests.run(Algorithm.ED25519, () -> SelfTests.PASSED);
        assertEquals(List.of(Algorithm.AES_256_GCM, Algorithm.ML_DSA_65), List.copyOf(tests.failed().keySet()));
        assertEquals(Set.of(Algorithm.AES_256_GCM, Algorithm.ML_DSA_65, Algorithm.ED25519), tests.tested());
    }
}
