package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
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
import java.util.function.BiFunction;

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
 */
public final class CryptoRegistry {
    private static final System.Logger LOG = System.getLogger(CryptoRegistry.class.getName());

    private final RegistryConfig config;
    private final List<ProviderStatus> statuses;
    private final Map<String, CryptoProvider> active;
    private final Map<Algorithm, Selection> selections;
    /** Engines by algorithm, then provider name (two lookups, no key object built per call). */
    private final Map<Algorithm, Map<String, Object>> engines = new ConcurrentHashMap<>();

    private CryptoRegistry(RegistryConfig config, List<ProviderStatus> statuses, Map<String, CryptoProvider> active) {
        this.config = config;
        this.statuses = List.copyOf(statuses);
        this.active = active;
        this.selections = computeSelections();
        EngineLookup lookup = new Lookup();
        for (CryptoProvider p : active.values()) {
            p.engineAttach(lookup);
        }
        if (LOG.isLoggable(Level.DEBUG)) {
            selections.forEach((alg, sel) -> LOG.log(Level.DEBUG, "qsafe: {0} -> {1}", alg,
                    sel.candidates().stream().map(c -> c.provider() + "(" + c.weight() + ")").toList()));
        }
    }

    /** Discovers providers on the module path and class path, configured by system properties. */
    public static CryptoRegistry discover() {
        return discover(RegistryConfig.fromSystemProperties());
    }

    /** Discovers providers on the module path and class path. */
    public static CryptoRegistry discover(RegistryConfig config) {
        return fromLoader(ServiceLoader.load(CryptoProvider.class, CryptoRegistry.class.getClassLoader()), config);
    }

    /** Discovers providers in {@code layer} and its parents (for example a layer of plug-in modules). */
    public static CryptoRegistry discover(ModuleLayer layer, RegistryConfig config) {
        return fromLoader(ServiceLoader.load(layer, CryptoProvider.class), config);
    }

