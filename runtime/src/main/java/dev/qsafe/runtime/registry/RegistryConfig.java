package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Which providers the registry may use: providers pinned per algorithm, providers excluded
 * altogether, and the trust policy (which providers may be selected at all: any that passes its
 * self-tests, only qsafe's own, or a named allow-list). Immutable; build with {@link #newBuilder()} or
 * read from system properties with {@link #fromSystemProperties()}.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@value #EXCLUDE_PROPERTY}: comma-separated provider names, e.g. {@code jdk-classical,bc-pqc}</li>
 *   <li>{@value #PIN_PROPERTY}: comma-separated {@code ALGORITHM=provider} pairs, e.g.
 *       {@code Ed25519=jdk-classical,AES-256-GCM=bc-classical}</li>
 *   <li>{@value #ALLOW_PROPERTY}: the trust policy, comma-separated provider names that may be selected;
 *       {@value #QSAFE_PROVIDERS} stands for all of qsafe's own providers (e.g. {@code qsafe} or
 *       {@code qsafe,example-hsm}); unset or {@value #ANY_PROVIDER}: any provider that passes its self-tests</li>
 *   <li>{@value Profile#PROPERTY}: the policy profile ({@code cnsa2}, {@code fips}, {@code hybrid-min}; {@link Profile})</li>
 * </ul>
 * Every name in {@value #EXCLUDE_PROPERTY} must be a discovered provider or one of qsafe's own: the
 * registry refuses a configuration with a misspelt exclusion ({@link CryptoRegistry#discover(RegistryConfig)}).
 * A pinned algorithm uses only its pinned provider: if that provider is missing or fails, the
 * algorithm fails closed rather than falling back to another.
 *
 * @since 0.1.0
 */
public final class RegistryConfig {
    /** System property listing excluded providers. */
    public static final String EXCLUDE_PROPERTY = "qsafe.provider.exclude";
    /** System property listing pinned {@code ALGORITHM=provider} pairs. */
    public static final String PIN_PROPERTY = "qsafe.provider.pin";
    /** System property with the trust policy: the providers that may be selected. */
    public static final String ALLOW_PROPERTY = "qsafe.provider.allow";
    /** In an allow-list: every provider shipped with qsafe (see {@link CryptoRegistry#BUILT_IN_PROVIDERS}). */
    public static final String QSAFE_PROVIDERS = "qsafe";
    /** As the whole allow-list: any provider (the default). */
    public static final String ANY_PROVIDER = "*";

    private static final RegistryConfig DEFAULTS = new Builder().build();

    private final Map<Algorithm, String> pins;
    private final Set<String> excluded;
    private final Set<String> allowed;
    private final Profile profile;

    private RegistryConfig(Builder b) {
        this.profile = b.profile;
        this.pins = Collections.unmodifiableMap(new LinkedHashMap<>(b.pins));
        this.excluded = Collections.unmodifiableSet(new LinkedHashSet<>(b.excluded));
        this.allowed = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowed));
    }

    /** No pins, no exclusions, any provider that passes its self-tests. */
    public static RegistryConfig defaults() {
        return DEFAULTS;
    }

    /** A new builder. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The configuration given by the system properties {@value #EXCLUDE_PROPERTY} and {@value #PIN_PROPERTY}. */
    public static RegistryConfig fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /**
     * The configuration given by {@value #EXCLUDE_PROPERTY} and {@value #PIN_PROPERTY} in {@code props}.
     *
     * @throws ConfigurationException naming the property if a value is malformed
     */
    public static RegistryConfig fromProperties(Properties props) {
        Builder b = newBuilder();
        String ex = props.getProperty(EXCLUDE_PROPERTY, "");
        for (String name : ex.split(",")) {
            if (!name.isBlank()) {
                b.exclude(name.trim());
            }
        }
        String pin = props.getProperty(PIN_PROPERTY, "");
        for (String pair : pin.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigurationException(PIN_PROPERTY + ": '" + pair.trim()
                        + "' is not ALGORITHM=provider (example: Ed25519=bc-classical)");
            }
            Algorithm alg;
            try {
                alg = CryptoRegistry.algorithmNamed(pair.substring(0, eq).trim());
            } catch (UnsupportedAlgorithmException e) {
                throw new ConfigurationException(PIN_PROPERTY + ": " + e.getMessage(), e);
            }
            b.pin(alg, pair.substring(eq + 1).trim());
        }
        String profile = props.getProperty(Profile.PROPERTY);
        if (profile != null) {
            Profile.parse(profile, Profile.PROPERTY).ifPresent(b::profile);
        }
        String allow = props.getProperty(ALLOW_PROPERTY, "");
        for (String name : allow.split(",")) {
            if (!name.isBlank() && !name.trim().equals(ANY_PROVIDER)) {
                b.allow(name.trim());
            }
        }
        return b.build();
    }

    /** Pinned provider per algorithm. */
    public Map<Algorithm, String> pins() {
        return pins;
    }

    /** Excluded provider names. */
    public Set<String> excluded() {
        return excluded;
    }

    /**
     * The trust policy: the provider names that may be selected ({@value #QSAFE_PROVIDERS} for all of
     * qsafe's own), or empty for any provider that passes its self-tests.
     */
    public Set<String> allowed() {
        return allowed;
    }

    /**
     * The policy profile every engine the registry hands out is subject to ({@link Profile}), if any.
     *
     * @since 0.4.0
     */
    public Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * This configuration with {@code profile} (or none, for {@code null}) in place of its own.
     *
     * @since 0.4.0
     */
    public RegistryConfig withProfile(Profile profile) {
        Builder b = newBuilder();
        b.pins.putAll(pins);
        b.excluded.addAll(excluded);
        b.allowed.addAll(allowed);
        b.profile = profile;
        return b.build();
    }

    /** Whether the trust policy lets {@code provider} be selected ({@code builtIn}: it is one of qsafe's own). */
    public boolean allows(String provider, boolean builtIn) {
        return allowed.isEmpty() || allowed.contains(provider) || (builtIn && allowed.contains(QSAFE_PROVIDERS));
    }

    @Override
    public String toString() {
        return "RegistryConfig[pins=" + pins + ", excluded=" + excluded
                + ", allowed=" + (allowed.isEmpty() ? ANY_PROVIDER : allowed)
                + (profile == null ? "" : ", profile=" + profile.id()) + "]";
    }

    /** Builds a {@link RegistryConfig}; each setter validates at once. */
    public static final class Builder {
        private final Map<Algorithm, String> pins = new LinkedHashMap<>();
        private final Set<String> excluded = new LinkedHashSet<>();
        private final Set<String> allowed = new LinkedHashSet<>();
        private Profile profile;

        private Builder() {
        }

        /**
         * Subjects every engine the registry hands out to {@code profile}.
         *
         * @throws ConfigurationException if a profile is already set
         * @since 0.4.0
         */
        public Builder profile(Profile profile) {
            java.util.Objects.requireNonNull(profile, "profile");
            if (this.profile != null) {
                throw new ConfigurationException("profile: already set to " + this.profile.id() + ", cannot also be " + profile.id());
            }
            this.profile = profile;
            return this;
        }

        /**
         * Adds {@code provider} to the allow-list: once the list has an entry, only the providers on it may
         * be selected. {@value #QSAFE_PROVIDERS} allows all of qsafe's own providers.
         *
         * @throws ConfigurationException if the name is empty
         */
        public Builder allow(String provider) {
            requireName(provider, "allowed provider");
            allowed.add(provider);
            return this;
        }

        /**
         * Uses only {@code provider} for {@code algorithm}.
         *
         * @throws ConfigurationException if the algorithm is already pinned or the provider excluded
         */
        public Builder pin(Algorithm algorithm, String provider) {
            requireName(provider, "pinned provider");
            if (pins.containsKey(algorithm)) {
                throw new ConfigurationException("pin: " + algorithm + " is already pinned to '" + pins.get(algorithm) + "'");
            }
            if (excluded.contains(provider)) {
                throw new ConfigurationException("pin: provider '" + provider + "' is excluded and cannot be pinned");
            }
            pins.put(algorithm, provider);
            return this;
        }

        /**
         * Never uses {@code provider}.
         *
         * @throws ConfigurationException if the provider is pinned for an algorithm
         */
        public Builder exclude(String provider) {
            requireName(provider, "excluded provider");
            if (pins.containsValue(provider)) {
                throw new ConfigurationException("exclude: provider '" + provider + "' is pinned and cannot be excluded");
            }
            excluded.add(provider);
            return this;
        }

        /** The configuration. */
        public RegistryConfig build() {
            return new RegistryConfig(this);
        }

        private static void requireName(String provider, String what) {
            if (provider == null || provider.isBlank()) {
                throw new ConfigurationException(what + " name is empty");
            }
        }
    }
}
