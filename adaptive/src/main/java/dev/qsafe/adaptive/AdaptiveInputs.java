package dev.qsafe.adaptive;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.ops.QSafeMetrics;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link AdaptiveSelector#recommend(AdaptiveInputs)} decides on, as one immutable value:
 * the recommendation is a pure function of it (and the selector's {@link AdaptiveConfig}).
 *
 * <p>A {@code null} component of {@link Network} or {@link Device} means <em>unknown</em>; unknown
 * inputs add no pressure and lower the confidence of the recommendation.
 *
 * @param network    link conditions (Java cannot read them reliably: they come from the caller or configuration)
 * @param device     device conditions, usually read live with {@link Device#probe()}
 * @param latencies  recent seal/open latencies per mode ({@link ObservedLatencies#NONE} if none were observed)
 * @param floor      the lowest mode that may be recommended
 * @param policy     the policy: a mode whose suite it refuses is never recommended
 * @param suites     the suite per mode that may be recommended; a mode missing here (for example because it has
 *                   no engine on this machine) is never recommended
 */
public record AdaptiveInputs(Network network, Device device, ObservedLatencies latencies, CryptoMode floor, Policy policy,
                             Map<CryptoMode, Suite> suites) {

    /** Copies and checks. */
    public AdaptiveInputs {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(latencies, "latencies");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(policy, "policy");
        suites = Map.copyOf(Objects.requireNonNull(suites, "suites"));
        for (Map.Entry<CryptoMode, Suite> e : suites.entrySet()) {
            if (e.getValue().mode() != e.getKey()) {
                throw new IllegalArgumentException("suite " + e.getValue().name() + " is listed under " + e.getKey());
            }
        }
    }

    /**
     * The inputs for a facade: its configuration's floor, default network (overridden field by field by
     * {@code network}), policy, and the suites of the modes whose every algorithm has an engine in its registry.
     * The floor and default network are {@link AdaptiveConfig#from(QSafeConfig) AdaptiveConfig.from(qsafe.config())}'s.
     *
     * @throws dev.qsafe.api.ConfigurationException if the configuration's {@code "adaptive"} section is invalid
     */
    public static AdaptiveInputs of(QSafe qsafe, Network network, Device device, ObservedLatencies latencies) {
        return of(qsafe, AdaptiveConfig.from(qsafe.config()), network, device, latencies);
    }

    /** Like {@link #of(QSafe, Network, Device, ObservedLatencies)}, with the floor and default network of {@code adaptive}. */
    public static AdaptiveInputs of(QSafe qsafe, AdaptiveConfig adaptive, Network network, Device device,
                                    ObservedLatencies latencies) {
        QSafeConfig c = qsafe.config();
        Map<CryptoMode, Suite> suites = new EnumMap<>(CryptoMode.class);
        for (CryptoMode m : CryptoMode.values()) {
            Suite s = c.suite(m);
            if (s.algorithms().stream().allMatch(a -> qsafe.registry().selection(a).selected().isPresent())) {
                suites.put(m, s);
            }
        }
        return new AdaptiveInputs(network.orElse(adaptive.network()), device, latencies, adaptive.floor(),
                c.policy(), suites);
    }

    /** The names of the inputs that are unknown, in a fixed order (latencies are judged per mode by the selector). */
    public List<String> unknowns() {
        List<String> u = new ArrayList<>();
        network.addUnknowns(u);
        device.addUnknowns(u);
        return u;
    }

    /** These inputs with another floor. */
    public AdaptiveInputs withFloor(CryptoMode floor) {
        return new AdaptiveInputs(network, device, latencies, floor, policy, suites);
    }

    /**
     * Network conditions; {@code null} = unknown.
     *
     * @param bandwidthMbps available bandwidth in Mbit/s (&gt;= 0)
     * @param rttMs         round-trip time in milliseconds (&gt;= 0)
     * @param lossPercent   packet loss in percent (0..100)
     * @param metered       whether the link is paid per byte (mobile data)
     */
    public record Network(Double bandwidthMbps, Double rttMs, Double lossPercent, Boolean metered) {
        /** Nothing known. */
        public static final Network UNKNOWN = new Network(null, null, null, null);

        /**
         * Validates.
         *
         * @throws InvalidInputException naming the value out of range
         */
        public Network {
            nonNegative(bandwidthMbps, "bandwidth (Mbit/s)", Double.MAX_VALUE);
            nonNegative(rttMs, "RTT (ms)", Double.MAX_VALUE);
            nonNegative(lossPercent, "loss (percent)", 100);
        }

        /** This, with every unknown component taken from {@code defaults}. */
        public Network orElse(Network defaults) {
            return new Network(bandwidthMbps != null ? bandwidthMbps : defaults.bandwidthMbps,
                    rttMs != null ? rttMs : defaults.rttMs, lossPercent != null ? lossPercent : defaults.lossPercent,
                    metered != null ? metered : defaults.metered);
        }

        void addUnknowns(List<String> u) {
            if (bandwidthMbps == null) {
                u.add("bandwidth");
            }
            if (rttMs == null) {
                u.add("rtt");
            }
            if (lossPercent == null) {
                u.add("loss");
            }
            if (metered == null) {
                u.add("metered");
            }
        }
    }

    /**
     * Device conditions; {@code null} = unknown.
     *
     * @param batteryPercent      battery level 0..100 ({@code null} when unknown or there is no battery)
     * @param externalPower       on mains power or charging ({@code true}), on battery ({@code false})
     * @param cpuLoad             recent system CPU load, 0..1
     * @param memoryPressure      the larger of the JVM heap use (used / max) and the system's (1 - available / total), 0..1
     * @param temperatureCelsius  the hottest thermal zone
     * @param deviceClass         the kind of machine
     */
    public record Device(Integer batteryPercent, Boolean externalPower, Double cpuLoad, Double memoryPressure,
                         Double temperatureCelsius, DeviceClass deviceClass) {
        /** Nothing known. */
        public static final Device UNKNOWN = new Device(null, null, null, null, null, DeviceClass.UNKNOWN);

        /**
         * Validates.
         *
         * @throws InvalidInputException naming the value out of range
         */
        public Device {
            if (batteryPercent != null && (batteryPercent < 0 || batteryPercent > 100)) {
                throw new InvalidInputException("battery level must be 0..100 percent, got " + batteryPercent);
            }
            nonNegative(cpuLoad, "CPU load", 1);
            nonNegative(memoryPressure, "memory pressure", 1);
            if (temperatureCelsius != null && !(temperatureCelsius > -100 && temperatureCelsius < 300)) {
                throw new InvalidInputException("temperature must be -100..300 degrees C, got " + temperatureCelsius);
            }
            Objects.requireNonNull(deviceClass, "deviceClass (use UNKNOWN)");
        }

        /**
         * Reads the live conditions of this machine: CPU load and memory from the JVM's
         * {@code com.sun.management.OperatingSystemMXBean} and {@link Runtime}, and on Linux the battery
         * ({@code /sys/class/power_supply}), the thermal zones ({@code /sys/class/thermal}), available memory
         * ({@code /proc/meminfo}) and the DMI chassis type. What cannot be read is unknown.
         */
        public static Device probe() {
            return probe(Path.of("/"));
        }

        /** Like {@link #probe()}, reading {@code sys/...} and {@code proc/...} under {@code root} instead of {@code /}. */
        public static Device probe(Path root) {
            SystemProbe.Readings r = SystemProbe.probe(Objects.requireNonNull(root, "root"));
            return new Device(r.batteryPercent(), r.externalPower(), r.cpuLoad(), r.memoryPressure(), r.temperatureCelsius(),
                    r.deviceClass());
        }

        void addUnknowns(List<String> u) {
            if (batteryPercent == null && !Boolean.TRUE.equals(externalPower)) {
                u.add("battery");
            }
            if (externalPower == null) {
                u.add("externalPower");
            }
            if (cpuLoad == null) {
                u.add("cpuLoad");
            }
            if (memoryPressure == null) {
                u.add("memoryPressure");
            }
            if (temperatureCelsius == null) {
                u.add("temperature");
            }
            if (deviceClass == DeviceClass.UNKNOWN) {
                u.add("deviceClass");
            }
        }
    }

    /**
     * Recent latencies per mode, in nanoseconds; at most {@value #MAX_SAMPLES} of each kind per mode are kept
     * (the most recent).
     *
     * @param byMode the samples per mode
     */
    public record ObservedLatencies(Map<CryptoMode, Samples> byMode) {
        /** The most samples kept per list. */
        public static final int MAX_SAMPLES = 1024;
        /** Nothing observed. */
        public static final ObservedLatencies NONE = new ObservedLatencies(Map.of());

        /** Copies. */
        public ObservedLatencies {
            byMode = Map.copyOf(byMode);
        }

        /** The latencies a benchmark measured (its seal and open samples per mode that ran). */
        public static ObservedLatencies fromBenchmark(CryptoBenchmark.Report report) {
            Map<CryptoMode, Samples> m = new EnumMap<>(CryptoMode.class);
            for (CryptoBenchmark.ModeResult r : report.modes()) {
                if (r.available()) {
                    m.put(r.mode(), new Samples(r.operations().get(CryptoBenchmark.Operation.SEAL).samplesNanos(),
                            r.operations().get(CryptoBenchmark.Operation.OPEN).samplesNanos()));
                }
            }
            return new ObservedLatencies(m);
        }

        /**
         * The recent successful seal and open latencies a facade's metrics hold
         * ({@link QSafeMetrics#recentLatencies}), for every mode that has any; empty when metrics are off.
         */
        public static ObservedLatencies fromMetrics(QSafeMetrics metrics) {
            Map<CryptoMode, Samples> byMode = new EnumMap<>(CryptoMode.class);
            for (CryptoMode mode : CryptoMode.values()) {
                List<Long> seal = metrics.recentLatencies(mode, QSafeMetrics.Operation.SEAL).stream().map(Duration::toNanos).toList();
                List<Long> open = metrics.recentLatencies(mode, QSafeMetrics.Operation.OPEN).stream().map(Duration::toNanos).toList();
                if (!seal.isEmpty() || !open.isEmpty()) {
                    byMode.put(mode, new Samples(seal, open));
                }
            }
            return new ObservedLatencies(byMode);
        }

        /** These, with {@code other}'s modes added or replacing these. */
        public ObservedLatencies merge(ObservedLatencies other) {
            Map<CryptoMode, Samples> m = new EnumMap<>(CryptoMode.class);
            m.putAll(byMode);
            m.putAll(other.byMode);
            return new ObservedLatencies(m);
        }

        /**
         * Seal and open latencies of one mode, in nanoseconds.
         *
         * @param sealNanos recent seal latencies
         * @param openNanos recent open latencies
         */
        public record Samples(List<Long> sealNanos, List<Long> openNanos) {
            /** Copies (keeping the last {@value ObservedLatencies#MAX_SAMPLES}) and checks each is &gt;= 0. */
            public Samples {
                sealNanos = last(sealNanos, "seal");
                openNanos = last(openNanos, "open");
            }

            private static List<Long> last(Collection<Long> in, String what) {
                List<Long> l = List.copyOf(in);
                for (Long v : l) {
                    if (v < 0) {
                        throw new InvalidInputException(what + " latency must be >= 0 ns, got " + v);
                    }
                }
                return l.size() > MAX_SAMPLES ? List.copyOf(l.subList(l.size() - MAX_SAMPLES, l.size())) : l;
            }
        }
    }

    /**
     * Where observed latencies come from: the runtime's metrics ({@link ObservedLatencies#fromMetrics},
     * e.g. {@code () -> ObservedLatencies.fromMetrics(qsafe.metrics())}), a {@link CryptoBenchmark} run
     * ({@link ObservedLatencies#fromBenchmark}) or the application's own measurements.
     */
    @FunctionalInterface
    public interface LatencySource {
        /** A snapshot of the recent latencies. */
        ObservedLatencies observedLatencies();
    }

    private static void nonNegative(Double v, String what, double max) {
        if (v != null && !(v >= 0 && v <= max)) {
            throw new InvalidInputException(what + " must be 0.." + (max == Double.MAX_VALUE ? "" : max) + ", got " + v);
        }
    }
}
