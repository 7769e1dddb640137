package dev.qsafe.adaptive;

import dev.qsafe.adaptive.AdaptiveConfig.Thresholds;
import dev.qsafe.adaptive.AdaptiveInputs.Device;
import dev.qsafe.adaptive.AdaptiveInputs.Network;
import dev.qsafe.adaptive.AdaptiveInputs.ObservedLatencies;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.runtime.suite.Suite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Recommends a mode for the conditions at hand: a deterministic, documented function of an
 * {@link AdaptiveInputs} value and this selector's {@link AdaptiveConfig}.
 *
 * <pre>{@code
 * QSafe qsafe = QSafe.newBuilder().build();
 * AdaptiveSelector selector = new AdaptiveSelector(AdaptiveConfig.from(qsafe.config()));
 * Recommendation r = selector.recommend(AdaptiveInputs.of(qsafe,
 *         new AdaptiveInputs.Network(0.2, 600.0, 3.0, true),           // caller-supplied: 2G, metered
 *         AdaptiveInputs.Device.probe(), AdaptiveInputs.ObservedLatencies.NONE));
 * r.mode(); r.confidence(); r.reasons();
 * }</pre>
 *
 * <p>The rules, in order (thresholds from {@link Thresholds}; every one is in docs/ADAPTIVE.md):
 * <ol>
 * <li><b>Candidates.</b> Modes are ordered {@code CLASSICAL < HYBRID < PQC}. A mode is a candidate if it is at
 *     or above the floor, has a suite in the inputs, and the policy allows every algorithm of that suite. With
 *     none, {@link PolicyViolationException}: nothing below the floor is ever offered instead.</li>
 * <li><b>Latency budget.</b> A candidate whose observed median seal + median open (at least
 *     {@value #MIN_SAMPLES} samples of each) exceeds {@code latencyBudgetMs} is dropped, unless every candidate
 *     is over budget, in which case only the fastest of them is kept.</li>
 * <li><b>Pressure points.</b> Bandwidth below {@code slowBandwidthMbps} +2, else below {@code moderateBandwidthMbps}
 *     +1; RTT above {@code highRttMs} +1; loss above {@code highLossPercent} +1; metered +1; on battery at or
 *     below {@code lowBatteryPercent} +2, else at or below {@code mediumBatteryPercent} +1; CPU load at or above
 *     {@code highCpuLoad} +1; memory pressure at or above {@code highMemoryPressure} +1; temperature at or above
 *     {@code criticalCelsius} +2, else at or above {@code hotCelsius} +1; embedded device +2, mobile +1.
 *     Unknown inputs add nothing.</li>
 * <li><b>Choice.</b> Below {@code economizeAt} points: the preferred mode if it is a candidate, else the lowest
 *     candidate above it, else the highest below it. At {@code economizeAt} or more: the cheapest candidate,
 *     where cost is the observed median seal + open when the device's points outweigh the network's and every
 *     candidate has samples, and otherwise the bytes a mode adds on the wire (KEM ciphertext + signature);
 *     ties go to the higher mode.</li>
 * <li><b>Confidence.</b> 1 with a single candidate (the floor and policy decide alone). Otherwise 1 minus the
 *     weights of unknown inputs (bandwidth 0.15; battery 0.10, counted only when not known to be on external
 *     power; latencies of the chosen mode 0.10; rtt, loss, metered, external power, CPU load, memory pressure,
 *     temperature, device class 0.05 each), minus 0.05 when the points are within one of {@code economizeAt},
 *     minus 0.10 when every candidate was over the latency budget; clamped to 0..1 and rounded to 0.01.</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class AdaptiveSelector {
    /** Observed samples of seal and of open needed before a mode's latency counts. */
    public static final int MIN_SAMPLES = 5;
    private static final Map<String, Double> UNKNOWN_WEIGHTS = unknownWeights();

    private final AdaptiveConfig config;

    /** A selector with these thresholds and preferences ({@link AdaptiveConfig#floor()} is used by {@link AdaptiveInputs#of}). */
    public AdaptiveSelector(AdaptiveConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The configuration. */
    public AdaptiveConfig config() {
        return config;
    }

    /**
     * The recommendation for these inputs.
     *
     * @throws PolicyViolationException if no mode at or above the floor is allowed by the policy and configured
     */
    public Recommendation recommend(AdaptiveInputs in) {
        Thresholds t = config.thresholds();
        List<String> reasons = new ArrayList<>();

        // 1. Candidates: floor, configured suite, policy.
        List<CryptoMode> candidates = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (CryptoMode m : CryptoMode.values()) {
            if (m.compareTo(in.floor()) < 0) {
                reasons.add(m + " is below the floor " + in.floor());
                continue;
            }
            Suite s = in.suites().get(m);
            if (s == null) {
                refused.add(m + ": no usable suite (no engine for its algorithms here)");
                reasons.add(m + " has no usable suite here");
                continue;
            }
            try {
                in.policy().check("suite " + s.name(), s.algorithms());
            } catch (PolicyViolationException e) {
                refused.add(m + ": " + e.getMessage());
                reasons.add(e.getMessage());
                continue;
            }
            candidates.add(m);
        }
        if (candidates.isEmpty()) {
            throw new PolicyViolationException("no mode at or above the floor " + in.floor() + " can be recommended: "
                    + String.join("; ", refused) + " (lower adaptive.floor or widen the policy)");
        }
        List<CryptoMode> allowed = List.copyOf(candidates);

        // 2. Latency budget.
        Map<CryptoMode, Double> latencyMs = new LinkedHashMap<>();
        for (CryptoMode m : candidates) {
            Double ms = observedMs(in.latencies(), m);
            if (ms != null) {
                latencyMs.put(m, ms);
            }
        }
        boolean allOverBudget = false;
        List<CryptoMode> within = candidates.stream()
                .filter(m -> !latencyMs.containsKey(m) || latencyMs.get(m) <= t.latencyBudgetMs()).toList();
        for (CryptoMode m : candidates) {
            if (!within.contains(m)) {
                reasons.add(String.format(Locale.ROOT, "%s observed seal + open %.2f ms exceeds the %s ms latency budget",
                        m, latencyMs.get(m), num(t.latencyBudgetMs())));
            }
        }
        if (within.isEmpty()) {
            allOverBudget = true;
            CryptoMode fastest = candidates.stream().min(Comparator.comparingDouble((CryptoMode m) -> latencyMs.get(m))
                    .thenComparing(Comparator.reverseOrder())).orElseThrow();
            reasons.add("every allowed mode is over the latency budget: keeping the fastest, " + fastest);
            within = List.of(fastest);
        }
        candidates = new ArrayList<>(within);

        // 3. Pressure points.
        int networkPoints = networkPoints(in.network(), t, reasons);
        int devicePoints = devicePoints(in.device(), t, reasons);
        int pressure = networkPoints + devicePoints;

        // 4. Choice.
        CryptoMode chosen;
        if (pressure >= t.economizeAt()) {
            boolean byTime = devicePoints > networkPoints && candidates.stream().allMatch(latencyMs::containsKey);
            Comparator<CryptoMode> cost = byTime ? Comparator.comparingDouble((CryptoMode m) -> latencyMs.get(m))
                    : Comparator.comparingInt((CryptoMode m) -> wireBytes(in.suites().get(m)));
            chosen = candidates.stream().min(cost.thenComparing(Comparator.reverseOrder())).orElseThrow();
            reasons.add("pressure " + pressure + " >= " + t.economizeAt() + ": the cheapest allowed mode by "
                    + (byTime ? "observed latency" : "bytes on the wire (KEM ciphertext + signature)") + ", "
                    + chosen + costs(candidates, in, latencyMs, byTime));
        } else {
            CryptoMode preferred = config.preferred();
            List<CryptoMode> c = candidates;
            chosen = c.contains(preferred) ? preferred
                    : c.stream().filter(m -> m.compareTo(preferred) > 0).findFirst()
                            .orElseGet(() -> c.get(c.size() - 1));
            reasons.add("pressure " + pressure + " < " + t.economizeAt() + ": "
                    + (chosen == preferred ? "the preferred mode " + preferred
                            : "the preferred mode " + preferred + " is not allowed here, nearest allowed is " + chosen));
        }

        // 5. Confidence.
        List<String> unknowns = new ArrayList<>(in.unknowns());
        if (observedMs(in.latencies(), chosen) == null) {
            unknowns.add("latency");
        }
        double confidence;
        if (allowed.size() == 1) {
            confidence = 1.0;
            reasons.add(chosen + " is the only mode the floor and policy allow");
        } else {
            confidence = 1.0;
            for (String u : unknowns) {
                confidence -= UNKNOWN_WEIGHTS.getOrDefault(u, 0.0);
            }
            if (Math.abs(pressure - t.economizeAt()) <= 1) {
                confidence -= 0.05;
                reasons.add("close call: pressure " + pressure + " is within one point of " + t.economizeAt());
            }
            if (allOverBudget) {
                confidence -= 0.10;
            }
            if (!unknowns.isEmpty()) {
                reasons.add(unknowns.size() + " unknown input(s) lower the confidence: " + String.join(", ", unknowns));
            }
        }
        confidence = Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100.0;
        return new Recommendation(chosen, in.suites().get(chosen), confidence, reasons, unknowns, pressure,
                candidates, in);
    }

    private static int networkPoints(Network n, Thresholds t, List<String> reasons) {
        int p = 0;
        if (n.bandwidthMbps() != null) {
            if (n.bandwidthMbps() < t.slowBandwidthMbps()) {
                p += point(reasons, 2, "bandwidth " + num(n.bandwidthMbps()) + " Mbit/s is below " + num(t.slowBandwidthMbps()));
            } else if (n.bandwidthMbps() < t.moderateBandwidthMbps()) {
                p += point(reasons, 1, "bandwidth " + num(n.bandwidthMbps()) + " Mbit/s is below " + num(t.moderateBandwidthMbps()));
            }
        }
        if (n.rttMs() != null && n.rttMs() > t.highRttMs()) {
            p += point(reasons, 1, "RTT " + num(n.rttMs()) + " ms is above " + num(t.highRttMs()));
        }
        if (n.lossPercent() != null && n.lossPercent() > t.highLossPercent()) {
            p += point(reasons, 1, "loss " + num(n.lossPercent()) + " % is above " + num(t.highLossPercent()));
        }
        if (Boolean.TRUE.equals(n.metered())) {
            p += point(reasons, 1, "the link is metered");
        }
        return p;
    }

    private static int devicePoints(Device d, Thresholds t, List<String> reasons) {
        int p = 0;
        if (!Boolean.TRUE.equals(d.externalPower()) && d.batteryPercent() != null) {
            if (d.batteryPercent() <= t.lowBatteryPercent()) {
                p += point(reasons, 2, "battery " + d.batteryPercent() + " % is at or below " + t.lowBatteryPercent());
            } else if (d.batteryPercent() <= t.mediumBatteryPercent()) {
                p += point(reasons, 1, "battery " + d.batteryPercent() + " % is at or below " + t.mediumBatteryPercent());
            }
        }
        if (d.cpuLoad() != null && d.cpuLoad() >= t.highCpuLoad()) {
            p += point(reasons, 1, "CPU load " + num(d.cpuLoad()) + " is at or above " + num(t.highCpuLoad()));
        }
        if (d.memoryPressure() != null && d.memoryPressure() >= t.highMemoryPressure()) {
            p += point(reasons, 1, "memory pressure " + num(d.memoryPressure()) + " is at or above " + num(t.highMemoryPressure()));
        }
        if (d.temperatureCelsius() != null) {
            if (d.temperatureCelsius() >= t.criticalCelsius()) {
                p += point(reasons, 2, "temperature " + num(d.temperatureCelsius()) + " C is at or above " + num(t.criticalCelsius()));
            } else if (d.temperatureCelsius() >= t.hotCelsius()) {
                p += point(reasons, 1, "temperature " + num(d.temperatureCelsius()) + " C is at or above " + num(t.hotCelsius()));
            }
        }
        if (d.deviceClass() == DeviceClass.EMBEDDED) {
            p += point(reasons, 2, "an embedded device");
        } else if (d.deviceClass() == DeviceClass.MOBILE) {
            p += point(reasons, 1, "a mobile device");
        }
        return p;
    }

    private static int point(List<String> reasons, int points, String why) {
        reasons.add(why + ": +" + points);
        return points;
    }

    /** Median seal + median open in milliseconds, or null with fewer than {@link #MIN_SAMPLES} of either. */
    static Double observedMs(ObservedLatencies l, CryptoMode m) {
        ObservedLatencies.Samples s = l.byMode().get(m);
        if (s == null || s.sealNanos().size() < MIN_SAMPLES || s.openNanos().size() < MIN_SAMPLES) {
            return null;
        }
        return (median(s.sealNanos()) + median(s.openNanos())) / 1e6;
    }

    static double median(List<Long> samples) {
        long[] a = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + (double) a[n / 2]) / 2;
    }

    /** The bytes a suite adds on the wire that depend on the mode: KEM ciphertext + signature. */
    static int wireBytes(Suite s) {
        return s.kem().ciphertextSize() + s.signature().signatureSize();
    }

    private static String costs(List<CryptoMode> candidates, AdaptiveInputs in, Map<CryptoMode, Double> ms, boolean byTime) {
        List<String> c = new ArrayList<>();
        for (CryptoMode m : candidates) {
            c.add(m + " " + (byTime ? String.format(Locale.ROOT, "%.2f ms", ms.get(m)) : wireBytes(in.suites().get(m)) + " B"));
        }
        return " (" + String.join(", ", c) + ")";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static Map<String, Double> unknownWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("bandwidth", 0.15);
        w.put("rtt", 0.05);
        w.put("loss", 0.05);
        w.put("metered", 0.05);
        w.put("battery", 0.10);
        w.put("externalPower", 0.05);
        w.put("cpuLoad", 0.05);
        w.put("memoryPressure", 0.05);
        w.put("temperature", 0.05);
        w.put("deviceClass", 0.05);
        w.put("latency", 0.10);
        return Map.copyOf(w);
    }
}
