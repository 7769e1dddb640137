package dev.qsafe.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;

/**
 * The contract every qsafe provider keeps (docs/PROVIDERS.md, "The contract"), as JUnit Jupiter tests a
 * provider's test class inherits, so that a third-party provider is tested as qsafe's own are:
 *
 * <pre>{@code
 * class HsmProviderContractTest extends ProviderContract {
 *     protected CryptoProvider provider() { return new HsmProvider(); }
 * }
 * }</pre>
 *
 * <p>What it checks: the provider describes itself as discovery needs (public no-argument constructor, a
 * stable lower-case name that is not one of qsafe's, weights within 0..{@value CryptoRegistry#MAX_WEIGHT},
 * an availability with a reason); it is found by discovery on the module or class path (its
 * {@code provides} clause or services file) and not refused; it refuses algorithms it does not offer with
 * {@link UnsupportedAlgorithmException}; each engine passes the registry's known-answer self-test of its
 * algorithm, and the engine contracts of its kind ({@link EngineContracts}: round trips and sizes, typed
 * errors on bad input, tampering detected with the one uniform message, no secret in an error message,
 * destroyed keys refused, use from many threads at once); and the published vectors bundled with the kit
 * ({@link Vectors}) run on its engines with no failure. Engines are taken from a registry, behind its
 * input guard, as applications get them. A provider that reports itself unavailable here is checked for
 * its description and discovery only (the engine tests are skipped, saying why).
 */
public abstract class ProviderContract {
    /** The provider under test: a new instance, as discovery makes it. */
    protected abstract CryptoProvider provider();

    /** The registry the engines come from: by default, discovery on the module and class path. */
    protected CryptoRegistry registry() {
        return CryptoRegistry.discover(RegistryConfig.defaults());
    }

    /** The algorithms whose engines are checked: by default every algorithm the provider offers. */
    protected List<Algorithm> algorithmsUnderTest() {
        return List.copyOf(provider().algorithms());
    }

    /** The provider of this name that discovery finds on the module or class path (for qsafe's own). */
    public static CryptoProvider discovered(String name) {
        for (CryptoProvider p : ServiceLoader.load(CryptoProvider.class, ProviderContract.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no provider named '" + name + "' is on the module or class path");
    }

    @Test
    public void describesItselfAsDiscoveryNeeds() throws Exception {
        CryptoProvider p = provider();
        Class<?> type = p.getClass();
        assertTrue(Modifier.isPublic(type.getModifiers()), type + " must be public");
        assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), "a public no-argument constructor");
        String name = p.name();
        assertNotNull(name, "name()");
        assertTrue(name.matches("[a-z0-9][a-z0-9.-]{0,62}"), "name '" + name + "': lower case letters, digits, '-' and '.'");
        String expected = CryptoRegistry.BUILT_IN_PROVIDERS.get(name);
        if (expected != null) {
            assertEquals(expected.substring(expected.indexOf('/') + 1), type.getName(),
                    "'" + name + "' is the name of one of qsafe's providers: choose another");
        }
        assertNotNull(p.description(), "description()");
        assertFalse(p.description().contains("\n"), "description() is one line");
        assertNotNull(p.availability(), "availability()");
        assertNotNull(p.availability().reason(), "availability() has a note or reason");
        assertFalse(p.algorithms().isEmpty(), "algorithms() offers something");
        for (Algorithm a : p.algorithms()) {
            int w = p.weight(a);
            assertTrue(w >= 0 && w <= CryptoRegistry.MAX_WEIGHT, "weight " + w + " of " + a + " is outside 0.." + CryptoRegistry.MAX_WEIGHT);
        }
    }

    @Test
    public void isFoundByDiscovery_andNotRefused() {
        String name = provider().name();
        CryptoRegistry registry = registry();
        Optional<ProviderStatus> status = registry.providers().stream().filter(s -> s.name().equals(name)).findFirst();
        assertTrue(status.isPresent(), "discovery does not find '" + name + "' (looked in " + registry.searched()
                + "): declare it with 'provides dev.qsafe.api.spi.CryptoProvider with ...' in module-info.java"
                + " and in META-INF/services/dev.qsafe.api.spi.CryptoProvider");
        assertTrue(status.get().state() != ProviderStatus.State.FAILED, "refused: " + status.get().reason());
    }

