package dev.qsafe.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Library conventions (issue 17, must-have 6): the library writes nothing to standard output or error and
 * prints no stack trace; it reports through {@link System.Logger} (so that SLF4J, Log4j or
 * java.util.logging users see it) and through its exceptions. Only the CLI prints.
 */
class LibraryConventionsTest {
    private static final String[] LIBRARY = {"dev.qsafe.api..", "dev.qsafe.provider..", "dev.qsafe.runtime..",
            "dev.qsafe.adaptive..", "dev.qsafe.session..", "dev.qsafe.conformance.."};

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
}
