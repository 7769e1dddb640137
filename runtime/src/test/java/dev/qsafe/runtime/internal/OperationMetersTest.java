package dev.qsafe.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationMetersTest {
    @Test
    void meter_isOnePerOperationModeAndLabel_andCountsWhatItRecords() {
        OperationMeters m = new OperationMeters(true);
        OperationMeters.Meter seal = m.meter(Operation.SEAL, CryptoMode.HYBRID, "X-Wing/HKDF-SHA256/AES-256-GCM+MLDSA65-Ed25519-SHA512");
        assertSame(seal, m.meter(Operation.SEAL, CryptoMode.HYBRID, "X-Wing/HKDF-SHA256/AES-256-GCM+MLDSA65-Ed25519-SHA512"));
        OperationMeters.Meter open = m.meter(Operation.OPEN, CryptoMode.PQC, "ML-KEM-1024+ML-DSA-87");
        m.meter(Operation.SIGN, CryptoMode.PQC, "ML-DSA-87"); // made, never used: not in the snapshot
        seal.record(2_000, true);
        seal.record(3_000, false);
        open.record(5_000, true);
        List<MetricsSnapshot.OperationStats> ops = m.operations();
        assertEquals(2, ops.size(), ops.toString());
        assertEquals(Operation.SEAL, ops.get(0).operation());
        assertEquals("HYBRID", ops.get(0).mode());
        assertEquals(1, ops.get(0).succeeded());
        assertEquals(1, ops.get(0).failed());
        assertEquals(2, ops.get(0).latency().count());
        assertEquals(Operation.OPEN, ops.get(1).operation());
        assertEquals(List.of(java.time.Duration.ofNanos(2_000)), m.recent(CryptoMode.HYBRID, Operation.SEAL), "successes only");
        assertTrue(m.recent(CryptoMode.PQC, Operation.SEAL).isEmpty());
    }

    @Test
    void disabled_recordsNothing() {
        OperationMeters m = new OperationMeters(false);
        m.meter(Operation.SEAL, CryptoMode.CLASSICAL, "a").record(1_000, true);
        assertTrue(m.operations().isEmpty());
        assertTrue(m.recent(CryptoMode.CLASSICAL, Operation.SEAL).isEmpty());
    }
}