    @Test
    public void refusesWhatItDoesNotOffer() {
        CryptoProvider p = provider();
        for (AlgorithmKind kind : List.of(AlgorithmKind.KEM, AlgorithmKind.SIGNATURE, AlgorithmKind.AEAD, AlgorithmKind.KDF)) {
            Algorithm other = Algorithm.define(Algorithm.builder("qsafe-testkit-unoffered-" + kind.name().toLowerCase(Locale.ROOT), kind).build());
            assertThrows(UnsupportedAlgorithmException.class, () -> {
                Object engine = switch (kind) {
                    case KEM -> p.engineKem(other);
                    case SIGNATURE -> p.engineSignature(other);
                    case AEAD -> p.engineAead(other);
                    default -> p.engineKdf(other);
                };
                fail("returned an engine " + engine);
            }, "an algorithm the provider does not offer: " + other);
        }
    }

    /** Per algorithm: the registry's self-test of this provider's engine, then the contract of its kind. */
    @TestFactory
    public Stream<DynamicNode> engines() {
        CryptoRegistry registry = usableRegistry();
        String name = provider().name();
        List<DynamicNode> out = new ArrayList<>();
        for (Algorithm a : algorithmsUnderTest()) {
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest("known-answer self-test", () ->
                    registry.selfTest(a, name).ifPresent(failure -> fail(a + " on " + name + " failed its self-test: " + failure))));
            switch (a.kind()) {
                case AEAD -> tests.addAll(EngineContracts.aead(() -> registry.aead(a, name)));
                case KEM -> tests.addAll(EngineContracts.kem(() -> registry.kem(a, name)));
                case SIGNATURE -> tests.addAll(EngineContracts.signature(() -> registry.signature(a, name)));
                case KDF -> tests.addAll(EngineContracts.kdf(() -> registry.kdf(a, name)));
                default -> {
                    // XOFs and password KDFs: the self-test and the vectors.
                }
            }
            out.add(DynamicContainer.dynamicContainer(a.name(), tests));
        }
        return out.stream();
    }

    /** The published vectors bundled with the kit, on this provider's engines: none may fail. */
    @Test
    public void publishedVectors_passOnItsEngines(TestReporter reporter) {
        CryptoRegistry registry = usableRegistry();
        String name = provider().name();
        Report report = VectorRunner.newBuilder(registry).engine(name).allowEmpty(true).build().run(List.of(Vectors.root()));
        List<String> failures = new ArrayList<>();
        for (EngineReport e : report.engines()) {
            if (e.failed() > 0) {
                failures.add(e.engine() + ": " + e.failed() + " failed of " + e.ran() + " " + e.failures());
            }
        }
        assertEquals(List.of(), failures, "published vectors failed on '" + name + "'");
        assertFalse(report.hasFailures(), report::toString);
        if (provider().algorithms().stream().anyMatch(a -> a.isWellKnown() && a.kind() != AlgorithmKind.PASSWORD_KDF)) {
            assertTrue(report.ran() > 0, "no published vector ran on '" + name + "', which offers well-known algorithms: " + report);
        }
        reporter.publishEntry("vectors", name + ": " + report.passed() + " passed, " + report.failed() + " failed, "
                + report.skipped() + " skipped");
    }

    private CryptoRegistry usableRegistry() {
        CryptoRegistry registry = registry();
        String name = provider().name();
        ProviderStatus status = registry.providers().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("discovery does not find '" + name + "' (looked in " + registry.searched() + ")"));
        Assumptions.assumeTrue(status.state() == ProviderStatus.State.ACTIVE,
                () -> "'" + name + "' is " + status.state().name().toLowerCase(Locale.ROOT) + " here (" + status.reason() + "): its engines are not checked");
        return registry;
    }
}
