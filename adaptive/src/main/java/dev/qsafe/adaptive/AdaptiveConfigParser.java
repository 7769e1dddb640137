package dev.qsafe.adaptive;

import dev.qsafe.adaptive.AdaptiveConfig.Thresholds;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code "adaptive"} section of the configuration file and its system-property overrides; every
 * error names the field.
 *
 * <pre>{@code
 * "adaptive": {
 *   "floor": "hybrid", "preferred": "hybrid",
 *   "network": { "bandwidthMbps": 50, "rttMs": 40, "lossPercent": 0.1, "metered": false },
 *   "thresholds": { "slowBandwidthMbps": 1, "moderateBandwidthMbps": 10, "highRttMs": 300, "highLossPercent": 2,
 *                   "lowBatteryPercent": 20, "mediumBatteryPercent": 50, "highCpuLoad": 0.85,
 *                   "highMemoryPressure": 0.9, "hotCelsius": 80, "criticalCelsius": 90, "latencyBudgetMs": 50,
 *                   "economizeAt": 3 }
 * }
 * }</pre>
 * Properties: {@code qsafe.adaptive.floor}, {@code qsafe.adaptive.preferred}.
 */
final class AdaptiveConfigParser {
    static final String SECTION = "adaptive";
    private static final Set<String> FIELDS = Set.of("floor", "preferred", "network", "thresholds");
    private static final Set<String> NETWORK = Set.of("bandwidthMbps", "rttMs", "lossPercent", "metered");
    private static final Set<String> THRESHOLDS = Set.of("slowBandwidthMbps", "moderateBandwidthMbps", "highRttMs",
            "highLossPercent", "lowBatteryPercent", "mediumBatteryPercent", "highCpuLoad", "highMemoryPressure", "hotCelsius",
            "criticalCelsius", "latencyBudgetMs", "economizeAt");

    private AdaptiveConfigParser() {
    }

    static AdaptiveConfig parse(JsonNode node) {
        object(node, SECTION);
        known(node, FIELDS, SECTION + ".");
        AdaptiveConfig d = AdaptiveConfig.DEFAULTS;
        CryptoMode floor = node.has("floor") ? mode(node.get("floor"), SECTION + ".floor") : d.floor();
        CryptoMode preferred = node.has("preferred") ? mode(node.get("preferred"), SECTION + ".preferred") : d.preferred();
        AdaptiveInputs.Network network = d.network();
        JsonNode n = node.get("network");
        if (n != null) {
            String f = SECTION + ".network";
            object(n, f);
            known(n, NETWORK, f + ".");
            try {
                network = new AdaptiveInputs.Network(number(n, "bandwidthMbps", f), number(n, "rttMs", f),
                        number(n, "lossPercent", f), bool(n, "metered", f));
            } catch (InvalidInputException e) {
                throw new ConfigurationException(f + ": " + e.getMessage(), e);
            }
        }
        Thresholds thresholds = d.thresholds();
        JsonNode t = node.get("thresholds");
        if (t != null) {
            String f = SECTION + ".thresholds";
            object(t, f);
            known(t, THRESHOLDS, f + ".");
            Thresholds x = Thresholds.DEFAULTS;
            try {
                thresholds = new Thresholds(
                        number(t, "slowBandwidthMbps", f, x.slowBandwidthMbps()),
                        number(t, "moderateBandwidthMbps", f, x.moderateBandwidthMbps()),
                        number(t, "highRttMs", f, x.highRttMs()),
                        number(t, "highLossPercent", f, x.highLossPercent()),
                        integer(t, "lowBatteryPercent", f, x.lowBatteryPercent()),
                        integer(t, "mediumBatteryPercent", f, x.mediumBatteryPercent()),
                        number(t, "highCpuLoad", f, x.highCpuLoad()),
                        number(t, "highMemoryPressure", f, x.highMemoryPressure()),
                        number(t, "hotCelsius", f, x.hotCelsius()),
                        number(t, "criticalCelsius", f, x.criticalCelsius()),
                        number(t, "latencyBudgetMs", f, x.latencyBudgetMs()),
                        integer(t, "economizeAt", f, x.economizeAt()));
            } catch (ConfigurationException e) {
                throw e.getMessage().startsWith(f) ? e : new ConfigurationException(f + "." + e.getMessage(), e);
            }
        }
        return new AdaptiveConfig(floor, preferred, network, thresholds);
    }

    /** Applies {@code qsafe.adaptive.floor} and {@code qsafe.adaptive.preferred}. */
    static AdaptiveConfig override(AdaptiveConfig c, Map<String, String> p) {
        String floor = p.get("qsafe.adaptive.floor");
        String preferred = p.get("qsafe.adaptive.preferred");
        if (floor == null && preferred == null) {
            return c;
        }
        return new AdaptiveConfig(floor != null ? mode(floor, "qsafe.adaptive.floor") : c.floor(),
                preferred != null ? mode(preferred, "qsafe.adaptive.preferred") : c.preferred(), c.network(), c.thresholds());
    }

    private static CryptoMode mode(JsonNode n, String field) {
        if (!n.isString()) {
            throw new ConfigurationException(field + " must be a mode name (classical, hybrid, pqc), got " + n);
        }
        return mode(n.asString(), field);
    }

    private static CryptoMode mode(String s, String field) {
        try {
            return CryptoMode.parse(s);
        } catch (InvalidInputException e) {
            throw new ConfigurationException(field + ": " + e.getMessage(), e);
        }
    }

    private static Double number(JsonNode parent, String name, String prefix) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new ConfigurationException(prefix + "." + name + " must be a number, got " + n);
        }
        return n.asDouble();
    }

    private static double number(JsonNode parent, String name, String prefix, double dflt) {
        Double d = number(parent, name, prefix);
        return d == null ? dflt : d;
    }

    private static int integer(JsonNode parent, String name, String prefix, int dflt) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isInt()) {
            throw new ConfigurationException(prefix + "." + name + " must be an integer, got " + n);
        }
        return n.asInt();
    }

    private static Boolean bool(JsonNode parent, String name, String prefix) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new ConfigurationException(prefix + "." + name + " must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    private static void object(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new ConfigurationException(field + " must be a JSON object");
        }
    }

    private static void known(JsonNode node, Set<String> known, String prefix) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                throw new ConfigurationException(prefix + e.getKey() + ": unknown setting; known: "
                        + known.stream().sorted().toList());
            }
        }
    }
}
