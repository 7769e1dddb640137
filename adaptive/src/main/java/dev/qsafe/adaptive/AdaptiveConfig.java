package dev.qsafe.adaptive;

import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.config.QSafeConfig;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The knobs of {@link AdaptiveSelector}: the floor (the lowest mode it may recommend), the mode it
 * prefers when nothing presses it, the network conditions to assume when the caller gives none, and
 * the thresholds of its rules. Read with {@link #from(QSafeConfig)} from the {@code "adaptive"} section
 * of the configuration file and the {@code qsafe.adaptive.*} system properties (docs/ADAPTIVE.md); the
 * runtime keeps that section for this module without reading it.
 *
 * <p>Modes are ordered by protection level: {@code CLASSICAL < HYBRID < PQC}; a floor of
 * {@code HYBRID} means only quantum-safe modes are recommended.
 *
 * @param floor      the lowest mode the selector may recommend (default {@code HYBRID}: nothing it
 *                   recommends is open to harvest-now-decrypt-later unless the configuration says
 *                   {@code classical})
 * @param preferred  the mode recommended when the pressure is below {@link Thresholds#economizeAt()}
 *                   (default {@code HYBRID}, the design's default mode)
 * @param network    network conditions assumed where the caller gives none (default: all unknown)
 * @param thresholds the rule thresholds
 */
public record AdaptiveConfig(CryptoMode floor, CryptoMode preferred, AdaptiveInputs.Network network, Thresholds thresholds) {
    /** Floor HYBRID, preferred HYBRID, unknown network, {@link Thresholds#DEFAULTS}. */
    public static final AdaptiveConfig DEFAULTS = new AdaptiveConfig(CryptoMode.HYBRID, CryptoMode.HYBRID,
            AdaptiveInputs.Network.UNKNOWN, Thresholds.DEFAULTS);

    /** Checks that nothing is missing. */
    public AdaptiveConfig {
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(preferred, "preferred");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * The {@code "adaptive"} section of {@code config}'s file (the defaults where it has none) with the
     * {@code qsafe.adaptive.floor} and {@code qsafe.adaptive.preferred} overrides that
     * {@link QSafeConfig#fromProperties} or {@link QSafeConfig#fromSystem()} was given.
     *
     * @throws ConfigurationException naming the field or property that is wrong (and the file, for a field)
     */
    public static AdaptiveConfig from(QSafeConfig config) {
        Objects.requireNonNull(config, "config");
        AdaptiveConfig c = DEFAULTS;
        JsonNode section = config.section(AdaptiveConfigParser.SECTION).orElse(null);
        if (section != null) {
            try {
                c = AdaptiveConfigParser.parse(section);
            } catch (ConfigurationException e) {
                throw config.source().map(f -> new ConfigurationException(f + ": " + e.getMessage(), e)).orElse(e);
            }
        }
        return AdaptiveConfigParser.override(c, config.sectionProperties(AdaptiveConfigParser.SECTION));
    }

    /** This configuration with another floor. */
    public AdaptiveConfig withFloor(CryptoMode floor) {
        return new AdaptiveConfig(floor, preferred, network, thresholds);
    }

    /**
     * The thresholds of the selector's rules (all documented in docs/ADAPTIVE.md with their points).
     *
     * @param slowBandwidthMbps     below this many Mbit/s the link is slow (2 points)
     * @param moderateBandwidthMbps below this many Mbit/s the link is moderate (1 point)
     * @param highRttMs             a round trip above this many milliseconds (1 point)
     * @param highLossPercent       packet loss above this percentage (1 point)
     * @param lowBatteryPercent     on battery at or below this level (2 points)
     * @param mediumBatteryPercent  on battery at or below this level (1 point)
     * @param highCpuLoad           system CPU load at or above this fraction (1 point)
     * @param highMemoryPressure    memory pressure at or above this fraction (1 point)
     * @param hotCelsius            hottest thermal zone at or above this temperature (1 point)
     * @param criticalCelsius       hottest thermal zone at or above this temperature (2 points)
     * @param latencyBudgetMs       a mode whose observed median seal + open exceeds this is over budget
     * @param economizeAt           at this many points or more the selector picks the cheapest allowed mode
     */
    public record Thresholds(double slowBandwidthMbps, double moderateBandwidthMbps, double highRttMs, double highLossPercent,
                             int lowBatteryPercent, int mediumBatteryPercent, double highCpuLoad, double highMemoryPressure,
                             double hotCelsius, double criticalCelsius, double latencyBudgetMs, int economizeAt) {
        /** 1 and 10 Mbit/s, 300 ms, 2 %, 20 and 50 %, 0.85, 0.90, 80 and 90 degrees C, 50 ms, 3 points. */
        public static final Thresholds DEFAULTS = new Thresholds(1, 10, 300, 2, 20, 50, 0.85, 0.90, 80, 90, 50, 3);

        /**
         * Validates.
         *
         * @throws ConfigurationException naming the threshold that is out of range
         */
        public Thresholds {
            positive(slowBandwidthMbps, "slowBandwidthMbps");
            positive(moderateBandwidthMbps, "moderateBandwidthMbps");
            if (moderateBandwidthMbps < slowBandwidthMbps) {
                throw new ConfigurationException("moderateBandwidthMbps (" + moderateBandwidthMbps
                        + ") must not be below slowBandwidthMbps (" + slowBandwidthMbps + ")");
            }
            positive(highRttMs, "highRttMs");
            range(highLossPercent, 0, 100, "highLossPercent");
            range(lowBatteryPercent, 0, 100, "lowBatteryPercent");
            range(mediumBatteryPercent, lowBatteryPercent, 100, "mediumBatteryPercent");
            range(highCpuLoad, 0, 1, "highCpuLoad");
            range(highMemoryPressure, 0, 1, "highMemoryPressure");
            range(hotCelsius, -50, 200, "hotCelsius");
            range(criticalCelsius, hotCelsius, 200, "criticalCelsius");
            positive(latencyBudgetMs, "latencyBudgetMs");
            if (economizeAt < 1 || economizeAt > 20) {
                throw new ConfigurationException("economizeAt must be 1..20 points, got " + economizeAt);
            }
        }

        private static void positive(double v, String name) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new ConfigurationException(name + " must be a positive number, got " + v);
            }
        }

        private static void range(double v, double min, double max, String name) {
            if (!(v >= min && v <= max)) {
                throw new ConfigurationException(name + " must be in " + min + ".." + max + ", got " + v);
            }
        }
    }
}
