package dev.qsafe.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the design, checked on the compiled modules: providers depend only on the api and
 * their own library, never on each other or on the runtime; the runtime imports no provider; the
 * conformance runner uses only the api, the runtime and Jackson; no package
 * cycles; library code uses no {@code java.util.Random} and never prints to the console; no code
 * changes the case of a string under the default locale.
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
    void classicalAndPqcProviders_dependOnlyOnApiJdkAndBouncyCastle_classicalAlsoOnTheSharedEngines() {
        check(noClasses().that().resideInAPackage("dev.qsafe.provider.classical..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.provider.classical..", "dev.qsafe.engines..",
                        "dev.qsafe.api..", "java..", "javax..", "org.bouncycastle.."));
        check(noClasses().that().resideInAPackage("dev.qsafe.provider.pqc..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.provider.pqc..", "dev.qsafe.api..",
                        "java..", "javax..", "org.bouncycastle.."));
    }

    @Test
    void sharedEngines_dependOnlyOnApiAndJdk() {
        check(noClasses().that().resideInAPackage("dev.qsafe.engines..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.qsafe.engines..", "dev.qsafe.api..", "java..",
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
                    .should().dependOnClassesThat().resideInAnyPackage("dev.qsafe.runtime..", "dev.qsafe.cli..")
                    .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "belong to another provider", c -> c.getPackageName().startsWith("dev.qsafe.provider.")
                                    && !c.getPackageName().startsWith("dev.qsafe.provider." + p)))
                    .allowEmptyShould(true));
        }
    }

    @Test
    void runtime_importsNoProviderAndNoCli() {
        check(noClasses().that().resideInAPackage("dev.qsafe.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.qsafe.provider..", "dev.qsafe.cli.."));
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
        check(noClasses().that().resideInAnyPackage("dev.qsafe.api..", "dev.qsafe.engines..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
                        "dev.qsafe.conformance..", "dev.qsafe.cli..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .because("key material and nonces come from SecureRandom only"));
    }

    @Test
    void libraryModules_neverPrintToTheConsole() {
        check(noClasses().that().resideInAnyPackage("dev.qsafe.api..", "dev.qsafe.engines..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
                        "dev.qsafe.conformance..")
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
