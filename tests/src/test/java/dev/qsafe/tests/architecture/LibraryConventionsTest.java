package dev.qsafe.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.qsafe.api.spi.CryptoProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Library conventions (issue 17, must-have 6): the library writes nothing to standard output or error and
 * prints no stack trace; it reports through {@link System.Logger} (so that SLF4J, Log4j or
 * java.util.logging users see it) and through its exceptions. Only the CLI prints.
 */
class LibraryConventionsTest {
    private static final String[] LIBRARY = {"dev.qsafe.api..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
            "dev.qsafe.adaptive..", "dev.qsafe.session..", "dev.qsafe.conformance..", "dev.qsafe.micrometer.."};

    @Test
    void library_neverWritesToStandardStreams_orPrintsStackTraces() {
        JavaClasses classes = QsafeClasses.get();
        ArchRule streams = noClasses().that().resideInAnyPackage(LIBRARY)
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("a library reports through System.Logger and exceptions, never the process's streams");
        streams.check(classes);
        ArchRule traces = noClasses().that().resideInAnyPackage(LIBRARY)
                .should().callMethod(Throwable.class, "printStackTrace")
                .because("a stack trace on standard error bypasses the application's logging");
        traces.check(classes);
        ArchRule julOrSlf4j = noClasses().that().resideInAnyPackage(LIBRARY)
                .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.slf4j..", "org.apache.logging..")
                .because("System.Logger is the one logging API: it reaches whatever backend the application uses");
        julOrSlf4j.check(classes);
    }

    private static final Pattern EXPORTS = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|static|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)");

    /**
     * Every public top-level type of an exported package of {@code api} and {@code runtime} says since when
     * it exists ({@code @since} in its javadoc, before its declaration), so that additions in later
     * releases can be told apart; read from the sources, the exports from each module-info.
     */
    @Test
    void everyPublicTypeOfAnExportedPackage_hasSince() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String module : List.of("api", "runtime")) {
            Path root = Path.of("..", module, "src", "main", "java");
            Matcher exports = EXPORTS.matcher(Files.readString(root.resolve("module-info.java")));
            while (exports.find()) {
                Path dir = root.resolve(exports.group(1).replace('.', '/'));
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).sorted().toList()) {
                        String text = Files.readString(f);
                        Matcher type = PUBLIC_TYPE.matcher(text);
                        if (!type.find()) {
                            continue; // package-private
                        }
                        checked++;
                        String head = text.substring(0, type.start());
                        int doc = head.lastIndexOf("/**");
                        if (doc < 0 || !head.substring(doc).contains("@since")) {
                            missing.add(module + ": " + root.relativize(f));
                        }
                    }
                }
            }
        }
        assertTrue(checked > 50, "the exported packages were read: " + checked + " public types");
        assertEquals(List.of(), missing, "public types without @since in their javadoc");
    }

    /** The SPI version exists and docs/PROVIDERS.md states it and what a release may and may not change. */
    @Test
    void spiVersion_isStatedWithTheCompatibilityRules() throws IOException {
        String providers = Files.readString(Path.of("..", "docs", "PROVIDERS.md"));
        assertTrue(CryptoProvider.SPI_VERSION >= 1, "SPI_VERSION " + CryptoProvider.SPI_VERSION);
        assertTrue(providers.contains("`CryptoProvider.SPI_VERSION` (now " + CryptoProvider.SPI_VERSION + ")"),
                "docs/PROVIDERS.md states the current SPI version");
        assertTrue(providers.contains("## Compatibility") && providers.contains("minor release"),
                "docs/PROVIDERS.md says what a minor release may change");
    }
}
