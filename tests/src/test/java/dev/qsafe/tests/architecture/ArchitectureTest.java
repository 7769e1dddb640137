package dev.qsafe.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the design, checked on the compiled modules: providers depend only on the api and
 * their own library (and the provider toolkit), never on each other or on the runtime; the runtime imports no provider and
 * nothing of the adaptive module; adaptive selection uses only the api, the runtime, Jackson and the
 * JDK's management beans; the conformance runner uses only the api, the runtime and Jackson; each runtime
 * package uses only the runtime packages below it (facade on top; registry, suite and envelope at the
 * bottom), and nothing outside the runtime uses its unexported format and internal packages; no package
 * cycles (the runtime's packages among them), and no type cycles among the runtime and adaptive types
 * that cross a package; library code uses no
 * {@code java.util.Random} and never prints to the console; no code changes the case of a string under
 * the default locale.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importQsafeModules() {
        classes = QsafeClasses.get();
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void api_dependsOnJavaBaseOnly() {
        check(noClasses().that().resideInAPackage("dev.qsafe.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.api..", "java..", "javax.security.auth.."));
    }

    @Test
    void classicalAndPqcProviders_dependOnlyOnApiJdkBouncyCastleAndTheProviderToolkit() {
        check(noClasses().that().resideInAPackage("dev.qsafe.provider.classical..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.provider.classical..", "dev.qsafe.provider.toolkit..",
                        "dev.qsafe.api..", "java..", "javax..", "org.bouncycastle.."));
        check(noClasses().that().resideInAPackage("dev.qsafe.provider.pqc..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.provider.pqc..", "dev.qsafe.provider.toolkit..", "dev.qsafe.api..",
                        "java..", "javax..", "org.bouncycastle.."));
    }

    @Test
    void providerToolkit_dependsOnlyOnApiAndJdk() {
        check(noClasses().that().resideInAPackage("dev.qsafe.provider.toolkit..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.provider.toolkit..", "dev.qsafe.api..", "java..",
                        "javax.."));
    }

    @Test
    void hybridProvider_dependsOnlyOnApiAndJdk() {
        check(noClasses().that().resideInAPackage("dev.qsafe.provider.hybrid..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.provider.hybrid..", "dev.qsafe.api..",
                        "java..", "javax..")
                .allowEmptyShould(true));
    }

    @Test
    void providers_neverDependOnEachOtherOrOnRuntimeOrCli() {
        for (String p : List.of("classical", "pqc", "hybrid", "hwaccel")) {
            String own = "dev.qsafe.provider." + p + "..";
            check(noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat().resideInAnyPackage("dev.qsafe.runtime..", "dev.qsafe.adaptive..",
                            "dev.qsafe.cli..")
                    .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "belong to another provider", c -> c.getPackageName().startsWith("dev.qsafe.provider.")
                                    && !c.getPackageName().startsWith("dev.qsafe.provider." + p)
                                    && !c.getPackageName().startsWith("dev.qsafe.provider.toolkit")))
                    .allowEmptyShould(true));
        }
    }

    @Test
    void runtime_importsNoProviderAndNoCli() {
        check(noClasses().that().resideInAPackage("dev.qsafe.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.qsafe.provider..", "dev.qsafe.cli.."));
    }

    /** Adaptive selection is built on the runtime, never the other way: sealing and opening never load it. */
    @Test
    void runtime_neverDependsOnAdaptive() {
        check(noClasses().that().resideInAPackage("dev.qsafe.runtime..")
                .should().dependOnClassesThat().resideInAPackage("dev.qsafe.adaptive.."));
    }

    @Test
    void adaptive_dependsOnlyOnApiRuntimeJacksonAndJdkManagement_neverOnAProviderConformanceOrTheCli() {
        check(noClasses().that().resideInAPackage("dev.qsafe.adaptive..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.adaptive..", "dev.qsafe.api..",
                        "dev.qsafe.runtime..", "tools.jackson..", "java..", "javax..", "com.sun.management.."));
    }

    /** Sessions are built on the runtime's exported API: never a provider, the runtime's unexported packages, or the cli. */
    @Test
    void session_dependsOnlyOnApiAndRuntimeExports_andTheRuntimeNeverOnSession() {
        check(noClasses().that().resideInAPackage("dev.qsafe.session..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.session..", "dev.qsafe.api..",
                        "dev.qsafe.runtime..", "java..", "javax..")
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.qsafe.runtime.format..", "dev.qsafe.runtime.internal.."));
        check(noClasses().that().resideInAnyPackage("dev.qsafe.runtime..", "dev.qsafe.adaptive..", "dev.qsafe.conformance..")
                .should().dependOnClassesThat().resideInAPackage("dev.qsafe.session.."));
        check(noClasses().that().resideInAPackage("dev.qsafe.session.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.qsafe.session")
                .because("the exported API wraps the implementation, never the other way (no package cycle)"));
    }

    /**
     * The Micrometer binding reads the runtime's exported metrics and nothing else of qsafe (no provider,
     * no unexported runtime package); no other qsafe module uses it, so the library needs no Micrometer.
     */
    @Test
    void micrometerBinding_readsOnlyTheRuntimesMetrics_andNothingUsesIt() {
        check(noClasses().that().resideInAPackage("dev.qsafe.micrometer..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.micrometer..", "dev.qsafe.runtime.ops..",
                        "java..", "io.micrometer.."));
        check(noClasses().that().resideOutsideOfPackage("dev.qsafe.micrometer..")
                .should().dependOnClassesThat().resideInAPackage("dev.qsafe.micrometer.."));
    }

    /**
     * The relay is a server of opaque bytes: it uses its own libraries (Jetty, JDBC drivers, Flyway,
     * Micrometer, Jackson) and the JDK, never qsafe's cryptography modules or the cli; no library module
     * uses it; its implementation never uses its exported API (no package cycle); SecureRandom only; no
     * console output.
     */
    @Test
    void relay_usesOnlyItsOwnLibraries_andNothingButTheCliUsesIt() {
        check(noClasses().that().resideInAPackage("dev.qsafe.relay..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.relay..", "java..", "javax..",
                        "org.eclipse.jetty..", "org.flywaydb..", "org.postgresql..", "io.micrometer..", "tools.jackson.."));
        check(noClasses().that().resideInAnyPackage("dev.qsafe.api..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
                        "dev.qsafe.adaptive..", "dev.qsafe.session..", "dev.qsafe.conformance..")
                .should().dependOnClassesThat().resideInAPackage("dev.qsafe.relay.."));
        check(noClasses().that().resideInAPackage("dev.qsafe.relay.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.qsafe.relay")
                .because("the exported API wraps the implementation, never the other way (no package cycle)"));
        check(noClasses().that().resideInAPackage("dev.qsafe.relay..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace"));
    }

    /**
     * The type cycles that adaptive selection used to create inside the runtime stay gone: {@code QSafe ->
     * QSafeMetrics -> AdaptiveInputs -> QSafe}, {@code QSafeConfig -> AdaptiveConfig -> AdaptiveInputs ->
     * QSafeConfig}, {@code AdaptiveInputs <-> SystemProbe} and {@code AdaptiveInputs -> CryptoBenchmark -> QSafe};
     * and no runtime type reaches an adaptive type, so no cycle crosses the two modules. Checked over every
     * top-level type of the two (a nested type counts as its top-level type), following dependencies
     * transitively. A cycle inside one package is allowed; one across packages is caught by
     * {@link #runtimeTypeCycles_stayInsideOnePackage()}.
     */
    @Test
    void theFormerAdaptiveTypeCycles_areGone_andNoCycleCrossesRuntimeAndAdaptive() {
        Map<String, Set<String>> edges = new HashMap<>();
        for (JavaClass c : classes) {
            String from = topLevel(c);
            if (!inScope(from)) {
                continue;
            }
            Set<String> out = edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = topLevel(d.getTargetClass());
                if (inScope(to) && !to.equals(from)) {
                    out.add(to);
                }
            }
        }
        String q = "dev.qsafe.runtime.";
        String a = "dev.qsafe.adaptive.";
        assertTrue(edges.keySet().containsAll(Set.of(a + "AdaptiveInputs", a + "SystemProbe", a + "CryptoBenchmark", q + "QSafe",
                q + "ops.QSafeMetrics", q + "config.QSafeConfig")), "types imported: " + edges.keySet());
        assertTrue(reaches(edges, a + "AdaptiveInputs", q + "QSafe") && reaches(edges, a + "AdaptiveInputs", a + "SystemProbe"),
                "the check follows dependencies into the runtime and across the adaptive package");
        assertFalse(reaches(edges, q + "ops.QSafeMetrics", q + "QSafe"), "QSafeMetrics reaches QSafe");
        assertFalse(reaches(edges, q + "config.QSafeConfig", q + "config.QSafeConfig"), "QSafeConfig reaches itself");
        assertFalse(reaches(edges, a + "SystemProbe", a + "AdaptiveInputs"), "SystemProbe reaches AdaptiveInputs");
        assertFalse(reaches(edges, a + "CryptoBenchmark", a + "AdaptiveInputs"), "CryptoBenchmark reaches AdaptiveInputs");
        Set<String> runtimeReachingAdaptive = new TreeSet<>();
        for (String type : edges.keySet()) {
            if (type.startsWith(q) && edges.keySet().stream().anyMatch(t -> t.startsWith(a) && reaches(edges, type, t))) {
                runtimeReachingAdaptive.add(type);
            }
        }
        assertEquals(Set.of(), runtimeReachingAdaptive, "runtime types that reach an adaptive type");
    }

    private static boolean inScope(String type) {
        return type.startsWith("dev.qsafe.adaptive.") || type.startsWith("dev.qsafe.runtime.");
    }

    private static String topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t.getName();
    }

    private static boolean reaches(Map<String, Set<String>> edges, String from, String target) {
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (n.equals(target)) {
                return true;
            }
            if (seen.add(n)) {
                todo.addAll(edges.getOrDefault(n, Set.of()));
            }
        }
        return false;
    }

    /**
     * What each runtime package may use of the others (docs/ARCHITECTURE.md, one line per package). The facade
     * package {@code dev.qsafe.runtime} sits on top and may use them all; nothing uses it.
     */
    private static final Map<String, Set<String>> RUNTIME_PACKAGE_MAY_USE = Map.of(
            "registry", Set.of(),
            "suite", Set.of(),
            "envelope", Set.of(),
            "keys", Set.of("registry", "suite"),
            "config", Set.of("registry", "suite"),
            "ops", Set.of("registry"),
            "hpke", Set.of("registry"),
            "internal", Set.of("config", "keys", "ops", "suite"),
            "format", Set.of("config", "envelope", "hpke", "internal", "keys", "ops", "registry", "suite"));

    @Test
    void runtimePackages_useOnlyThePackagesBelowThem() {
        for (Map.Entry<String, Set<String>> e : RUNTIME_PACKAGE_MAY_USE.entrySet()) {
            List<String> forbidden = new java.util.ArrayList<>(List.of("dev.qsafe.runtime"));
            for (String other : RUNTIME_PACKAGE_MAY_USE.keySet()) {
                if (!other.equals(e.getKey()) && !e.getValue().contains(other)) {
                    forbidden.add("dev.qsafe.runtime." + other + "..");
                }
            }
            check(noClasses().that().resideInAPackage("dev.qsafe.runtime." + e.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new)));
        }
        Set<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            String p = c.getPackageName();
            if (p.startsWith("dev.qsafe.runtime.")) {
                found.add(p.substring("dev.qsafe.runtime.".length()).split("\\.")[0]);
            }
        }
        assertEquals(RUNTIME_PACKAGE_MAY_USE.keySet(), found, "every runtime package has a line in the table");
    }

    /** The envelope and signature formats, caches and pool are reached through the facade, also on the class path. */
    @Test
    void runtimeFormatAndInternal_areUsedOnlyInsideTheRuntime() {
        check(noClasses().that().resideOutsideOfPackage("dev.qsafe.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.qsafe.runtime.format..", "dev.qsafe.runtime.internal.."));
    }

    @Test
    void runtimePackages_haveNoCycles() {
        check(slices().matching("dev.qsafe.runtime.(*)..").should().beFreeOfCycles());
    }

    /**
     * No cycle of runtime types (a nested type counts as its top-level type) spans two packages: every
     * strongly connected component of the type graph lies inside one package.
     */
    @Test
    void runtimeTypeCycles_stayInsideOnePackage() {
        Map<String, Set<String>> edges = new HashMap<>();
        for (JavaClass c : classes) {
            String from = topLevel(c);
            if (!from.startsWith("dev.qsafe.runtime.")) {
                continue;
            }
            Set<String> out = edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = topLevel(d.getTargetClass());
                if (to.startsWith("dev.qsafe.runtime.") && !to.equals(from)) {
                    out.add(to);
                }
            }
        }
        assertTrue(edges.containsKey("dev.qsafe.runtime.QSafe") && edges.containsKey("dev.qsafe.runtime.format.EnvelopeFormat"),
                "types imported: " + edges.keySet());
        Set<String> crossing = new TreeSet<>();
        for (String a : edges.keySet()) {
            for (String b : edges.get(a)) {
                if (!packageOf(a).equals(packageOf(b)) && reaches(edges, b, a)) {
                    crossing.add(a + " -> " + b);
                }
            }
        }
        assertEquals(Set.of(), crossing, "dependencies between runtime types of different packages that lie on a cycle");
    }

    private static String packageOf(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }

    @Test
    void conformance_dependsOnlyOnApiRuntimeJackson_neverOnAProviderOrTheCli() {
        check(noClasses().that().resideInAPackage("dev.qsafe.conformance..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.conformance..", "dev.qsafe.api..",
                        "dev.qsafe.runtime..", "tools.jackson..", "java..", "javax.."));
    }

    @Test
    void packages_haveNoCycles() {
        check(slices().matching("dev.qsafe.(**)").should().beFreeOfCycles());
    }

    @Test
    void libraryModules_useNoJavaUtilRandom() {
        check(noClasses().that().resideInAnyPackage("dev.qsafe.api..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
                        "dev.qsafe.adaptive..", "dev.qsafe.session..", "dev.qsafe.conformance..", "dev.qsafe.cli..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .because("key material and nonces come from SecureRandom only"));
    }

    @Test
    void libraryModules_neverPrintToTheConsole() {
        check(noClasses().that().resideInAnyPackage("dev.qsafe.api..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
                        "dev.qsafe.adaptive..", "dev.qsafe.session..", "dev.qsafe.conformance..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("libraries report through exceptions and System.Logger, never the console"));
    }

    @Test
    void mainCode_changesCaseOnlyWithAnExplicitLocale() {
        check(noClasses().should().callMethod(String.class, "toLowerCase")
                .orShould().callMethod(String.class, "toUpperCase")
                .because("the no-argument forms use the default locale, under which \"HYBRID\".toLowerCase() is"
                        + " \"hybrıd\" in Turkish; names, modes and states are changed with Locale.ROOT"));
    }
}
