package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.spi.EngineLookup;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.PasswordKdfSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.api.spi.XofSpi;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers found with {@link ServiceLoader} and, per algorithm, the engine to use.
 *
 * <p>Selection: among the {@linkplain ProviderStatus.State#ACTIVE active} providers that implement an
 * algorithm, the highest weight is tried first (ties: the provider name in alphabetical order, so the
 * choice is stable). If creating its engine fails, the next is tried and every failure is attached to
 * the final error with {@link Throwable#addSuppressed}. A provider pinned by {@link RegistryConfig} is
 * the only candidate for its algorithm; an excluded provider is never used. With no engine an
 * algorithm fails closed with {@link UnsupportedAlgorithmException} naming what was tried.
 *
 * <p>A provider that cannot be instantiated or queried is reported as
 * {@linkplain ProviderStatus.State#FAILED failed} and skipped; discovery goes on. The final order is
 * logged through {@link System.Logger} at DEBUG level. Instances are immutable and thread-safe; engines
 * are created once per algorithm and provider and reused. Engines are handed out as the SPI type the
 * provider implements (a {@link KemSpi} is a {@link dev.qsafe.api.Kem}), so no caller casts.
 *
 * <p>Trust (docs/PROVIDERS.md, "Trust"): provider names are bound to their code. The names of qsafe's
 * own providers ({@link #BUILT_IN_PROVIDERS}) belong to their modules, and any other provider claiming
 * one is refused; a name two providers claim is refused for both, never resolved by path order. Weights
 * must lie in 0..{@value #MAX_WEIGHT}. The trust policy ({@link RegistryConfig#allowed()}) says which
 * providers may be selected at all, and a third-party provider that outranks one of qsafe's is reported
 * ({@link #notices()}) and logged once. Every engine is handed out behind the registry's input checks
 * (public-key validity for Ed25519 and X25519, in every algorithm that has such a key) and only after it
 * has passed the known-answer self-test of its algorithm; an engine that fails is not selectable (the
 * next candidate is tried, a pinned algorithm fails closed naming it). Self-tests run lazily, for the
 * algorithm asked for, once per engine class and process; {@link #selection(Algorithm)} reports the engine
 * actually used.
 *
 * <p>Availability is asked lazily (docs/PROVIDERS.md, "Discovery is lazy"): discovery instantiates every
 * provider and reads its name, description, algorithms and weights, which must be cheap, but asks a
 * provider's {@link CryptoProvider#availability() availability} (which may load a native library or build
 * a JCA provider) only when the registry needs to know it: when an engine of one of its algorithms is
 * resolved and it is the next candidate by weight, or when a report asks for it ({@link #providers()},
 * {@link #notices()}, {@link #selection(Algorithm)}, {@link #providersOf(Algorithm)}). A candidate ranked
 * below the engine that was selected is not asked until a report or a fallback needs it. The choice is
 * the same as if every provider had been asked first: the available candidate of highest weight whose
 * engine passes its self-test.
 *
 * @since 0.1.0
 */
public final class CryptoRegistry {
    private static final System.Logger LOG = System.getLogger(CryptoRegistry.class.getName());

    /**
     * qsafe's own providers: name to {@code module/provider class}. Only that class, from that module (in
     * the runtime's module layer; on the class path, from the runtime's class loader), may use the name.
     */
    public static final Map<String, String> BUILT_IN_PROVIDERS = Map.of(
            "jdk-classical", "dev.qsafe.provider.classical/dev.qsafe.provider.classical.internal.JdkClassicalProvider",
            "bc-classical", "dev.qsafe.provider.classical/dev.qsafe.provider.classical.internal.BcClassicalProvider",
            "bc-pqc", "dev.qsafe.provider.pqc/dev.qsafe.provider.pqc.internal.BcPqcProvider",
            "jdk-pqc", "dev.qsafe.provider.pqc/dev.qsafe.provider.pqc.internal.JdkPqcProvider",
            "hybrid", "dev.qsafe.provider.hybrid/dev.qsafe.provider.hybrid.internal.HybridProvider",
            "conscrypt", "dev.qsafe.provider.hwaccel/dev.qsafe.provider.hwaccel.internal.ConscryptProvider",
            "accp", "dev.qsafe.provider.hwaccel/dev.qsafe.provider.hwaccel.internal.AccpProvider");

    /** The largest weight a provider may give an algorithm (weights are 0 to this). */
    public static final int MAX_WEIGHT = 10_000;

    /** Notices already logged in this process (each is logged once). */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    /** Self-tests passed in this process, per provider class, name and algorithm. */
    private static final Map<String, String> SELF_TESTS = new ConcurrentHashMap<>();
    private static final String PASSED = "";

    private final RegistryConfig config;
    /**
     * Every provider's status in discovery order; the entry of a provider whose availability has not been
     * asked yet is provisional ({@link ProviderStatus.State#ACTIVE}) until {@link #probe} replaces it.
     */
    private final List<ProviderStatus> statuses;
    /** Providers whose availability has not been asked yet, by name (guarded by itself). */
    private final Map<String, Pending> pending;
    /** Providers whose availability was asked and that are available, by name. */
    private final Map<String, CryptoProvider> active = new ConcurrentHashMap<>();
    /**
     * Candidates by configuration and weight, before availability is asked and before any engine is
     * created (the order in which candidates are tried); a report re-ranks after asking.
     */
    private final Map<Algorithm, Selection> ranked;
    private final EngineLookup lookup = new Lookup();
    /** The selection once the engine actually used is known (after self-tests and fallbacks). */
    private final Map<Algorithm, Resolved> resolved = new ConcurrentHashMap<>();
    /** Algorithms being resolved by the thread holding {@link #resolving}'s lock (cycle guard). */
    private final Set<Algorithm> resolving = new LinkedHashSet<>();
    /** Where discovery looked, in words (for empty registries and missing algorithms). */
    private final String searched;
    /** Engines (guarded, self-tested) by algorithm, then provider name; a failure is kept as {@link Failed}. */
    private final Map<Algorithm, Map<String, Object>> engines = new ConcurrentHashMap<>();

    /**
     * The outcome of resolving one algorithm: the engine and its provider (null if none), and the
     * candidates above it whose engine failed, with the failures.
     */
    private record Resolved(Object engine, String provider, List<Selection.Candidate> failed, List<Throwable> failures) {
    }

    /** A provider that passed discovery's checks and whose availability has not been asked yet. */
    private record Pending(CryptoProvider provider, int index, String module) {
    }

    /** An engine that could not be created or failed its self-test. */
    private record Failed(RuntimeException error) {
    }

    private CryptoRegistry(RegistryConfig config, List<ProviderStatus> statuses, Map<String, Pending> pending,
                           String searched) {
        this.config = config;
        this.searched = searched;
        this.statuses = new java.util.concurrent.CopyOnWriteArrayList<>(statuses);
        this.pending = pending;
        this.ranked = computeSelections();
        if (LOG.isLoggable(Level.DEBUG)) {
            ranked.forEach((alg, sel) -> LOG.log(Level.DEBUG, "qsafe: {0} -> {1}", alg,
                    sel.candidates().stream().map(c -> c.provider() + "(" + c.weight() + ")").toList()));
        }
    }

    /** Discovers providers on the module path and class path, configured by system properties. */
    public static CryptoRegistry discover() {
        return discover(RegistryConfig.fromSystemProperties());
    }

    /** Discovers providers on the module path and class path. */
    public static CryptoRegistry discover(RegistryConfig config) {
        Module runtime = CryptoRegistry.class.getModule();
        String where = runtime.isNamed()
                ? "the module path (the module layer of " + runtime.getName() + " and its parents) and the class path"
                : "the class path (META-INF/services/" + CryptoProvider.class.getName() + " entries) and the module path";
        return fromLoader(ServiceLoader.load(CryptoProvider.class, CryptoRegistry.class.getClassLoader()), config, where);
    }

    /**
     * Discovers providers in {@code layer} and its parents (for example a layer of plug-in modules). A
     * provider on the class path is in no layer: with the runtime on the class path, only the layer's
     * modules are found, and an empty result says so ({@link #searched()}, and a WARNING in the log).
     */
    public static CryptoRegistry discover(ModuleLayer layer, RegistryConfig config) {
        Objects.requireNonNull(layer, "layer");
        StringBuilder where = new StringBuilder("the module layer of ");
        List<String> names = layer.modules().stream().map(Module::getName).sorted().toList();
        where.append(names.size() <= 8 ? names.toString() : names.subList(0, 8) + " and " + (names.size() - 8) + " more");
        where.append(layer == ModuleLayer.boot() ? " (the boot layer)" : " and its parent layers");
        if (!CryptoRegistry.class.getModule().isNamed()) {
            where.append("; not the class path, where the runtime itself runs: use CryptoRegistry.discover(config) for providers there");
        }
        return fromLoader(ServiceLoader.load(layer, CryptoProvider.class), config, where.toString());
    }

    private static CryptoRegistry fromLoader(ServiceLoader<CryptoProvider> loader, RegistryConfig config, String searched) {
        Objects.requireNonNull(config, "config");
        List<ProviderStatus> statuses = new ArrayList<>();
        Map<String, Pending> pending = new LinkedHashMap<>();
        List<Named> named = new ArrayList<>();
        Iterator<ServiceLoader.Provider<CryptoProvider>> it = loader.stream().iterator();
        int errors = 0;
        while (true) {
            ServiceLoader.Provider<CryptoProvider> handle;
            try {
                if (!it.hasNext()) {
                    break;
                }
                handle = it.next();
            } catch (ServiceConfigurationError e) {
                statuses.add(failed("unknown provider", "unknown", e));
                if (++errors > 100) {
                    break; // a broken service configuration could otherwise make us loop
                }
                continue;
            }
            String module = moduleName(handle.type().getModule());
            CryptoProvider p;
            try {
                p = handle.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                statuses.add(failed(handle.type().getName(), module, e));
                continue;
            }
            try {
                named.add(new Named(p, Objects.requireNonNull(p.name(), "name()"), module, statuses.size()));
                statuses.add(null); // filled in below, in discovery order
            } catch (RuntimeException | LinkageError e) {
                statuses.add(failed(p.getClass().getName(), module, e));
            }
        }
        Map<String, List<Named>> byName = new HashMap<>();
        named.forEach(n -> byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n));
        for (Named n : named) {
            statuses.set(n.index(), inspect(n, byName.get(n.name()), config, pending));
        }
        requireKnownNames(config, statuses);
        for (ProviderStatus s : statuses) {
            if (s.state() == ProviderStatus.State.FAILED || s.state() == ProviderStatus.State.UNAVAILABLE) {
                LOG.log(Level.DEBUG, "qsafe: provider {0} is {1}: {2}", s.name(), s.state(), s.reason());
            }
        }
        if (statuses.isEmpty() && LOGGED.add("empty:" + searched)) {
            LOG.log(Level.WARNING, "qsafe: no crypto provider was found; looked in {0}", searched);
        }
        return new CryptoRegistry(config, statuses, pending, searched);
    }

    /**
     * Defines ({@link Algorithm#define}) the algorithms that the providers on the module path and class
     * path offer, so that their names resolve before a registry is built (configuration files and
     * properties are read first). Providers that fail or collide are skipped here; discovery reports
     * them. Returns the algorithms defined by third parties so far.
     */
    public static List<Algorithm> defineProviderAlgorithms() {
        return defineAlgorithms(ServiceLoader.load(CryptoProvider.class, CryptoRegistry.class.getClassLoader()));
    }

    /** {@link #defineProviderAlgorithms()} for the providers of {@code layer} and its parents. */
    public static List<Algorithm> defineProviderAlgorithms(ModuleLayer layer) {
        return defineAlgorithms(ServiceLoader.load(Objects.requireNonNull(layer, "layer"), CryptoProvider.class));
    }

    private static List<Algorithm> defineAlgorithms(ServiceLoader<CryptoProvider> loader) {
        Iterator<ServiceLoader.Provider<CryptoProvider>> it = loader.stream().iterator();
        for (int errors = 0; errors <= 100; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                for (Algorithm a : it.next().get().algorithms()) {
                    if (!a.isWellKnown()) {
                        Algorithm.define(a);
                    }
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors++; // reported by discovery
            }
        }
        return Algorithm.defined();
    }

    /**
     * {@link Algorithm#forName}, after defining the discovered providers' algorithms if the name is not
     * known yet (for configuration read before discovery).
     */
    public static Algorithm algorithmNamed(String name) {
        try {
            return Algorithm.forName(name);
        } catch (UnsupportedAlgorithmException e) {
            defineProviderAlgorithms();
            return Algorithm.forName(name);
        }
    }

    /** A loaded provider and the name it claims. */
    private record Named(CryptoProvider provider, String name, String module, int index) {
        String describe() {
            return "class " + provider.getClass().getName() + " in module " + module;
        }
    }

    /** A misspelt exclusion must not silently leave a provider in use. */
    private static void requireKnownNames(RegistryConfig config, List<ProviderStatus> statuses) {
        Set<String> known = new LinkedHashSet<>();
        statuses.forEach(s -> known.add(s.name()));
        for (String name : config.excluded()) {
            if (!known.contains(name) && !BUILT_IN_PROVIDERS.containsKey(name)) {
                throw new ConfigurationException(RegistryConfig.EXCLUDE_PROPERTY + ": no provider is named '" + name
                        + "'; discovered: " + known + "; qsafe's own: " + BUILT_IN_PROVIDERS.keySet().stream().sorted().toList());
            }
        }
    }

    /**
     * Whether {@code p} is qsafe's own provider of that name: its class is the one the name belongs to,
     * from qsafe's module in the runtime's layer (on the class path: from the runtime's class loader).
     */
    static boolean genuine(CryptoProvider p, String name) {
        String expected = BUILT_IN_PROVIDERS.get(name);
        if (expected == null) {
            return false;
        }
        int slash = expected.indexOf('/');
        Class<?> type = p.getClass();
        if (!type.getName().equals(expected.substring(slash + 1))) {
            return false;
        }
        Module module = type.getModule();
        Module runtime = CryptoRegistry.class.getModule();
        if (module.isNamed()) {
            return module.getName().equals(expected.substring(0, slash))
                    && (!runtime.isNamed() || module.getLayer() == runtime.getLayer());
        }
        return !runtime.isNamed() && type.getClassLoader() == CryptoRegistry.class.getClassLoader();
    }

    /**
     * The status of a provider from what discovery may ask cheaply; one that passes every check is put in
     * {@code pending} with a provisional ACTIVE status, until its availability is asked ({@link #probe}).
     */
    private static ProviderStatus inspect(Named n, List<Named> sameName, RegistryConfig config,
                                          Map<String, Pending> pending) {
        CryptoProvider p = n.provider();
        String name = n.name();
        String module = n.module();
        boolean builtIn = genuine(p, name);
        try {
            String description = p.description();
            Map<Algorithm, Integer> weights = new LinkedHashMap<>();
            for (Algorithm offered : p.algorithms()) {
                Algorithm a;
                try {
                    // A third party's algorithm becomes nameable (pins, suites, configuration, identity files,
                    // envelope ids); one that collides with a built-in or an earlier definition is refused.
                    a = Algorithm.define(offered);
                } catch (IllegalArgumentException e) {
                    return failedBy(n, new ProviderStatus(name, description, module, ProviderStatus.State.FAILED,
                            "algorithm definition refused: " + e.getMessage(), weights, p.hardwareBacked(), builtIn));
                }
                weights.put(a, p.weight(offered));
            }
            boolean hw = p.hardwareBacked();
            if (BUILT_IN_PROVIDERS.containsKey(name) && !builtIn) {
                String expected = BUILT_IN_PROVIDERS.get(name);
                return failedBy(n, new ProviderStatus(name, description, module, ProviderStatus.State.FAILED,
                        "the name '" + name + "' belongs to qsafe's provider " + expected.substring(expected.indexOf('/') + 1)
                                + " in module " + expected.substring(0, expected.indexOf('/')) + "; refused for "
                                + n.describe(), weights, hw, false));
            }
            // qsafe's own name: only the genuine one counts (an impostor was refused above); another name: all claims.
            List<Named> claims = BUILT_IN_PROVIDERS.containsKey(name)
                    ? sameName.stream().filter(o -> genuine(o.provider(), o.name())).toList() : sameName;
            if (claims.size() > 1) {
                List<String> others = claims.stream().filter(o -> o != n).map(Named::describe).toList();
                return failedBy(n, new ProviderStatus(name, description, module, ProviderStatus.State.FAILED,
                        "duplicate provider name '" + name + "', also claimed by " + String.join(", ", others)
                                + ": refused for all of them, never resolved by path order", weights, hw, builtIn));
            }
            for (Map.Entry<Algorithm, Integer> w : weights.entrySet()) {
                if (w.getValue() == null || w.getValue() < 0 || w.getValue() > MAX_WEIGHT) {
                    return failedBy(n, new ProviderStatus(name, description, module, ProviderStatus.State.FAILED,
                            "weight " + w.getValue() + " for " + w.getKey() + " is outside 0.." + MAX_WEIGHT, weights, hw, builtIn));
                }
            }
            if (config.excluded().contains(name)) {
                return new ProviderStatus(name, description, module, ProviderStatus.State.EXCLUDED,
                        "excluded by configuration", weights, hw, builtIn);
            }
            if (!config.allows(name, builtIn)) {
                return new ProviderStatus(name, description, module, ProviderStatus.State.EXCLUDED,
                        "not allowed by the trust policy (" + RegistryConfig.ALLOW_PROPERTY + "="
                                + String.join(",", config.allowed()) + ")", weights, hw, builtIn);
            }
            pending.put(name, new Pending(p, n.index(), module));
            return new ProviderStatus(name, description, module, ProviderStatus.State.ACTIVE, NOT_ASKED, weights, hw, builtIn);
        } catch (RuntimeException | LinkageError e) {
            return failed(name, module, e);
        }
    }

    /** The provisional reason of a provider whose availability has not been asked yet (never reported). */
    private static final String NOT_ASKED = "availability not asked yet";

    /**
     * Asks {@code name}'s availability if it has not been asked yet, and records the outcome: ACTIVE (the
     * provider is attached to the registry's lookup), UNAVAILABLE, or FAILED if it threw.
     *
     * @return whether the provider is active
     */
    private boolean probe(String name) {
        synchronized (pending) {
            Pending p = pending.get(name);
            if (p == null) {
                return active.containsKey(name);
            }
            ProviderStatus before = statuses.get(p.index());
            ProviderStatus after;
            try {
                Availability av = p.provider().availability();
                after = new ProviderStatus(name, before.description(), before.module(),
                        av.available() ? ProviderStatus.State.ACTIVE : ProviderStatus.State.UNAVAILABLE, av.reason(),
                        before.weights(), before.hardwareBacked(), before.builtIn());
            } catch (RuntimeException | LinkageError e) {
                after = failed(name, p.module(), e);
            }
            if (after.state() == ProviderStatus.State.ACTIVE) {
                p.provider().engineAttach(lookup);
                active.put(name, p.provider());
            } else {
                LOG.log(Level.DEBUG, "qsafe: provider {0} is {1}: {2}", name, after.state(), after.reason());
            }
            statuses.set(p.index(), after);
            pending.remove(name);
            return after.state() == ProviderStatus.State.ACTIVE;
        }
    }

    /** Asks the availability of every provider of {@code algorithm} not asked yet (for a report of it). */
    private void probeAll(Algorithm algorithm) {
        for (ProviderStatus s : statuses) {
            if (s.weights().containsKey(algorithm)) {
                probe(s.name()); // a pinned-away provider too: a report gives its state first, as for every provider
            }
        }
    }

    /** Asks the availability of every provider not asked yet (for a report of all of them). */
    private void probeAll() {
        List<String> names;
        synchronized (pending) {
            names = List.copyOf(pending.keySet());
        }
        names.forEach(this::probe);
    }

    private static ProviderStatus failedBy(Named n, ProviderStatus status) {
        if (LOGGED.add("refused:" + n.describe() + ":" + status.reason())) { // once per process, not per discovery
            LOG.log(Level.WARNING, "qsafe: provider {0} ({1}) is refused: {2}", n.name(), n.describe(), status.reason());
        }
        return status;
    }

    private static ProviderStatus failed(String name, String module, Throwable e) {
        StringBuilder reason = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            reason.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        if (LOGGED.add("failed:" + name + "@" + module + ":" + reason)) { // once per process, not per discovery
            LOG.log(Level.WARNING, "qsafe: provider {0} failed to load and is skipped: {1}", name, reason);
        }
        return new ProviderStatus(name, "", module, ProviderStatus.State.FAILED, reason.toString(), Map.of(), false, false);
    }

    private static String moduleName(Module m) {
        return m.isNamed() ? m.getName() : "unnamed";
    }

    private Map<Algorithm, Selection> computeSelections() {
        Set<Algorithm> all = new LinkedHashSet<>();
        for (ProviderStatus s : statuses) {
            all.addAll(s.weights().keySet());
        }
        all.addAll(config.pins().keySet());
        Map<Algorithm, Selection> out = new LinkedHashMap<>();
        for (Algorithm alg : all) {
            out.put(alg, rank(alg));
        }
        return out;
    }

    /**
     * The candidates of {@code alg} by configuration and weight from the statuses as they are now (a
     * provider whose availability was not asked yet counts as a candidate).
     */
    private Selection rank(Algorithm alg) {
        String pin = config.pins().get(alg);
        List<Selection.Candidate> candidates = new ArrayList<>();
        List<Selection.Candidate> skipped = new ArrayList<>();
        for (ProviderStatus s : statuses) {
            Integer w = s.weights().get(alg);
            if (w == null) {
                continue;
            }
            if (s.state() != ProviderStatus.State.ACTIVE) {
                skipped.add(new Selection.Candidate(s.name(), w, s.state().name().toLowerCase(Locale.ROOT) + ": " + s.reason()));
            } else if (pin != null && !pin.equals(s.name())) {
                skipped.add(new Selection.Candidate(s.name(), w, alg + " is pinned to '" + pin + "'"));
            } else {
                candidates.add(new Selection.Candidate(s.name(), w, ""));
            }
        }
        candidates.sort(Comparator.comparingInt(Selection.Candidate::weight).reversed()
                .thenComparing(Selection.Candidate::provider));
        return new Selection(alg, candidates, Optional.ofNullable(pin), skipped);
    }

    /**
     * A third-party provider ranked above one of qsafe's own for an algorithm: one line per case, for
     * {@code qsafe providers} and the log (once per process).
     */
    private List<String> computeNotices() {
        List<String> out = new ArrayList<>();
        ranked.keySet().forEach(alg -> notice(alg).ifPresent(out::add));
        return List.copyOf(out);
    }

    /**
     * The notice for {@code alg} if a third-party provider is its top available candidate and one of
     * qsafe's is among the others (asks the availability of its providers first).
     */
    private Optional<String> notice(Algorithm alg) {
        probeAll(alg);
        Selection sel = rank(alg);
        if (sel.candidates().isEmpty()) {
            return Optional.empty();
        }
        Map<String, ProviderStatus> byName = new HashMap<>();
        // candidates are active providers: an impostor refused under a built-in's name must not shadow it
        statuses.stream().filter(s -> s.state() == ProviderStatus.State.ACTIVE).forEach(s -> byName.putIfAbsent(s.name(), s));
        statuses.forEach(s -> byName.putIfAbsent(s.name(), s));
        Selection.Candidate top = sel.candidates().getFirst();
        ProviderStatus topStatus = byName.get(top.provider());
        if (topStatus == null || topStatus.builtIn()) {
            return Optional.empty();
        }
        return sel.candidates().stream().filter(c -> byName.get(c.provider()).builtIn()).findFirst().map(b ->
                "third-party provider '" + top.provider() + "' (module " + topStatus.module() + ") outranks qsafe's '"
                        + b.provider() + "' for " + alg.name() + " (weight " + top.weight() + " over " + b.weight() + ")");
    }

    /**
     * Logs {@code alg}'s notice once per process, when the algorithm is first resolved. Only a third-party
     * candidate ranked above one of qsafe's can cause one, so without such a pair nothing more is asked.
     */
    private void logNotice(Algorithm alg) {
        Selection s = ranked.get(alg);
        if (s == null) {
            return;
        }
        boolean thirdPartyAbove = false;
        boolean possible = false;
        for (Selection.Candidate c : s.candidates()) {
            if (!builtIn(c.provider())) {
                thirdPartyAbove = true;
            } else if (thirdPartyAbove) {
                possible = true;
                break;
            }
        }
        if (!possible) {
            return;
        }
        notice(alg).ifPresent(n -> {
            if (LOGGED.add(n)) {
                LOG.log(Level.WARNING, "qsafe: {0}", n);
            }
        });
    }

    private boolean builtIn(String provider) {
        for (ProviderStatus s : statuses) {
            if (s.name().equals(provider)) {
                return s.builtIn();
            }
        }
        return false;
    }

    /**
     * Where discovery looked for providers, in words: the module path and class path, or a module layer
     * and its parents. Errors about a missing algorithm and the CLI's {@code providers} say it, so an
     * empty registry is never silent.
     */
    public String searched() {
        return searched;
    }

    /** The configuration this registry was built with. */
    public RegistryConfig config() {
        return config;
    }

    /**
     * Every discovered provider, in discovery order, whatever its state. Asks the availability of every
     * provider not asked yet (which may load native libraries).
     */
    public List<ProviderStatus> providers() {
        probeAll();
        return List.copyOf(statuses);
    }

    /**
     * What the trust rules found worth saying: third-party providers ranked above one of qsafe's own
     * for an algorithm (asks every provider's availability). Each is also logged at WARNING, once per
     * process, when the algorithm is first resolved.
     */
    public List<String> notices() {
        probeAll();
        return computeNotices();
    }

    /** Every algorithm some discovered provider implements (or that is pinned); asks no availability. */
    public Set<Algorithm> algorithms() {
        return ranked.keySet();
    }

    /**
     * How the engine for {@code algorithm} is chosen, with the engine actually used first: the first
     * candidate whose engine could be created and passed its self-test (this runs the self-test of the
     * algorithm if it has not run yet). Candidates that failed are among the skipped, with the reason. An
     * empty selection if nothing implements it.
     */
    public Selection selection(Algorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        return report(algorithm, resolve(algorithm));
    }

    /**
     * The names of the active, allowed providers that implement {@code algorithm}, by weight (before
     * self-tests); asks the availability of the algorithm's providers.
     */
    public List<String> providersOf(Algorithm algorithm) {
        return rankedSelection(algorithm).candidates().stream().map(Selection.Candidate::provider).toList();
    }

    /** The candidates of {@code algorithm} once the availability of each has been asked. */
    private Selection rankedSelection(Algorithm algorithm) {
        if (!ranked.containsKey(algorithm)) {
            return new Selection(algorithm, List.of(), Optional.ofNullable(config.pins().get(algorithm)), List.of());
        }
        probeAll(algorithm);
        return rank(algorithm);
    }

    /**
     * The selection as reported: every provider of the algorithm asked, the engine used first, those above
     * it whose engine failed among the skipped with the reason.
     */
    private Selection report(Algorithm algorithm, Resolved r) {
        Selection sel = rankedSelection(algorithm);
        List<Selection.Candidate> skipped = new ArrayList<>(sel.skipped());
        skipped.addAll(r.failed());
        List<Selection.Candidate> candidates = List.of();
        if (r.provider() != null) {
            candidates = sel.candidates();
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).provider().equals(r.provider())) {
                    candidates = candidates.subList(i, candidates.size());
                    break;
                }
            }
        }
        return new Selection(algorithm, candidates, sel.pinnedTo(), skipped);
    }

    /** The selected KEM engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public KemSpi kem(Algorithm algorithm) {
        permit(algorithm);
        return select(algorithm, AlgorithmKind.KEM, KemSpi.class);
    }

    /** The selected signature engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public SignatureSpi signature(Algorithm algorithm) {
        permit(algorithm);
        return select(algorithm, AlgorithmKind.SIGNATURE, SignatureSpi.class);
    }

    /** The selected AEAD engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public AeadSpi aead(Algorithm algorithm) {
        permit(algorithm);
        return select(algorithm, AlgorithmKind.AEAD, AeadSpi.class);
    }

    /** The selected KDF engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public KdfSpi kdf(Algorithm algorithm) {
        permit(algorithm);
        return select(algorithm, AlgorithmKind.KDF, KdfSpi.class);
    }

    /** The selected XOF engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public XofSpi xof(Algorithm algorithm) {
        permit(algorithm);
        return select(algorithm, AlgorithmKind.XOF, XofSpi.class);
    }

    /** The selected password KDF engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public PasswordKdfSpi passwordKdf(Algorithm algorithm) {
        permit(algorithm);
        return select(algorithm, AlgorithmKind.PASSWORD_KDF, PasswordKdfSpi.class);
    }

    /**
     * The KEM engine of one named provider (for conformance tests and interop checks), behind the same
     * checks and after the same self-test as a selected one.
     *
     * @throws UnsupportedAlgorithmException if the provider is no candidate, or its engine failed its self-test
     */
    public KemSpi kem(Algorithm algorithm, String provider) {
        permit(algorithm);
        return engineOf(algorithm, AlgorithmKind.KEM, provider, KemSpi.class);
    }

    /** The signature engine of one named provider (see {@link #kem(Algorithm, String)}). */
    public SignatureSpi signature(Algorithm algorithm, String provider) {
        permit(algorithm);
        return engineOf(algorithm, AlgorithmKind.SIGNATURE, provider, SignatureSpi.class);
    }

    /** The AEAD engine of one named provider (see {@link #kem(Algorithm, String)}). */
    public AeadSpi aead(Algorithm algorithm, String provider) {
        permit(algorithm);
        return engineOf(algorithm, AlgorithmKind.AEAD, provider, AeadSpi.class);
    }

    /** The KDF engine of one named provider (see {@link #kem(Algorithm, String)}). */
    public KdfSpi kdf(Algorithm algorithm, String provider) {
        permit(algorithm);
        return engineOf(algorithm, AlgorithmKind.KDF, provider, KdfSpi.class);
    }

    /** The XOF engine of one named provider (see {@link #kem(Algorithm, String)}). */
    public XofSpi xof(Algorithm algorithm, String provider) {
        permit(algorithm);
        return engineOf(algorithm, AlgorithmKind.XOF, provider, XofSpi.class);
    }

    /** The password KDF engine of one named provider (see {@link #kem(Algorithm, String)}). */
    public PasswordKdfSpi passwordKdf(Algorithm algorithm, String provider) {
        permit(algorithm);
        return engineOf(algorithm, AlgorithmKind.PASSWORD_KDF, provider, PasswordKdfSpi.class);
    }

    /**
     * The known-answer self-test of one provider's engine for {@code algorithm}, which includes the invalid
     * keys every engine of the algorithm must refuse (run once; {@code qsafe vectors} reports it for every
     * engine).
     *
     * @return empty if the engine passed, else why it is not used
     * @throws UnsupportedAlgorithmException if the provider is no candidate for the algorithm
     */
    public Optional<String> selfTest(Algorithm algorithm, String provider) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!isCandidate(rankedSelection(algorithm), provider) || !active.containsKey(provider)) {
            throw new UnsupportedAlgorithmException("provider '" + provider + "' offers no usable " + algorithm
                    + " engine; candidates: " + providersOf(algorithm));
        }
        return verifiedEngine(algorithm, provider) instanceof Failed f ? Optional.of(f.error().getMessage()) : Optional.empty();
    }

    /**
     * The profile's verdict on {@code algorithm}, before any engine of it is created. Every engine a caller
     * gets passes here; a composing provider's look-ups of its components ({@link Lookup}) do not.
     */
    private void permit(Algorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (config.profile().isPresent()) {
            config.profile().get().check(algorithm);
        }
    }

    /**
     * The active policy profile's refusal of {@code algorithm}, if any (for reports such as {@code qsafe doctor};
     * the look-ups apply it themselves).
     *
     * @since 0.4.0
     */
    public Optional<Profile.Rule> refusal(Algorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        return config.profile().flatMap(p -> p.refusal(algorithm));
    }

    private <E> E select(Algorithm algorithm, AlgorithmKind kind, Class<E> type) {
        Objects.requireNonNull(algorithm, "algorithm");
        requireKind(algorithm, kind);
        Resolved r = resolve(algorithm);
        if (r.engine() != null) {
            return type.cast(r.engine());
        }
        UnsupportedAlgorithmException failure = noEngine(algorithm, report(algorithm, r));
        r.failures().forEach(failure::addSuppressed);
        throw failure;
    }

    /** The selection of {@code algorithm} once its engine is known: computed once, on first use. */
    private Resolved resolve(Algorithm algorithm) {
        Resolved r = resolved.get(algorithm);
        if (r != null) {
            return r;
        }
        synchronized (resolving) {
            r = resolved.get(algorithm);
            if (r != null) {
                return r;
            }
            if (!resolving.add(algorithm)) {
                throw new UnsupportedAlgorithmException("the engines of " + algorithm + " depend on themselves: "
                        + resolving);
            }
            try {
                r = computeResolved(algorithm);
                logNotice(algorithm);
            } finally {
                resolving.remove(algorithm);
            }
            resolved.put(algorithm, r);
            return r;
        }
    }

    /**
     * Tries the candidates by weight, asking each one's availability only when its turn comes: the first
     * available one whose engine is created and passes its self-test is used, and those below it are not
     * asked.
     */
    private Resolved computeResolved(Algorithm algorithm) {
        Selection sel = ranked.get(algorithm);
        List<Selection.Candidate> candidates = sel == null ? List.of() : sel.candidates();
        List<Selection.Candidate> failed = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Selection.Candidate c = candidates.get(i);
            if (!probe(c.provider())) {
                continue; // unavailable or failed: a report lists it among the skipped, from its status
            }
            Object engine = verifiedEngine(algorithm, c.provider());
            if (engine instanceof Failed f) {
                failures.add(f.error());
                failed.add(new Selection.Candidate(c.provider(), c.weight(), f.error().getMessage()));
                continue;
            }
            List<Selection.Candidate> rest = candidates.subList(i + 1, candidates.size());
            if (engine instanceof SignatureSpi s && !rest.isEmpty()) {
                engine = new Routed(s, () -> nextSignature(algorithm, rest));
            }
            return new Resolved(engine, c.provider(), List.copyOf(failed), List.of());
        }
        return new Resolved(null, null, List.copyOf(failed), List.copyOf(failures));
    }

    /**
     * The first of {@code rest} that is available and whose signature engine passed its self-test, for the
     * calls the selected one cannot serve.
     */
    private Routed.Next nextSignature(Algorithm algorithm, List<Selection.Candidate> rest) {
        for (Selection.Candidate c : rest) {
            if (probe(c.provider()) && verifiedEngine(algorithm, c.provider()) instanceof SignatureSpi s) {
                return new Routed.Next(c.provider(), s);
            }
        }
        return null;
    }

    private <E> E engineOf(Algorithm algorithm, AlgorithmKind kind, String provider, Class<E> type) {
        Objects.requireNonNull(algorithm, "algorithm");
        requireKind(algorithm, kind);
        if (!isCandidate(rankedSelection(algorithm), provider) || !active.containsKey(provider)) {
            throw new UnsupportedAlgorithmException("provider '" + provider + "' offers no usable " + algorithm
                    + " engine; candidates: " + providersOf(algorithm));
        }
        Object engine = verifiedEngine(algorithm, provider);
        if (engine instanceof Failed f) {
            throw new UnsupportedAlgorithmException(f.error().getMessage(), f.error()); // a fresh one per call
        }
        return type.cast(engine);
    }

    /**
     * The engine of {@code provider} for {@code algorithm}, behind the registry's checks and self-tested,
     * or a {@link Failed} saying why not. Created once per registry; the self-test runs once per provider
     * class and algorithm in the process.
     */
    private Object verifiedEngine(Algorithm algorithm, String provider) {
        Map<String, Object> byProvider = engines.computeIfAbsent(algorithm, a -> new ConcurrentHashMap<>());
        Object engine = byProvider.get(provider);
        if (engine != null) {
            return engine;
        }
        // Not computeIfAbsent: a composing provider may ask the registry for its components while its own
        // engine is being created.
        Object created;
        try {
            created = createVerified(algorithm, provider);
        } catch (UnsupportedAlgorithmException e) {
            created = new Failed(e);
        } catch (RuntimeException | LinkageError e) {
            created = new Failed(new UnsupportedAlgorithmException("provider '" + provider + "' could not create its "
                    + algorithm + " engine: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
        Object raced = byProvider.putIfAbsent(provider, created);
        return raced != null ? raced : created;
    }

    private Object createVerified(Algorithm algorithm, String provider) {
        CryptoProvider p = active.get(provider);
        Class<?> type = spiType(algorithm.kind());
        Object created = switch (algorithm.kind()) {
            case KEM -> p.engineKem(algorithm);
            case SIGNATURE -> p.engineSignature(algorithm);
            case AEAD -> p.engineAead(algorithm);
            case KDF -> p.engineKdf(algorithm);
            case XOF -> p.engineXof(algorithm);
            case PASSWORD_KDF -> p.enginePasswordKdf(algorithm);
        };
        if (!type.isInstance(created)) {
            throw new UnsupportedAlgorithmException("provider '" + provider + "' returned no "
                    + type.getSimpleName() + " engine for " + algorithm);
        }
        Object guarded = Guarded.wrap(algorithm, created);
        String key = p.getClass().getName() + "@" + System.identityHashCode(p.getClass()) + "/" + provider + "/" + algorithm.name();
        String outcome = SELF_TESTS.get(key);
        if (outcome == null) {
            outcome = selfTest(algorithm, guarded);
            if (outcome.equals(PASSED)) {
                SELF_TESTS.putIfAbsent(key, outcome); // failures are kept per registry only (a component may be missing here)
            } else if (LOGGED.add(key + outcome)) {
                LOG.log(Level.WARNING, "qsafe: provider {0} failed the {1} self-test and is not used: {2}", provider, algorithm, outcome);
            }
        }
        if (!outcome.equals(PASSED)) {
            throw new UnsupportedAlgorithmException("provider '" + provider + "' failed its " + algorithm
                    + " known-answer self-test and is not used: " + outcome);
        }
        return guarded;
    }

    /** Runs the known-answer test; returns {@link #PASSED} or what went wrong. */
    private static String selfTest(Algorithm algorithm, Object engine) {
        if (!KnownAnswers.has(algorithm)) {
            return PASSED; // an algorithm a third party defines: qsafe has no published values for it
        }
        try {
            KnownAnswers.run(algorithm, engine);
            return PASSED;
        } catch (RuntimeException | LinkageError e) {
            String m = e.getMessage();
            return e instanceof IllegalStateException && m != null && m.contains("known-answer test")
                    ? m : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        }
    }

    private static Class<?> spiType(AlgorithmKind kind) {
        return switch (kind) {
            case KEM -> KemSpi.class;
            case SIGNATURE -> SignatureSpi.class;
            case AEAD -> AeadSpi.class;
            case KDF -> KdfSpi.class;
            case XOF -> XofSpi.class;
            case PASSWORD_KDF -> PasswordKdfSpi.class;
        };
    }

    private static boolean isCandidate(Selection selection, String provider) {
        for (Selection.Candidate c : selection.candidates()) {
            if (c.provider().equals(provider)) {
                return true;
            }
        }
        return false;
    }

    private static void requireKind(Algorithm algorithm, AlgorithmKind kind) {
        if (algorithm.kind() != kind) {
            throw new UnsupportedAlgorithmException(algorithm + " is a " + algorithm.kind() + ", not a " + kind);
        }
    }

    private UnsupportedAlgorithmException noEngine(Algorithm algorithm, Selection sel) {
        StringBuilder m = new StringBuilder("no engine for ").append(algorithm.kind()).append(' ').append(algorithm.name());
        if (sel.pinnedTo().isPresent()) {
            m.append(" (pinned to '").append(sel.pinnedTo().get()).append("')");
        }
        List<String> tried = new ArrayList<>();
        sel.candidates().forEach(c -> tried.add(c.provider() + " (failed, see suppressed)"));
        sel.skipped().forEach(c -> tried.add(c.provider() + " (" + c.note() + ")"));
        if (tried.isEmpty()) {
            m.append(": no discovered provider implements it; discovered: ")
                    .append(statuses.stream().map(s -> s.name() + " [" + s.state().name().toLowerCase(Locale.ROOT) + "]").toList())
                    .append(". Looked in ").append(searched).append(": add a provider module for it there.");
        } else {
            m.append("; tried: ").append(String.join(", ", tried));
        }
        return new UnsupportedAlgorithmException(m.toString());
    }

    /**
     * What composing providers see: the registry's selection, through the SPI types, without the policy
     * profile (it judges the algorithm the caller asked for, not the components of an admitted one).
     */
    private final class Lookup implements EngineLookup {
        @Override
        public KemSpi kem(Algorithm algorithm) {
            return select(algorithm, AlgorithmKind.KEM, KemSpi.class);
        }

        @Override
        public SignatureSpi signature(Algorithm algorithm) {
            return select(algorithm, AlgorithmKind.SIGNATURE, SignatureSpi.class);
        }

        @Override
        public AeadSpi aead(Algorithm algorithm) {
            return select(algorithm, AlgorithmKind.AEAD, AeadSpi.class);
        }

        @Override
        public KdfSpi kdf(Algorithm algorithm) {
            return select(algorithm, AlgorithmKind.KDF, KdfSpi.class);
        }

        @Override
        public XofSpi xof(Algorithm algorithm) {
            return select(algorithm, AlgorithmKind.XOF, XofSpi.class);
        }
    }
}
