package dev.qsafe.tests.classical;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.PasswordKdfSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * House rules for the classical provider module, checked on the JAR the tests run against: only the
 * two provider classes are public, engines are not, and no code prints or uses a non-cryptographic
 * random generator.
 */
class ClassicalProviderArchitectureTest {
    private static final String MODULE = "dev.qsafe.provider.classical";
    private static JavaClasses provider;

    @BeforeAll
    static void importProviderModule() {
        URI jar = ModuleLayer.boot().configuration().findModule(MODULE).map(ResolvedModule::reference)
                .flatMap(ref -> ref.location())
                .orElseThrow(() -> new AssertionError(MODULE + " is not on the module path"));
        provider = new ClassFileImporter().importLocations(List.of(Location.of(jar)));
        assertTrue(provider.contain("dev.qsafe.provider.classical.internal.ClassicalProvider"), "nothing imported from " + jar);
    }

    @Test
    void onlyTheTwoProviderClasses_arePublic() {
        classes().that().arePublic().should().implement(CryptoProvider.class).andShould().haveSimpleNameEndingWith("ClassicalProvider")
                .check(provider);
    }

    /**
     * The engines in this module are not public. The DHKEM, Ed25519, AEAD and HKDF engines it shares
     * with provider-hwaccel live in module dev.qsafe.provider.toolkit, exported to the providers that use it only
     * (ModuleDescriptorTest checks that qualified export).
     */
    @Test
    void engines_areNotPublic() {
        classes().that().implement(KemSpi.class).or().implement(SignatureSpi.class).or().implement(AeadSpi.class)
                .or().implement(KdfSpi.class).or().implement(PasswordKdfSpi.class).should().notBePublic().check(provider);
    }

    @Test
    void providerCode_neverPrintsNorUsesNonCryptographicRandomness() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(provider);
        noClasses().should().dependOnClassesThat().belongToAnyOf(Random.class, ThreadLocalRandom.class, SplittableRandom.class)
                .check(provider);
    }
}
