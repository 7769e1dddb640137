package dev.qsafe.runtime.config;

import dev.qsafe.api.ConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code cache}, {@code pool}, {@code batch} and {@code metrics} sections of the configuration
 * file and the matching {@code qsafe.<field>} system properties into {@link RuntimeSettings}. Every
 * knob has one dotted field name, used in the file (as nested objects), in the property and in errors.
 */
final class RuntimeSettingsParser {
    /** The top-level sections this parser owns. */
    static final Set<String> SECTIONS = Set.of("cache", "pool", "batch", "metrics");

    /** Every knob, by dotted field name. */
    static final List<String> FIELDS = List.of(
            "cache.enabled",
            "cache.publicKeys.maxBytes", "cache.publicKeys.ttlSeconds",
            "cache.identities.maxBytes", "cache.identities.ttlSeconds",
            "cache.signatures.maxBytes", "cache.signatures.ttlSeconds",
            "cache.hpkeSecrets.enabled", "cache.hpkeSecrets.maxBytes", "cache.hpkeSecrets.ttlSeconds",
            "pool.enabled", "pool.maxBytes", "pool.maxBufferBytes",
            "batch.executor", "batch.parallelism", "batch.timeoutMillis",
            "metrics.enabled");

    private RuntimeSettingsParser() {
    }

    /** Applies the runtime sections of a configuration document to {@code base}. */
    static RuntimeSettings fromJson(JsonNode root, RuntimeSettings base) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            JsonNode node = root.get(section);
            if (node != null) {
                flatten(node, section, values);
            }
        }
        return apply(base, values);
    }

    /** Applies the {@code qsafe.<field>} system properties that are set to {@code base}. */
    static RuntimeSettings fromProperties(Properties props, RuntimeSettings base) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String v = props.getProperty("qsafe." + field);
            if (v != null) {
                values.put(field, v.trim());
            }
        }
        return apply(base, values);
    }

    private static void flatten(JsonNode node, String path, Map<String, Object> out) {
        if (!node.isObject()) {
            throw new ConfigurationException(path + " must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = path + "." + e.getKey();
            if (FIELDS.contains(field)) {
                out.put(field, e.getValue());
            } else if (FIELDS.stream().anyMatch(f -> f.startsWith(field + "."))) {
                flatten(e.getValue(), field, out);
            } else {
                throw new ConfigurationException(field + ": unknown setting; known: "
                        + FIELDS.stream().filter(f -> f.startsWith(path + ".")).toList());
            }
        }
    }

    private static RuntimeSettings apply(RuntimeSettings b, Map<String, Object> v) {
        return b.toBuilder()
                .cachesEnabled(bool(v, "cache.enabled", b.cachesEnabled()))
                .publicKeys(lng(v, "cache.publicKeys.maxBytes", b.publicKeysMaxBytes()),
                        seconds(v, "cache.publicKeys.ttlSeconds", b.publicKeysTtl()))
                .identities(lng(v, "cache.identities.maxBytes", b.identitiesMaxBytes()),
                        seconds(v, "cache.identities.ttlSeconds", b.identitiesTtl()))
                .signatures(lng(v, "cache.signatures.maxBytes", b.signaturesMaxBytes()),
                        seconds(v, "cache.signatures.ttlSeconds", b.signaturesTtl()))
                .hpkeSecrets(bool(v, "cache.hpkeSecrets.enabled", b.hpkeSecretsEnabled()),
                        lng(v, "cache.hpkeSecrets.maxBytes", b.hpkeSecretsMaxBytes()),
                        seconds(v, "cache.hpkeSecrets.ttlSeconds", b.hpkeSecretsTtl()))
                .pool(bool(v, "pool.enabled", b.poolEnabled()),
                        lng(v, "pool.maxBytes", b.poolMaxBytes()),
                        clampInt(lng(v, "pool.maxBufferBytes", b.poolMaxBufferBytes())))
                .batch(v.containsKey("batch.executor")
                                ? RuntimeSettings.BatchExecutor.parse(text(v.get("batch.executor"), "batch.executor"), "batch.executor")
                                : b.batchExecutor(),
                        clampInt(lng(v, "batch.parallelism", b.batchParallelism())),
                        millis(v, "batch.timeoutMillis", b.batchTimeout()))
                .metricsEnabled(bool(v, "metrics.enabled", b.metricsEnabled()))
                .build();
    }

    /** Out-of-range values stay out of range (and are refused by {@link RuntimeSettings}, naming the field). */
    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static String text(Object o, String field) {
        if (o instanceof String s) {
            return s;
        }
        JsonNode n = (JsonNode) o;
        if (!n.isString()) {
            throw new ConfigurationException(field + " must be a string, got " + n);
        }
        return n.asString();
    }

    private static boolean bool(Map<String, Object> v, String field, boolean dflt) {
        Object o = v.get(field);
        if (o == null) {
            return dflt;
        }
        if (o instanceof String s) {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new ConfigurationException(field + " must be true or false, got '" + s + "'");
        }
        JsonNode n = (JsonNode) o;
        if (!n.isBoolean()) {
            throw new ConfigurationException(field + " must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    private static long lng(Map<String, Object> v, String field, long dflt) {
        Object o = v.get(field);
        if (o == null) {
            return dflt;
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(field + " must be an integer, got '" + s + "'", e);
            }
        }
        JsonNode n = (JsonNode) o;
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ConfigurationException(field + " must be an integer, got " + n);
        }
        return n.asLong();
    }

    private static Duration seconds(Map<String, Object> v, String field, Duration dflt) {
        return v.containsKey(field) ? Duration.ofSeconds(bounded(lng(v, field, 0), field)) : dflt;
    }

    private static Duration millis(Map<String, Object> v, String field, Duration dflt) {
        return v.containsKey(field) ? Duration.ofMillis(bounded(lng(v, field, 0), field)) : dflt;
    }

    private static long bounded(long value, String field) {
        if (value < 1 || value > 86_400_000L * 30) {
            throw new ConfigurationException(field + " must be positive and at most 30 days, got " + value);
        }
        return value;
    }
}
