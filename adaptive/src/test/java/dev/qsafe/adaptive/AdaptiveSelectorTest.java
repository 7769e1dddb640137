package dev.qsafe.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.AdaptiveInputs.Device;
import dev.qsafe.adaptive.AdaptiveInputs.Network;
import dev.qsafe.adaptive.AdaptiveInputs.ObservedLatencies;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdaptiveSelectorTest {
    private static final AdaptiveSelector SELECTOR = new AdaptiveSelector(AdaptiveConfig.DEFAULTS);
    private static final Map<CryptoMode, Suite> ALL = Map.of(CryptoMode.CLASSICAL, Suite.CLASSICAL,
            CryptoMode.HYBRID, Suite.HYBRID, CryptoMode.PQC, Suite.PQC);
    static final Network FIBRE = new Network(1000.0, 5.0, 0.0, false);
    static final Network METERED_2G = new Network(0.1, 700.0, 4.0, true);
    static final Device PLUGGED_SERVER = new Device(null, true, 0.1, 0.3, 45.0, DeviceClass.SERVER);
    static final Device LOW_BATTERY_PHONE = new Device(8, false, 0.5, 0.5, 41.0, DeviceClass.MOBILE);

    private static AdaptiveInputs inputs(Network n, Device d, CryptoMode floor) {
        return new AdaptiveInputs(n, d, ObservedLatencies.NONE, floor, Policy.PERMISSIVE, ALL);
    }

    @Test
    void fibrePluggedIn_getsThePreferredHybrid_metered2gLowBattery_getsTheCheapestClassical() {
        Recommendation good = SELECTOR.recommend(inputs(FIBRE, PLUGGED_SERVER, CryptoMode.CLASSICAL));
        Recommendation poor = SELECTOR.recommend(inputs(METERED_2G, LOW_BATTERY_PHONE, CryptoMode.CLASSICAL));
        assertEquals(CryptoMode.HYBRID, good.mode(), good.reasons().toString());
        assertEquals(Suite.HYBRID, good.suite());
        assertEquals(0, good.pressure());
        assertEquals(CryptoMode.CLASSICAL, poor.mode(), poor.reasons().toString());
        assertTrue(poor.pressure() >= 3, poor.reasons().toString());
        assertTrue(poor.reasons().stream().anyMatch(r -> r.contains("metered")), poor.reasons().toString());
        assertTrue(poor.reasons().stream().anyMatch(r -> r.contains("battery 8 %")), poor.reasons().toString());
    }

    @Test
    void poorConditions_withHybridFloor_staysAtHybrid_cheaperThanPqc() {
        Recommendation r = SELECTOR.recommend(inputs(METERED_2G, LOW_BATTERY_PHONE, CryptoMode.HYBRID));
        assertEquals(CryptoMode.HYBRID, r.mode(), "HYBRID adds fewer bytes than PQC: " + r.reasons());
        assertEquals(List.of(CryptoMode.HYBRID, CryptoMode.PQC), r.candidates());
        assertTrue(r.reasons().contains("CLASSICAL is below the floor HYBRID"), r.reasons().toString());
    }

    @Test
    void eachPressureRule_countsItsPoints() {
        assertEquals(2, pressure(new Network(0.5, null, null, null), Device.UNKNOWN));
        assertEquals(1, pressure(new Network(5.0, null, null, null), Device.UNKNOWN));
        assertEquals(1, pressure(new Network(null, 301.0, null, null), Device.UNKNOWN));
        assertEquals(1, pressure(new Network(null, null, 2.5, null), Device.UNKNOWN));
        assertEquals(1, pressure(new Network(null, null, null, true), Device.UNKNOWN));
        assertEquals(2, pressure(Network.UNKNOWN, new Device(20, false, null, null, null, DeviceClass.UNKNOWN)));
        assertEquals(1, pressure(Network.UNKNOWN, new Device(50, false, null, null, null, DeviceClass.UNKNOWN)));
        assertEquals(0, pressure(Network.UNKNOWN, new Device(5, true, null, null, null, DeviceClass.UNKNOWN)), "charging");
        assertEquals(1, pressure(Network.UNKNOWN, new Device(null, null, 0.9, null, null, DeviceClass.UNKNOWN)));
        assertEquals(1, pressure(Network.UNKNOWN, new Device(null, null, null, 0.95, null, DeviceClass.UNKNOWN)));
        assertEquals(1, pressure(Network.UNKNOWN, new Device(null, null, null, null, 85.0, DeviceClass.UNKNOWN)));
        assertEquals(2, pressure(Network.UNKNOWN, new Device(null, null, null, null, 95.0, DeviceClass.UNKNOWN)));
        assertEquals(2, pressure(Network.UNKNOWN, new Device(null, null, null, null, null, DeviceClass.EMBEDDED)));
        assertEquals(1, pressure(Network.UNKNOWN, new Device(null, null, null, null, null, DeviceClass.MOBILE)));
        assertEquals(0, pressure(FIBRE, PLUGGED_SERVER));
    }

    private static int pressure(Network n, Device d) {
        return SELECTOR.recommend(inputs(n, d, CryptoMode.CLASSICAL)).pressure();
    }

    @Test
    void neverBelowTheFloor_norAPolicyRefusedSuite_overManyRandomInputs() {
        Random rnd = new Random(20261121);
        List<Policy> policies = List.of(Policy.PERMISSIVE, new Policy(Set.of(), 3),
                new Policy(Set.of(Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256), 0));
        int checked = 0;
        for (int i = 0; i < 5000; i++) {
            CryptoMode floor = CryptoMode.values()[rnd.nextInt(3)];
            Policy policy = policies.get(rnd.nextInt(policies.size()));
            AdaptiveInputs in = new AdaptiveInputs(randomNetwork(rnd), randomDevice(rnd), randomLatencies(rnd), floor, policy, ALL);
            Recommendation r;
            try {
                r = SELECTOR.recommend(in);
            } catch (PolicyViolationException e) {
                // only when nothing at or above the floor is allowed
                assertTrue(ALL.values().stream().filter(s -> s.mode().compareTo(floor) >= 0).noneMatch(s -> allows(policy, s)),
                        e.getMessage());
                continue;
            }
            assertTrue(r.mode().compareTo(floor) >= 0, "below floor " + floor + ": " + r);
            assertTrue(allows(policy, r.suite()), "policy refuses " + r.suite());
            assertTrue(r.confidence() >= 0 && r.confidence() <= 1);
            assertEquals(r, SELECTOR.recommend(in), "deterministic");
            checked++;
        }
        assertTrue(checked > 3000, "most random inputs have an allowed mode: " + checked);
    }

    private static boolean allows(Policy p, Suite s) {
        try {
            p.check("x", s.algorithms());
            return true;
        } catch (PolicyViolationException e) {
            return false;
        }
    }

    private static Network randomNetwork(Random rnd) {
        return new Network(rnd.nextBoolean() ? rnd.nextDouble() * 100 : null, rnd.nextBoolean() ? rnd.nextDouble() * 900 : null,
                rnd.nextBoolean() ? rnd.nextDouble() * 10 : null, rnd.nextBoolean() ? rnd.nextBoolean() : null);
    }

    private static Device randomDevice(Random rnd) {
        return new Device(rnd.nextBoolean() ? rnd.nextInt(101) : null, rnd.nextBoolean() ? rnd.nextBoolean() : null,
                rnd.nextBoolean() ? rnd.nextDouble() : null, rnd.nextBoolean() ? rnd.nextDouble() : null,
                rnd.nextBoolean() ? 20 + rnd.nextDouble() * 80 : null, DeviceClass.values()[rnd.nextInt(DeviceClass.values().length)]);
    }

    private static ObservedLatencies randomLatencies(Random rnd) {
        Map<CryptoMode, ObservedLatencies.Samples> m = new EnumMap<>(CryptoMode.class);
        for (CryptoMode mode : CryptoMode.values()) {
            if (rnd.nextBoolean()) {
                List<Long> s = new ArrayList<>();
                List<Long> o = new ArrayList<>();
                for (int i = 0; i < 5 + rnd.nextInt(10); i++) {
                    s.add((long) rnd.nextInt(100_000_000));
                    o.add((long) rnd.nextInt(100_000_000));
                }
                m.put(mode, new ObservedLatencies.Samples(s, o));
            }
        }
        return new ObservedLatencies(m);
    }

    @Test
    void confidence_dropsWithEachUnknownInput() {
        ObservedLatencies lat = latencies(Map.of(CryptoMode.HYBRID, 1.0, CryptoMode.CLASSICAL, 0.2, CryptoMode.PQC, 1.5));
        AdaptiveInputs full = new AdaptiveInputs(FIBRE, PLUGGED_SERVER, lat, CryptoMode.CLASSICAL, Policy.PERMISSIVE, ALL);
        Recommendation known = SELECTOR.recommend(full);
        assertEquals(1.0, known.confidence(), known.reasons().toString());
        assertEquals(List.of(), known.unknowns());

        Recommendation noBandwidth = SELECTOR.recommend(new AdaptiveInputs(new Network(null, 5.0, 0.0, false), PLUGGED_SERVER,
                lat, CryptoMode.CLASSICAL, Policy.PERMISSIVE, ALL));
        Recommendation noLatency = SELECTOR.recommend(new AdaptiveInputs(FIBRE, PLUGGED_SERVER, ObservedLatencies.NONE,
                CryptoMode.CLASSICAL, Policy.PERMISSIVE, ALL));
        Recommendation nothing = SELECTOR.recommend(inputs(Network.UNKNOWN, Device.UNKNOWN, CryptoMode.CLASSICAL));
        assertTrue(noBandwidth.confidence() < known.confidence());
        assertTrue(noBandwidth.unknowns().contains("bandwidth"));
        assertTrue(noLatency.confidence() < known.confidence());
        assertTrue(noLatency.unknowns().contains("latency"));
        assertTrue(nothing.confidence() < noBandwidth.confidence() && nothing.confidence() < noLatency.confidence());
        assertEquals(0.25, nothing.confidence(), 1e-9, "1 minus every unknown weight");
        assertTrue(nothing.reasons().stream().anyMatch(r -> r.contains("unknown input")), nothing.reasons().toString());
    }

    @Test
    void confidence_neverRisesWhenAnInputBecomesUnknown() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Network n = randomNetwork(rnd);
            Device d = randomDevice(rnd);
            Recommendation r = SELECTOR.recommend(inputs(n, d, CryptoMode.CLASSICAL));
            Network less = new Network(null, n.rttMs(), n.lossPercent(), n.metered());
            Device lessDevice = new Device(d.batteryPercent(), d.externalPower(), null, d.memoryPressure(),
                    d.temperatureCelsius(), d.deviceClass());
            assertTrue(SELECTOR.recommend(inputs(less, d, CryptoMode.CLASSICAL)).confidence() <= r.confidence(), n + " " + d);
            assertTrue(SELECTOR.recommend(inputs(n, lessDevice, CryptoMode.CLASSICAL)).confidence() <= r.confidence(), n + " " + d);
        }
    }

    @Test
    void singleAllowedMode_isCertain_whateverIsUnknown() {
        Recommendation r = SELECTOR.recommend(inputs(Network.UNKNOWN, Device.UNKNOWN, CryptoMode.PQC));
        assertEquals(CryptoMode.PQC, r.mode());
        assertEquals(1.0, r.confidence());
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("only mode")), r.reasons().toString());
    }

    @Test
    void policyRefusingEverythingAboveTheFloor_throwsInsteadOfGoingBelow() {
        Policy onlyClassical = new Policy(Set.copyOf(Suite.CLASSICAL.algorithms()), 0);
        AdaptiveInputs in = new AdaptiveInputs(FIBRE, PLUGGED_SERVER, ObservedLatencies.NONE, CryptoMode.HYBRID, onlyClassical, ALL);
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> SELECTOR.recommend(in));
        assertTrue(e.getMessage().contains("floor HYBRID"), e.getMessage());
    }

    @Test
    void policyMinimumCategory_excludesClassical_evenUnderPressure() {
        AdaptiveInputs in = new AdaptiveInputs(METERED_2G, LOW_BATTERY_PHONE, ObservedLatencies.NONE, CryptoMode.CLASSICAL,
                new Policy(Set.of(), 3), ALL);
        Recommendation r = SELECTOR.recommend(in);
        assertEquals(CryptoMode.HYBRID, r.mode(), r.reasons().toString());
        assertFalse(r.candidates().contains(CryptoMode.CLASSICAL));
    }

    @Test
    void modeWithoutSuite_isNeverRecommended() {
        AdaptiveInputs in = new AdaptiveInputs(FIBRE, PLUGGED_SERVER, ObservedLatencies.NONE, CryptoMode.CLASSICAL,
                Policy.PERMISSIVE, Map.of(CryptoMode.CLASSICAL, Suite.CLASSICAL, CryptoMode.PQC, Suite.PQC));
        Recommendation r = SELECTOR.recommend(in);
        assertEquals(CryptoMode.PQC, r.mode(), "the preferred HYBRID is missing: the nearest allowed above it");
    }

    @Test
    void overLatencyBudget_dropsTheMode() {
        ObservedLatencies slowHybrid = latencies(Map.of(CryptoMode.HYBRID, 80.0, CryptoMode.CLASSICAL, 0.3, CryptoMode.PQC, 10.0));
        Recommendation r = SELECTOR.recommend(new AdaptiveInputs(FIBRE, PLUGGED_SERVER, slowHybrid, CryptoMode.CLASSICAL,
                Policy.PERMISSIVE, ALL));
        assertEquals(CryptoMode.PQC, r.mode(), r.reasons().toString());
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("HYBRID observed") && s.contains("latency budget")));
    }

    @Test
    void everythingOverBudget_keepsTheFastest_withLowerConfidence() {
        ObservedLatencies slow = latencies(Map.of(CryptoMode.HYBRID, 80.0, CryptoMode.CLASSICAL, 60.0, CryptoMode.PQC, 90.0));
        Recommendation r = SELECTOR.recommend(new AdaptiveInputs(FIBRE, PLUGGED_SERVER, slow, CryptoMode.CLASSICAL,
                Policy.PERMISSIVE, ALL));
        assertEquals(CryptoMode.CLASSICAL, r.mode());
        assertTrue(r.confidence() < 1.0);
    }

    @Test
    void devicePressure_withMeasuredLatencies_picksTheFastest() {
        // PQC faster than HYBRID here; floor HYBRID; the device is the constraint.
        ObservedLatencies lat = latencies(Map.of(CryptoMode.HYBRID, 3.0, CryptoMode.PQC, 1.0));
        Device hotBusyPhone = new Device(15, false, 0.95, 0.2, 92.0, DeviceClass.MOBILE);
        Recommendation r = SELECTOR.recommend(new AdaptiveInputs(FIBRE, hotBusyPhone, lat, CryptoMode.HYBRID,
                Policy.PERMISSIVE, ALL));
        assertEquals(CryptoMode.PQC, r.mode(), r.reasons().toString());
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("observed latency")), r.reasons().toString());
    }

    @Test
    void configuredThresholds_changeTheAnswer() {
        Network moderate = new Network(5.0, 100.0, 0.0, true); // 2 points with the defaults
        AdaptiveInputs in = inputs(moderate, PLUGGED_SERVER, CryptoMode.CLASSICAL);
        assertEquals(CryptoMode.HYBRID, SELECTOR.recommend(in).mode());
        AdaptiveConfig.Thresholds d = AdaptiveConfig.Thresholds.DEFAULTS;
        AdaptiveConfig eager = new AdaptiveConfig(CryptoMode.CLASSICAL, CryptoMode.HYBRID, Network.UNKNOWN,
                new AdaptiveConfig.Thresholds(d.slowBandwidthMbps(), d.moderateBandwidthMbps(), d.highRttMs(), d.highLossPercent(),
                        d.lowBatteryPercent(), d.mediumBatteryPercent(), d.highCpuLoad(), d.highMemoryPressure(), d.hotCelsius(),
                        d.criticalCelsius(), d.latencyBudgetMs(), 2));
        assertEquals(CryptoMode.CLASSICAL, new AdaptiveSelector(eager).recommend(in).mode());
    }

    @Test
    void inputs_outOfRange_areTypedErrors() {
        assertThrows(InvalidInputException.class, () -> new Network(-1.0, null, null, null));
        assertThrows(InvalidInputException.class, () -> new Network(null, null, 101.0, null));
        assertThrows(InvalidInputException.class, () -> new Network(Double.NaN, null, null, null));
        assertThrows(InvalidInputException.class, () -> new Device(101, null, null, null, null, DeviceClass.UNKNOWN));
        assertThrows(InvalidInputException.class, () -> new Device(null, null, 1.5, null, null, DeviceClass.UNKNOWN));
        assertThrows(InvalidInputException.class, () -> new ObservedLatencies.Samples(List.of(-1L), List.of()));
    }

    @Test
    void samples_keepOnlyTheMostRecent() {
        List<Long> many = new ArrayList<>(Collections.nCopies(ObservedLatencies.MAX_SAMPLES + 10, 1L));
        many.add(7L);
        ObservedLatencies.Samples s = new ObservedLatencies.Samples(many, List.of());
        assertEquals(ObservedLatencies.MAX_SAMPLES, s.sealNanos().size());
        assertEquals(7L, s.sealNanos().get(s.sealNanos().size() - 1));
    }

    @Test
    void networkOrElse_fillsOnlyUnknownFields() {
        Network caller = new Network(2.0, null, null, true);
        Network merged = caller.orElse(new Network(100.0, 20.0, 0.5, false));
        assertEquals(new Network(2.0, 20.0, 0.5, true), merged);
        assertNotEquals(caller, merged);
    }

    /** Seal + open medians totalling {@code ms} per mode, 6 samples each. */
    static ObservedLatencies latencies(Map<CryptoMode, Double> ms) {
        Map<CryptoMode, ObservedLatencies.Samples> m = new EnumMap<>(CryptoMode.class);
        ms.forEach((mode, v) -> {
            long half = (long) (v * 1e6 / 2);
            m.put(mode, new ObservedLatencies.Samples(Collections.nCopies(6, half), Collections.nCopies(6, half)));
        });
        return new ObservedLatencies(m);
    }
}
