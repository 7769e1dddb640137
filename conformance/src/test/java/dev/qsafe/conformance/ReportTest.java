package dev.qsafe.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Totals, per-engine merging and the JSON rendering of a report. */
class ReportTest {
    private static final EngineReport BC_A = new EngineReport("bc", List.of("A"), 3, 1, 2, Map.of("why", 2),
            List.of(new CaseFailure("tcId 9", "K differs")));
    private static final EngineReport BC_B = new EngineReport("bc", List.of("B"), 5, 0, 1, Map.of("why", 1), List.of());
    private static final EngineReport NONE = new EngineReport(EngineReport.NO_ENGINE, List.of("C"), 0, 0, 4,
            Map.of("no engine implements C", 4), List.of());

    private static Report report() {
        return new Report(List.of(
                new FileReport(Path.of("a.json"), FileReport.Status.RECOGNISED, "Wycheproof x", "", List.of(BC_A, NONE)),
                new FileReport(Path.of("b.json"), FileReport.Status.RECOGNISED, "ACVP y", "", List.of(BC_B)),
                new FileReport(Path.of("c.md"), FileReport.Status.NOT_RECOGNISED, "", "not a recognised vector file", List.of())));
    }

    @Test
    void totals_andEnginesMergedAcrossFiles() {
        Report r = report();
        assertEquals(8, r.passed());
        assertEquals(1, r.failed());
        assertEquals(7, r.skipped());
        assertTrue(r.hasFailures());
        EngineReport bc = r.engines().getFirst();
        assertEquals(new EngineReport("bc", List.of("A", "B"), 8, 1, 3, Map.of("why", 3), BC_A.failures()), bc);
    }

    @Test
    void json_hasSummaryEnginesAndFilesWithFailures() {
        JsonNode json = report().toJson();
        assertEquals(3, json.get("summary").get("files").asInt());
        assertEquals(1, json.get("summary").get("notRecognised").asInt());
        assertTrue(json.get("summary").get("hasFailures").asBoolean());
        assertEquals("bc", json.get("engines").get(0).get("engine").asString());
        JsonNode a = json.get("files").get(0);
        assertEquals("recognised", a.get("status").asString());
        assertEquals("K differs", a.get("engines").get(0).get("failures").get(0).get("message").asString());
        assertEquals(4, a.get("engines").get(1).get("skipReasons").get("no engine implements C").asInt());
    }

    @Test
    void engineReport_skipReasonsMustAccountForEverySkippedCase() {
        assertThrows(IllegalArgumentException.class, () -> new EngineReport("x", List.of(), 0, 0, 2, Map.of("why", 1), List.of()));
    }
}
