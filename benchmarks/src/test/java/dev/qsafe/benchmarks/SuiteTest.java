package dev.qsafe.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's options, time budget and probe, without running JMH. */
class SuiteTest {
    @Test
    void parse_smokeAndOverrides() {
        Suite.Settings s = Suite.Settings.parse(new String[] {"--smoke", "--forks", "2", "--include", "Mode"});
        assertEquals("smoke", s.profile);
        assertEquals(0, s.warmupIterations);
        assertEquals(1, s.iterations);
        assertEquals(100, s.iterationMs);
        assertEquals(2, s.forks);
        assertTrue(s.include.matcher("dev.qsafe.benchmarks.modes.ModeBenchmark.sealOpen").find());
    }

    @Test
    void parse_badOptions_fail() {
        assertThrows(IllegalArgumentException.class, () -> Suite.Settings.parse(new String[] {"--frobnicate"}));
        assertThrows(IllegalArgumentException.class, () -> Suite.Settings.parse(new String[] {"--forks"}));
        assertThrows(IllegalArgumentException.class, () -> Suite.Settings.parse(new String[] {"--forks", "0"}));
    }

    @Test
    void fitInto_withinBudget_changesNothing() {
        Suite.Settings s = Suite.Settings.parse(new String[0]);
        assertEquals("", s.fitInto(100)); // 100 forks x 6.5 s < 25 min
        assertEquals(1000, s.iterationMs);
        assertEquals(1000, s.warmupMs);
    }

    @Test
    void fitInto_overBudget_shortensIterationsToFit() {
        Suite.Settings s = Suite.Settings.parse(new String[] {"--budget-minutes", "10"});
        String said = s.fitInto(200); // 200 x 6.5 s = 21.7 min > 10 min
        assertTrue(said.contains("shortened"), said);
        assertTrue(s.iterationMs < 1000 && s.iterationMs >= 200, "iteration " + s.iterationMs);
        assertTrue(200 * s.secondsPerFork() <= 10 * 60 + 1, "fits: " + 200 * s.secondsPerFork());
    }

    @Test
    void probe_reportsWhyAnEngineDoesNotWork() {
        Map<String, String> ok = Suite.probe(dev.qsafe.benchmarks.raw.AesGcmRaw.class, "engine", "jdk",
                Map.of("size", "64"), List.of("seal", "open"));
        assertTrue(ok.isEmpty(), ok.toString());
        Map<String, String> unknown = Suite.probe(dev.qsafe.benchmarks.raw.AesGcmRaw.class, "engine", "no-such-engine",
                Map.of("size", "64"), List.of("seal", "open"));
        assertEquals(2, unknown.size());
        assertTrue(unknown.get("seal").contains("unknown raw engine 'no-such-engine'"), unknown.toString());
    }
}