    private static CryptoRegistry fromLoader(ServiceLoader<CryptoProvider> loader, RegistryConfig config) {
        Objects.requireNonNull(config, "config");
        List<ProviderStatus> statuses = new ArrayList<>();
        Map<String, CryptoProvider> active = new LinkedHashMap<>();
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
            statuses.add(inspect(p, module, config, active));
        }
        for (ProviderStatus s : statuses) {
            if (s.state() == ProviderStatus.State.FAILED || s.state() == ProviderStatus.State.UNAVAILABLE) {
                LOG.log(Level.DEBUG, "qsafe: provider {0} is {1}: {2}", s.name(), s.state(), s.reason());
            }
        }
        return new CryptoRegistry(config, statuses, active);
    }

    private static ProviderStatus inspect(CryptoProvider p, String module, RegistryConfig config,
                                          Map<String, CryptoProvider> active) {
        String name;
        try {
            name = Objects.requireNonNull(p.name(), "name()");
        } catch (RuntimeException e) {
            return failed(p.getClass().getName(), module, e);
        }
        try {
            String description = p.description();
            Map<Algorithm, Integer> weights = new LinkedHashMap<>();
            for (Algorithm a : p.algorithms()) {
                weights.put(a, p.weight(a));
            }
            boolean hw = p.hardwareBacked();
            if (active.containsKey(name)) {
                return new ProviderStatus(name, description, module, ProviderStatus.State.FAILED,
                        "another provider already has the name '" + name + "'", weights, hw);
            }
            if (config.excluded().contains(name)) {
                return new ProviderStatus(name, description, module, ProviderStatus.State.EXCLUDED,
                        "excluded by configuration", weights, hw);
            }
            Availability av = p.availability();
            if (!av.available()) {
                return new ProviderStatus(name, description, module, ProviderStatus.State.UNAVAILABLE, av.reason(), weights, hw);
            }
            active.put(name, p);
            return new ProviderStatus(name, description, module, ProviderStatus.State.ACTIVE, av.reason(), weights, hw);
        } catch (RuntimeException | LinkageError e) {
            return failed(name, module, e);
        }
    }

    private static ProviderStatus failed(String name, String module, Throwable e) {
        StringBuilder reason = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            reason.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        LOG.log(Level.WARNING, "qsafe: provider {0} failed to load and is skipped: {1}", name, reason);
        return new ProviderStatus(name, "", module, ProviderStatus.State.FAILED, reason.toString(), Map.of(), false);
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
            out.put(alg, new Selection(alg, candidates, Optional.ofNullable(pin), skipped));
        }
        return out;
    }

    /** The configuration this registry was built with. */
    public RegistryConfig config() {
        return config;
    }

    /** Every discovered provider, in discovery order, whatever its state. */
    public List<ProviderStatus> providers() {
        return statuses;
    }

    /** Every algorithm some discovered provider implements (or that is pinned). */
    public Set<Algorithm> algorithms() {
        return selections.keySet();
    }

    /** How the engine for {@code algorithm} is chosen; an empty selection if nothing implements it. */
    public Selection selection(Algorithm algorithm) {
        Selection s = selections.get(algorithm);
        return s != null ? s : new Selection(algorithm, List.of(), Optional.ofNullable(config.pins().get(algorithm)), List.of());
    }

    /** The names of the active providers that implement {@code algorithm}, in selection order. */
    public List<String> providersOf(Algorithm algorithm) {
        return selection(algorithm).candidates().stream().map(Selection.Candidate::provider).toList();
    }

    /** The selected KEM engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public KemSpi kem(Algorithm algorithm) {
        return select(algorithm, AlgorithmKind.KEM, CryptoProvider::engineKem, KemSpi.class);
    }

    /** The selected signature engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public SignatureSpi signature(Algorithm algorithm) {
        return select(algorithm, AlgorithmKind.SIGNATURE, CryptoProvider::engineSignature, SignatureSpi.class);
    }

    /** The selected AEAD engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public AeadSpi aead(Algorithm algorithm) {
        return select(algorithm, AlgorithmKind.AEAD, CryptoProvider::engineAead, AeadSpi.class);
    }

    /** The selected KDF engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public KdfSpi kdf(Algorithm algorithm) {
        return select(algorithm, AlgorithmKind.KDF, CryptoProvider::engineKdf, KdfSpi.class);
    }

    /** The selected XOF engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public XofSpi xof(Algorithm algorithm) {
        return select(algorithm, AlgorithmKind.XOF, CryptoProvider::engineXof, XofSpi.class);
    }

    /** The selected password KDF engine. @throws UnsupportedAlgorithmException naming what was tried if there is none */
    public PasswordKdfSpi passwordKdf(Algorithm algorithm) {
        return select(algorithm, AlgorithmKind.PASSWORD_KDF, CryptoProvider::enginePasswordKdf, PasswordKdfSpi.class);
    }

    /** The KEM engine of one named provider (for conformance tests and interop checks). */
    public KemSpi kem(Algorithm algorithm, String provider) {
        return engineOf(algorithm, AlgorithmKind.KEM, provider, CryptoProvider::engineKem, KemSpi.class);
    }

    /** The signature engine of one named provider. */
    public SignatureSpi signature(Algorithm algorithm, String provider) {
        return engineOf(algorithm, AlgorithmKind.SIGNATURE, provider, CryptoProvider::engineSignature, SignatureSpi.class);
    }

    /** The AEAD engine of one named provider. */
    public AeadSpi aead(Algorithm algorithm, String provider) {
        return engineOf(algorithm, AlgorithmKind.AEAD, provider, CryptoProvider::engineAead, AeadSpi.class);
    }

    /** The KDF engine of one named provider. */
    public KdfSpi kdf(Algorithm algorithm, String provider) {
        return engineOf(algorithm, AlgorithmKind.KDF, provider, CryptoProvider::engineKdf, KdfSpi.class);
    }

    /** The XOF engine of one named provider. */
    public XofSpi xof(Algorithm algorithm, String provider) {
        return engineOf(algorithm, AlgorithmKind.XOF, provider, CryptoProvider::engineXof, XofSpi.class);
    }

    /** The password KDF engine of one named provider. */
    public PasswordKdfSpi passwordKdf(Algorithm algorithm, String provider) {
        return engineOf(algorithm, AlgorithmKind.PASSWORD_KDF, provider, CryptoProvider::enginePasswordKdf, PasswordKdfSpi.class);
    }

    private <E> E select(Algorithm algorithm, AlgorithmKind kind,
                         BiFunction<CryptoProvider, Algorithm, E> factory, Class<E> type) {
        Objects.requireNonNull(algorithm, "algorithm");
        requireKind(algorithm, kind);
        Selection sel = selection(algorithm);
        UnsupportedAlgorithmException failure = null;
        for (Selection.Candidate c : sel.candidates()) {
            try {
                return engineOf(algorithm, kind, c.provider(), factory, type);
            } catch (RuntimeException | LinkageError e) {
                if (failure == null) {
                    failure = noEngine(algorithm, sel);
                }
                failure.addSuppressed(e);
            }
        }
        throw failure != null ? failure : noEngine(algorithm, sel);
    }

    private <E> E engineOf(Algorithm algorithm, AlgorithmKind kind, String provider,
                           BiFunction<CryptoProvider, Algorithm, E> factory, Class<E> type) {
        requireKind(algorithm, kind);
        CryptoProvider p = active.get(provider);
        if (p == null || !isCandidate(selection(algorithm), provider)) {
            throw new UnsupportedAlgorithmException("provider '" + provider + "' offers no usable " + algorithm
                    + " engine; candidates: " + providersOf(algorithm));
        }
        Map<String, Object> byProvider = engines.computeIfAbsent(algorithm, a -> new ConcurrentHashMap<>());
        Object engine = byProvider.get(provider);
        if (engine == null) {
            // Not computeIfAbsent: a composing provider may ask the registry for its components while
            // its own engine is being created.
            E created = factory.apply(p, algorithm);
            if (!type.isInstance(created)) {
                throw new UnsupportedAlgorithmException("provider '" + provider + "' returned no "
                        + type.getSimpleName() + " engine for " + algorithm);
            }
            Object raced = byProvider.putIfAbsent(provider, created);
            engine = raced != null ? raced : created;
        }
        return type.cast(engine);
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
                    .append(". Add a provider module for it to the module path.");
        } else {
            m.append("; tried: ").append(String.join(", ", tried));
        }
        return new UnsupportedAlgorithmException(m.toString());
    }

    /** What composing providers see: the registry's selection, through the SPI types. */
    private final class Lookup implements EngineLookup {
        @Override
        public KemSpi kem(Algorithm algorithm) {
            return CryptoRegistry.this.kem(algorithm);
        }

        @Override
        public SignatureSpi signature(Algorithm algorithm) {
            return CryptoRegistry.this.signature(algorithm);
        }

        @Override
        public AeadSpi aead(Algorithm algorithm) {
            return CryptoRegistry.this.aead(algorithm);
        }

        @Override
        public KdfSpi kdf(Algorithm algorithm) {
            return CryptoRegistry.this.kdf(algorithm);
        }

        @Override
        public XofSpi xof(Algorithm algorithm) {
            return CryptoRegistry.this.xof(algorithm);
        }
    }
}
