package dev.qsafe.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@link EngineTrace}: what a recording sees, per thread, nested, and nothing outside one. */
class EngineTraceTest {
    @Test
    void delegated_withNothingRecording_leavesNoTrace() {
        EngineTrace.delegated("bc-pqc");
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            assertEquals(List.of(), trace.backends());
        }
    }

    @Test
    void recording_collectsDistinctBackends_inOrder_andStopsAtClose() {
        EngineTrace.Recording trace = EngineTrace.start();
        EngineTrace.delegated("bc-pqc");
        EngineTrace.delegated("other");
        EngineTrace.delegated("bc-pqc");
        trace.close();
        EngineTrace.delegated("after");
        assertEquals(List.of("bc-pqc", "other"), trace.backends());
        trace.close(); // a second close does nothing
    }

    @Test
    void nestedRecordings_innerSeesItsOwn_outerSeesEverything() {
        try (EngineTrace.Recording outer = EngineTrace.start()) {
            EngineTrace.delegated("a");
            try (EngineTrace.Recording inner = EngineTrace.start()) {
                EngineTrace.delegated("b");
                assertEquals(List.of("b"), inner.backends());
            }
            EngineTrace.delegated("c");
            assertEquals(List.of("a", "b", "c"), outer.backends());
        }
    }

    @Test
    void delegationOnAnotherThread_isNotRecordedHere() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            other.submit(() -> EngineTrace.delegated("elsewhere")).get();
            assertEquals(List.of(), trace.backends());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void closingAnOuterRecordingFirst_isRefused() {
        EngineTrace.Recording outer = EngineTrace.start();
        EngineTrace.Recording inner = EngineTrace.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        inner.close();
        outer.close();
        EngineTrace.delegated("after");
        assertEquals(List.of(), outer.backends());
    }
}
