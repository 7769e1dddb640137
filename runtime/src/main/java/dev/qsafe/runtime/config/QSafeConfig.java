package dev.qsafe.runtime.config;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.Profile;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Everything that can be configured without changing code: the default mode, the suite used for new
 * messages in each mode, pinned and excluded providers, the policy, and the maximum message size.
 * Immutable; build with {@link #newBuilder()}, read a JSON file with {@link #load(Path)}, or take the
 * file named by {@value #CONFIG_PROPERTY} plus system-property overrides with {@link #fromSystem()}.
 *
 * <p>The file (every field optional; unknown and repeated fields are errors):
 * <pre>{@code
 * {
 *   "defaultMode": "hybrid",
 *   "profile": "hybrid-min",
 *   "suites": { "classical": "classical-v1", "hybrid": "hybrid-v1",
 *               "pqc": { "name": "pqc-768-v1", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
 *                        "aead": "AES-256-GCM", "kdf": "HKDF-SHA256" } },
 *   "providers": { "pin": { "Ed25519": "jdk-classical" }, "exclude": [ "bc-pqc" ], "allow": [ "qsafe" ] },
 *   "policy": { "allowedAlgorithms": [ "X-Wing", "ML-KEM-1024" ], "minNistCategory": 3 },
 *   "maxMessageBytes": 67108864,
 *   "adaptive": { "floor": "hybrid", "network": { "bandwidthMbps": 50, "metered": false } },
 *   "cache": { "enabled": true,
 *              "publicKeys": { "maxBytes": 2097152, "ttlSeconds": 3600 },
 *              "identities": { "maxBytes": 2097152, "ttlSeconds": 3600 },
 *              "signatures": { "maxBytes": 1048576, "ttlSeconds": 600 },
 *              "hpkeSecrets": { "enabled": false, "maxBytes": 262144, "ttlSeconds": 60 } },
 *   "pool": { "enabled": true, "maxBytes": 4194304, "maxBufferBytes": 1048576 },
 *   "batch": { "executor": "virtual", "parallelism": 2, "timeoutMillis": 300000 },
 *   "metrics": { "enabled": true }
 * }
 * }</pre>
 * The {@code "adaptive"} section belongs to the {@code dev.qsafe.adaptive} module (docs/ADAPTIVE.md): this class
 * only keeps it, with the {@code qsafe.adaptive.*} system properties, for that module to read through
 * {@link #section(String)} and {@link #sectionProperties(String)}, so that the runtime never loads it.
 * The last four sections are {@link RuntimeSettings} (documented there and in {@code docs/RUNTIME.md});
 * each of their fields can also be set with the system property {@code qsafe.<field>}, e.g.
 * {@code -Dqsafe.cache.enabled=false} or {@code -Dqsafe.batch.executor=fixed}.
 * System properties override the file: {@code qsafe.mode}, {@code qsafe.suite.classical|hybrid|pqc}
 * (a built-in suite name), {@code qsafe.policy.allowedAlgorithms} (comma-separated),
 * {@code qsafe.policy.minNistCategory}, {@code qsafe.profile} (a {@linkplain Profile policy profile}, or
 * {@code none}), {@code qsafe.maxMessageBytes}, {@code qsafe.adaptive.floor} and
 * {@code qsafe.adaptive.preferred} (kept for the adaptive module, see above), and the provider properties of
 * {@link RegistryConfig}.
 *
 * @since 0.1.0
 */
public final class QSafeConfig {
    /** System property naming a JSON configuration file. */
    public static final String CONFIG_PROPERTY = "qsafe.config";
    /** Default maximum message size: 64 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L * 1024 * 1024;
    /**
     * Top-level sections of the file that other modules own: kept as read, never interpreted here
     * ({@code "adaptive"}: the {@code dev.qsafe.adaptive} module).
     */
    public static final Set<String> MODULE_SECTIONS = Set.of("adaptive");
    /** Largest accepted maximum message size (2 GiB minus headroom for the envelope). */
    public static final long MAX_MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 1024 * 1024;
    private static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final Set<String> TOP_FIELDS = topFields();
    /**
     * The mapper for configuration files, built when a file is first read (a holder class: building a
     * mapper costs tens of milliseconds in a fresh JVM, which a command without a file never pays).
     */
    private static final class Json {
        /** Rejects a repeated key rather than keeping the last: a second "policy" must not replace the first unseen. */
        static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    private final CryptoMode defaultMode;
    private final Map<CryptoMode, Suite> suites;
    /** The suites set explicitly (file, property, builder); the others follow the profile. */
    private final Map<CryptoMode, Suite> explicitSuites;
    /** Whether the default mode was set explicitly; if not, it follows the profile. */
    private final boolean defaultModeSet;
    private final RegistryConfig providers;
    private final Policy policy;
    private final long maxMessageBytes;
    private final RuntimeSettings runtime;
    private final Map<String, JsonNode> sections;
    private final Map<String, String> sectionProperties;
    private final Path source;
    private final List<String> relaxations;

    private static Set<String> topFields() {
        Set<String> s = new LinkedHashSet<>(Set.of("defaultMode", "profile", "suites", "providers", "policy", "maxMessageBytes"));
        s.addAll(MODULE_SECTIONS);
        s.addAll(RuntimeSettingsParser.SECTIONS);
        return Set.copyOf(s);
    }

    private QSafeConfig(Builder b) {
        Optional<Profile> profile = b.providers.profile();
        EnumMap<CryptoMode, Suite> s = new EnumMap<>(CryptoMode.class);
        for (CryptoMode m : CryptoMode.values()) {
            s.put(m, b.suites.containsKey(m) ? b.suites.get(m) : defaultSuite(m, profile));
        }
        this.suites = Map.copyOf(s);
        this.explicitSuites = Map.copyOf(b.suites);
        this.defaultModeSet = b.defaultModeSet;
        this.defaultMode = b.defaultModeSet ? b.defaultMode : defaultMode(b.defaultMode, s, profile);
        this.providers = b.providers;
        this.policy = b.policy;
        this.maxMessageBytes = b.maxMessageBytes;
        this.runtime = b.runtime;
        this.sections = Map.copyOf(b.sections);
        this.sectionProperties = Map.copyOf(b.sectionProperties);
        this.source = b.source;
        this.relaxations = List.copyOf(b.relaxations);
    }

    /**
     * The suite of {@code mode} when none is configured: {@link Suite#defaultFor}, or under a profile that
     * refuses it the first built-in suite of the mode the profile admits whole ({@code cnsa2}: {@link
     * Suite#PQC_CNSA2}); the mode's default suite again if there is none (the profile then refuses the mode).
     */
    private static Suite defaultSuite(CryptoMode mode, Optional<Profile> profile) {
        Suite d = Suite.defaultFor(mode);
        if (profile.isEmpty() || admits(profile.get(), d)) {
            return d;
        }
        return Suite.builtIn().stream().filter(x -> x.mode() == mode && admits(profile.get(), x)).findFirst().orElse(d);
    }

    /**
     * The default mode when none is configured: {@code fallback} (HYBRID), or under a profile that refuses its
     * suite the first of HYBRID, PQC, CLASSICAL whose suite the profile admits ({@code cnsa2}, {@code fips}: PQC).
     */
    private static CryptoMode defaultMode(CryptoMode fallback, Map<CryptoMode, Suite> suites, Optional<Profile> profile) {
        if (profile.isEmpty() || admits(profile.get(), suites.get(fallback))) {
            return fallback;
        }
        return java.util.stream.Stream.of(CryptoMode.HYBRID, CryptoMode.PQC, CryptoMode.CLASSICAL)
                .filter(m -> admits(profile.get(), suites.get(m))).findFirst().orElse(fallback);
    }

    private static boolean admits(Profile profile, Suite suite) {
        return suite.algorithms().stream().allMatch(a -> profile.refusal(a).isEmpty());
    }

    /** The defaults: HYBRID, the built-in suites, no pins, a permissive policy, 64 MiB. */
    public static QSafeConfig defaults() {
        return newBuilder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * The file named by {@value #CONFIG_PROPERTY} (if set) with system-property overrides.
     *
     * @throws ConfigurationException naming the file, field or property that is wrong
     */
    public static QSafeConfig fromSystem() {
        return fromProperties(System.getProperties());
    }

    /** Like {@link #fromSystem()}, from the given properties. */
    public static QSafeConfig fromProperties(Properties props) {
        String file = props.getProperty(CONFIG_PROPERTY);
        QSafeConfig base = file == null || file.isBlank() ? defaults() : load(Path.of(file));
        Builder b = base.toBuilder();
        b.overrideFrom(props);
        QSafeConfig c = b.build();
        List<String> relaxed = relaxations(base, c);
        if (relaxed.isEmpty()) {
            return c;
        }
        String over = file == null || file.isBlank() ? "the defaults" : file;
        b.relaxations = relaxed.stream().map(r -> r + " (system properties over " + over + ")").toList();
        return b.build();
    }

    /**
     * What overrides made weaker than the configuration they were applied to, one line per setting
     * (empty if nothing): set by {@link #fromProperties} when system properties relax the file (or the
     * defaults). Callers that combine configurations themselves use {@link #relaxations(QSafeConfig,
     * QSafeConfig)}. The {@code qsafe} command reports these once on its error stream and in
     * {@code qsafe status}.
     */
    public List<String> relaxations() {
        return relaxations;
    }

    /**
     * How {@code relaxed} is weaker than {@code stricter}, one line per setting: a lower
     * {@code policy.minNistCategory}, algorithms allowed that {@code policy.allowedAlgorithms} did not
     * allow, a provider no longer excluded, a suite of a lower NIST category for a mode, a larger
     * {@code maxMessageBytes}, the HPKE secret cache switched on, or own identities (private keys) kept
     * longer. Changes in the other direction, and changes that are neither (another pin), are not listed.
     */
    public static List<String> relaxations(QSafeConfig stricter, QSafeConfig relaxed) {
        List<String> out = new java.util.ArrayList<>();
        if (stricter.profile().isPresent() && !stricter.profile().equals(relaxed.profile())) {
            out.add("profile " + stricter.profile().get().id() + " -> " + relaxed.profile().map(Profile::id).orElse(Profile.NONE));
        }
        Policy s = stricter.policy();
        Policy r = relaxed.policy();
        if (r.minNistCategory() < s.minNistCategory()) {
            out.add("policy.minNistCategory " + s.minNistCategory() + " -> " + r.minNistCategory());
        }
        if (!s.allowedAlgorithms().isEmpty()) {
            if (r.allowedAlgorithms().isEmpty()) {
                out.add("policy.allowedAlgorithms " + names(s.allowedAlgorithms()) + " -> every algorithm");
            } else if (!s.allowedAlgorithms().containsAll(r.allowedAlgorithms())) {
                Set<Algorithm> added = new LinkedHashSet<>(r.allowedAlgorithms());
                added.removeAll(s.allowedAlgorithms());
                out.add("policy.allowedAlgorithms also allows " + names(added));
            }
        }
        Set<String> unexcluded = new java.util.TreeSet<>(stricter.providers().excluded());
        unexcluded.removeAll(relaxed.providers().excluded());
        if (!unexcluded.isEmpty()) {
            out.add("providers.exclude no longer excludes " + unexcluded);
        }
        Set<String> strictAllow = stricter.providers().allowed();
        Set<String> relaxedAllow = relaxed.providers().allowed();
        if (!strictAllow.isEmpty()) { // an empty allow-list allows any provider
            Set<String> widened = new java.util.TreeSet<>(relaxedAllow);
            widened.removeAll(strictAllow);
            if (relaxedAllow.isEmpty()) {
                out.add("providers.allow " + new java.util.TreeSet<>(strictAllow) + " -> any provider");
            } else if (!widened.isEmpty()) {
                out.add("providers.allow also allows " + widened);
            }
        }
        for (CryptoMode m : CryptoMode.values()) {
            Suite a = stricter.suite(m);
            Suite b = relaxed.suite(m);
            if (category(b) < category(a)) {
                out.add("suites." + m.name().toLowerCase(Locale.ROOT) + " " + a.name() + " (NIST category " + category(a) + ") -> "
                        + b.name() + " (category " + category(b) + ")");
            }
        }
        if (relaxed.maxMessageBytes() > stricter.maxMessageBytes()) {
            out.add("maxMessageBytes " + stricter.maxMessageBytes() + " -> " + relaxed.maxMessageBytes());
        }
        RuntimeSettings rs = stricter.runtime();
        RuntimeSettings rr = relaxed.runtime();
        if (rr.cachesEnabled() && rr.hpkeSecretsEnabled() && !(rs.cachesEnabled() && rs.hpkeSecretsEnabled())) {
            out.add("cache.hpkeSecrets.enabled false -> true (KEM shared secrets kept in memory)");
        }
        if (rs.cachesEnabled() && rr.cachesEnabled() && rr.identitiesTtl().compareTo(rs.identitiesTtl()) > 0) {
            out.add("cache.identities.ttlSeconds " + rs.identitiesTtl().toSeconds() + " -> " + rr.identitiesTtl().toSeconds()
                    + " (private keys kept longer)");
        }
        return List.copyOf(out);
    }

    /** The lowest NIST category of a suite's KEM, signature and AEAD (what the policy's minimum applies to). */
    private static int category(Suite suite) {
        return Math.min(suite.kem().nistCategory(), Math.min(suite.signature().nistCategory(), suite.aead().nistCategory()));
    }

    private static List<String> names(Set<Algorithm> algorithms) {
        return algorithms.stream().map(Algorithm::name).sorted().toList();
    }

    /**
     * Reads a JSON configuration file (at most 1 MiB).
     *
     * @throws ConfigurationException naming the file and the field that is wrong, or why it cannot be read
     */
    public static QSafeConfig load(Path file) {
        JsonNode root;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigurationException(file + ": configuration file is " + size + " bytes, more than the 1 MiB limit");
            }
            try (InputStream in = Files.newInputStream(file)) {
                root = Json.MAPPER.readTree(in.readNBytes((int) MAX_FILE_BYTES + 1));
            }
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read the configuration file: " + e.getMessage(), e);
        } catch (JacksonException e) {
            // Where, never what: Jackson's message quotes the offending token, which could be a secret
            // from a file given by mistake; the exception is not chained for the same reason.
            throw new ConfigurationException(file + ": not valid JSON" + where(e));
        }
        try {
            Builder b = parse(root).toBuilder();
            b.source = file;
            return b.build();
        } catch (ConfigurationException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
    }

    /** " at line L, column C" of a JSON syntax error (or its limit message), without the text found there. */
    private static String where(JacksonException e) {
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
            return " (" + e.getOriginalMessage() + ")";
        }
        tools.jackson.core.TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        // A repeated setting is named (a field name, not a value): a second "policy" must not pass unseen.
        String m = e.getOriginalMessage();
        java.util.regex.Matcher dup = m == null ? null : DUPLICATE.matcher(m);
        return dup != null && dup.lookingAt() && dup.group(1).length() <= 64
                ? where + ": duplicate field \"" + dup.group(1) + "\"" : where;
    }

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate Object property \"([A-Za-z0-9_.]*)\"");

    /** Parses a configuration document; errors name the field. */
    static QSafeConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ConfigurationException("the configuration must be a JSON object");
        }
        unknownFields(root, TOP_FIELDS, "");
        Builder b = newBuilder();
        JsonNode mode = root.get("defaultMode");
        if (mode != null) {
            b.defaultMode(mode(text(mode, "defaultMode"), "defaultMode"));
        }
        JsonNode suites = root.get("suites");
        if (suites != null) {
            requireObject(suites, "suites");
            Map<CryptoMode, String> seen = new EnumMap<>(CryptoMode.class);
            for (Map.Entry<String, JsonNode> e : suites.properties()) {
                String field = "suites." + e.getKey();
                CryptoMode m = mode(e.getKey(), field);
                String earlier = seen.putIfAbsent(m, field);
                if (earlier != null) {
                    throw new ConfigurationException(field + ": mode " + m + " already has a suite, in " + earlier
                            + " (quantum and pq are aliases of pqc)");
                }
                b.suite(suite(e.getValue(), m, field));
            }
        }
        JsonNode providers = root.get("providers");
        if (providers != null) {
            requireObject(providers, "providers");
            unknownFields(providers, Set.of("pin", "exclude", "allow"), "providers.");
            RegistryConfig.Builder rc = RegistryConfig.newBuilder();
            JsonNode pin = providers.get("pin");
            if (pin != null) {
                requireObject(pin, "providers.pin");
                for (Map.Entry<String, JsonNode> e : pin.properties()) {
                    String field = "providers.pin." + e.getKey();
                    rc.pin(algorithm(e.getKey(), field), text(e.getValue(), field));
                }
            }
            JsonNode exclude = providers.get("exclude");
            if (exclude != null) {
                for (String name : strings(exclude, "providers.exclude")) {
                    rc.exclude(name);
                }
            }
            JsonNode allow = providers.get("allow");
            if (allow != null) {
                for (String name : strings(allow, "providers.allow")) {
                    if (!name.equals(RegistryConfig.ANY_PROVIDER)) {
                        rc.allow(name);
                    }
                }
            }
            b.providers(rc.build());
        }
        JsonNode profile = root.get("profile");
        if (profile != null) {
            b.providers(b.providers.withProfile(Profile.parse(text(profile, "profile"), "profile").orElse(null)));
        }
        JsonNode policy = root.get("policy");
        if (policy != null) {
            requireObject(policy, "policy");
            unknownFields(policy, Set.of("allowedAlgorithms", "minNistCategory"), "policy.");
            Set<Algorithm> allowed = new LinkedHashSet<>();
            JsonNode a = policy.get("allowedAlgorithms");
            if (a != null) {
                for (String name : strings(a, "policy.allowedAlgorithms")) {
                    allowed.add(algorithm(name, "policy.allowedAlgorithms"));
                }
            }
            int min = 0;
            JsonNode m = policy.get("minNistCategory");
            if (m != null) {
                if (!m.isInt() || m.asInt() < 0 || m.asInt() > 5) {
                    throw new ConfigurationException("policy.minNistCategory must be an integer 0..5, got " + m);
                }
                min = m.asInt();
            }
            b.policy(new Policy(allowed, min));
        }
        JsonNode max = root.get("maxMessageBytes");
        if (max != null) {
            if (!max.isIntegralNumber() || !max.canConvertToLong()) { // 1.5 or 1e3 would be truncated silently
                throw new ConfigurationException("maxMessageBytes must be an integer, got " + max);
            }
            b.maxMessageBytes(max.asLong(), "maxMessageBytes");
        }
        for (String section : MODULE_SECTIONS) {
            JsonNode n = root.get(section);
            if (n != null) {
                b.sections.put(section, n.deepCopy());
            }
        }
        b.runtime(RuntimeSettingsParser.fromJson(root, b.runtime));
        return b.build();
    }

    private static Suite suite(JsonNode node, CryptoMode mode, String field) {
        if (node.isString()) {
            Suite s = Suite.builtIn(node.asString()).orElseThrow(() -> new ConfigurationException(field + ": unknown suite '"
                    + node.asString() + "'; built-in suites: " + Suite.builtIn().stream().map(Suite::name).toList()
                    + " (or define one as an object with name, kem, signature, aead, kdf)"));
            if (s.mode() != mode) {
                throw new ConfigurationException(field + ": suite " + s.name() + " belongs to mode " + s.mode());
            }
            return s;
        }
        requireObject(node, field);
        unknownFields(node, Set.of("name", "kem", "signature", "aead", "kdf"), field + ".");
        try {
            return new Suite(text(node.get("name"), field + ".name"), mode,
                    algorithm(text(node.get("kem"), field + ".kem"), field + ".kem"),
                    algorithm(text(node.get("signature"), field + ".signature"), field + ".signature"),
                    algorithm(text(node.get("aead"), field + ".aead"), field + ".aead"),
                    algorithm(text(node.get("kdf"), field + ".kdf"), field + ".kdf"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(field + ": " + e.getMessage(), e);
        }
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new ConfigurationException(prefix + name + ": unknown setting; known: " + known.stream().sorted().toList());
            }
        }
    }

    private static void requireObject(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new ConfigurationException(field + " must be a JSON object");
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw new ConfigurationException(field + " must be a non-empty string");
        }
        return node.asString();
    }

    private static Set<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new ConfigurationException(field + " must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : node) {
            out.add(text(n, field + "[]"));
        }
        return out;
    }

    private static CryptoMode mode(String name, String field) {
        try {
            return CryptoMode.parse(name);
        } catch (InvalidInputException e) {
            throw new ConfigurationException(field + ": " + e.getMessage(), e);
        }
    }

    private static Algorithm algorithm(String name, String field) {
        try {
            return CryptoRegistry.algorithmNamed(name);
        } catch (QSafeException e) {
            throw new ConfigurationException(field + ": " + e.getMessage(), e);
        }
    }

    /** The mode used when none is given. */
    public CryptoMode defaultMode() {
        return defaultMode;
    }

    /** The suite new identities and messages of {@code mode} use. */
    public Suite suite(CryptoMode mode) {
        return suites.get(Objects.requireNonNull(mode, "mode"));
    }

    /** Pinned and excluded providers. */
    public RegistryConfig providers() {
        return providers;
    }

    /** What may be used. */
    public Policy policy() {
        return policy;
    }

    /**
     * The policy profile, if any: the registry this configuration builds ({@link #providers()}) refuses every
     * algorithm the profile does not admit, at key generation and import, seal, open, sign and verify.
     *
     * @since 0.4.0
     */
    public Optional<Profile> profile() {
        return providers.profile();
    }

    /**
     * This configuration under the policy profile {@code name} ({@code cnsa2}, {@code fips}, {@code hybrid-min},
     * or {@code none}), e.g. {@code QSafeConfig.defaults().withProfile("hybrid-min")}.
     *
     * @throws ConfigurationException listing the profiles if {@code name} is none of them
     * @since 0.4.0
     */
    public QSafeConfig withProfile(String name) {
        return toBuilder().profile(Profile.parse(name, "profile").orElse(null)).build();
    }

    /** The largest message that may be sealed or opened, in bytes. */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * A section of the file that another module owns (one of {@link #MODULE_SECTIONS}), as read and not
     * checked here: the owning module parses it and reports an invalid one as a {@link ConfigurationException}.
     *
     * @return a copy of the section, or empty when the file has none (or there is no file)
     * @throws IllegalArgumentException if {@code name} is not one of {@link #MODULE_SECTIONS}
     */
    public Optional<JsonNode> section(String name) {
        moduleSection(name);
        return Optional.ofNullable(sections.get(name)).map(JsonNode::deepCopy);
    }

    /**
     * The system properties {@code qsafe.<name>.*} that {@link #fromProperties(Properties)} was given for
     * a section another module owns, by full property name; empty for a configuration built otherwise.
     *
     * @throws IllegalArgumentException if {@code name} is not one of {@link #MODULE_SECTIONS}
     */
    public Map<String, String> sectionProperties(String name) {
        String prefix = "qsafe." + moduleSection(name) + ".";
        Map<String, String> out = new TreeMap<>();
        sectionProperties.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The file this configuration was read from ({@link #load(Path)}, {@value #CONFIG_PROPERTY}), if any. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    private static String moduleSection(String name) {
        if (!MODULE_SECTIONS.contains(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("'" + name + "' is not a section another module owns; those are "
                    + MODULE_SECTIONS.stream().sorted().toList());
        }
        return name;
    }

    /** Caches, buffer pool, batch executor and metrics (the {@code cache}, {@code pool}, {@code batch}, {@code metrics} sections). */
    public RuntimeSettings runtime() {
        return runtime;
    }

    /** A builder with this configuration's values. */
    public Builder toBuilder() {
        Builder b = newBuilder().providers(providers).policy(policy).runtime(runtime);
        if (defaultModeSet) {
            b.defaultMode(defaultMode);
        }
        b.maxMessageBytes = maxMessageBytes;
        b.suites.putAll(explicitSuites);
        b.sections.putAll(sections);
        b.sectionProperties.putAll(sectionProperties);
        b.source = source;
        return b;
    }

    @Override
    public String toString() {
        return "QSafeConfig[defaultMode=" + defaultMode + ", suites=" + suites.values().stream().map(Suite::name).toList()
                + ", providers=" + providers + ", policy=" + policy + ", maxMessageBytes=" + maxMessageBytes + ", runtime=" + runtime + "]";
    }

    /** Builds a {@link QSafeConfig}; setters validate at once. */
    public static final class Builder {
        private CryptoMode defaultMode = CryptoMode.HYBRID;
        private boolean defaultModeSet;
        private final Map<CryptoMode, Suite> suites = new EnumMap<>(CryptoMode.class);
        private RegistryConfig providers = RegistryConfig.defaults();
        private Policy policy = Policy.PERMISSIVE;
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private RuntimeSettings runtime = RuntimeSettings.defaults();
        // Kept for the modules that own them; never read here.
        private final Map<String, JsonNode> sections = new java.util.HashMap<>();
        private final Map<String, String> sectionProperties = new java.util.HashMap<>();
        private Path source;
        private List<String> relaxations = List.of();

        private Builder() {
        }

        /** Caches, buffer pool, batch executor and metrics. */
        public Builder runtime(RuntimeSettings runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /** The mode used when none is given. */
        public Builder defaultMode(CryptoMode mode) {
            this.defaultMode = Objects.requireNonNull(mode, "mode");
            this.defaultModeSet = true;
            return this;
        }

        /** The suite for new messages and identities of the suite's mode. */
        public Builder suite(Suite suite) {
            suites.put(suite.mode(), suite);
            return this;
        }

        /** Pinned and excluded providers. */
        public Builder providers(RegistryConfig providers) {
            this.providers = Objects.requireNonNull(providers, "providers");
            return this;
        }

        /**
         * The policy profile ({@code null}: none), kept in the {@linkplain #providers(RegistryConfig) provider
         * configuration}, where the registry applies it; set it after {@code providers}.
         *
         * @since 0.4.0
         */
        public Builder profile(Profile profile) {
            this.providers = providers.withProfile(profile);
            return this;
        }

        /** What may be used. */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The largest message that may be sealed or opened.
         *
         * @throws ConfigurationException if not in 1 .. {@value QSafeConfig#MAX_MAX_MESSAGE_BYTES}
         */
        public Builder maxMessageBytes(long bytes) {
            return maxMessageBytes(bytes, "maxMessageBytes");
        }

        private Builder maxMessageBytes(long bytes, String field) {
            if (bytes < 1 || bytes > MAX_MAX_MESSAGE_BYTES) {
                throw new ConfigurationException(field + " must be 1.." + MAX_MAX_MESSAGE_BYTES + ", got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        private void overrideFrom(Properties p) {
            for (String name : p.stringPropertyNames()) {
                for (String section : MODULE_SECTIONS) {
                    if (name.startsWith("qsafe." + section + ".")) {
                        sectionProperties.put(name, p.getProperty(name));
                    }
                }
            }
            runtime = RuntimeSettingsParser.fromProperties(p, runtime);
            String mode = p.getProperty("qsafe.mode");
            if (mode != null) {
                defaultMode(mode(mode, "qsafe.mode"));
            }
            for (CryptoMode m : CryptoMode.values()) {
                String key = "qsafe.suite." + m.name().toLowerCase(Locale.ROOT);
                String name = p.getProperty(key);
                if (name != null) {
                    suite(QSafeConfig.suite(JsonNodeFactory.instance.stringNode(name), m, key));
                }
            }
            RegistryConfig fromProps = RegistryConfig.fromProperties(p);
            // an explicit qsafe.provider.allow=* counts too: it widens the file's allow-list to any provider
            boolean profileSet = p.getProperty(Profile.PROPERTY) != null;
            if (!fromProps.pins().isEmpty() || !fromProps.excluded().isEmpty() || !fromProps.allowed().isEmpty()
                    || p.getProperty(RegistryConfig.ALLOW_PROPERTY) != null) {
                // the file's profile stays unless the property names another (or none)
                providers(profileSet ? fromProps : fromProps.withProfile(providers.profile().orElse(null)));
            } else if (profileSet) {
                providers(providers.withProfile(fromProps.profile().orElse(null)));
            }
            String allowed = p.getProperty("qsafe.policy.allowedAlgorithms");
            String min = p.getProperty("qsafe.policy.minNistCategory");
            if (allowed != null || min != null) {
                Set<Algorithm> algs = new LinkedHashSet<>(policy.allowedAlgorithms());
                if (allowed != null) {
                    algs.clear();
                    for (String a : allowed.split(",")) {
                        if (!a.isBlank()) {
                            algs.add(algorithm(a.trim(), "qsafe.policy.allowedAlgorithms"));
                        }
                    }
                }
                int category = policy.minNistCategory();
                if (min != null) {
                    try {
                        category = Integer.parseInt(min.trim());
                        policy(new Policy(algs, category));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigurationException("qsafe.policy.minNistCategory must be an integer 0..5, got '" + min + "'", e);
                    }
                } else {
                    policy(new Policy(algs, category));
                }
            }
            String max = p.getProperty("qsafe.maxMessageBytes");
            if (max != null) {
                try {
                    maxMessageBytes(Long.parseLong(max.trim()), "qsafe.maxMessageBytes");
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("qsafe.maxMessageBytes must be an integer, got '" + max + "'", e);
                }
            }
        }

        /** The configuration. */
        public QSafeConfig build() {

            return new QSafeConfig(this);
        }
    }
}
