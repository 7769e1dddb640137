package dev.qsafe.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Byte strings (tags, keys, secrets, and by the same rule everything else) and passphrases are
 * compared in constant time: production code outside the api never calls {@link Arrays#equals} or
 * {@link Arrays#mismatch} on {@code byte[]} or {@code char[]}; it uses
 * {@link java.security.MessageDigest#isEqual}. The rule has no exceptions: the comparisons of public
 * data it used to find (format magic bytes, the demo's self-check) were switched too, since a
 * constant-time comparison costs nothing there and an exception list would have to be kept right by
 * hand. The api is left out because its key classes are what implement constant-time equality.
 */
class ConstantTimeComparisonTest {
    private static final Class<?>[] BYTES = {byte[].class, byte[].class};
    private static final Class<?>[] BYTE_RANGES = {byte[].class, int.class, int.class, byte[].class, int.class, int.class};
    private static final Class<?>[] CHARS = {char[].class, char[].class};
    private static final Class<?>[] CHAR_RANGES = {char[].class, int.class, int.class, char[].class, int.class, int.class};

    static final ArchRule NO_EARLY_EXIT_COMPARISONS = noClasses()
            .that().resideOutsideOfPackage("dev.qsafe.api..")
            .should().callMethod(Arrays.class, "equals", BYTES)
            .orShould().callMethod(Arrays.class, "equals", BYTE_RANGES)
            .orShould().callMethod(Arrays.class, "mismatch", BYTES)
            .orShould().callMethod(Arrays.class, "mismatch", BYTE_RANGES)
            .orShould().callMethod(Arrays.class, "equals", CHARS)
            .orShould().callMethod(Arrays.class, "equals", CHAR_RANGES)
            .orShould().callMethod(Arrays.class, "mismatch", CHARS)
            .orShould().callMethod(Arrays.class, "mismatch", CHAR_RANGES)
            .because("Arrays.equals and Arrays.mismatch stop at the first difference, which leaks its position through"
                    + " timing; compare with MessageDigest.isEqual");

    @Test
    void productionCodeOutsideTheApi_comparesByteAndCharArraysInConstantTime() {
        NO_EARLY_EXIT_COMPARISONS.check(QsafeClasses.get());
    }

    /** What the rule must catch. */
    static final class EarlyExitComparisons {
        boolean tag(byte[] a, byte[] b) {
            return Arrays.equals(a, b);
        }

        int prefix(byte[] a, byte[] b) {
            return Arrays.mismatch(a, 0, 4, b, 0, 4);
        }

        boolean passphrase(char[] a, char[] b) {
            return Arrays.equals(a, b);
        }
    }

    @Test
    void rule_catchesEveryKindOfEarlyExitComparison() {
        EvaluationResult result = NO_EARLY_EXIT_COMPARISONS.evaluate(new ClassFileImporter().importClasses(EarlyExitComparisons.class));
        assertTrue(result.hasViolation());
        assertTrue(result.getFailureReport().getDetails().size() == 3, String.join("\n", result.getFailureReport().getDetails()));
    }
}
