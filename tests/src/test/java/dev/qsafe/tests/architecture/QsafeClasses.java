package dev.qsafe.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/** The compiled classes of the qsafe modules, imported once from their module-path locations. */
final class QsafeClasses {
    private static JavaClasses classes;

    private QsafeClasses() {
    }

    /**
     * The production classes of every qsafe module except the tests.
     *
     * @throws AssertionError if a module or the provider classes are missing, so no rule passes vacuously
     */
    static synchronized JavaClasses get() {
        if (classes == null) {
            classes = importModules();
        }
        return classes;
    }

    private static JavaClasses importModules() {
        // Import from the modules' own locations (jars or class folders on the module path).
        List<Path> locations = ModuleLayer.boot().configuration().modules().stream()
                .filter(m -> m.name().startsWith("dev.qsafe.") && !m.name().equals("dev.qsafe.tests"))
                .map(m -> m.reference().location().map(URI::toString).map(URI::create).map(Path::of).orElseThrow())
                .toList();
        if (locations.size() != 13) {
            throw new AssertionError("expected the 13 qsafe modules on the module path, found " + locations);
        }
        Set<Location> archUnitLocations = new HashSet<>();
        for (Path p : locations) {
            try {
                archUnitLocations.add(Files.isDirectory(p) ? Location.of(p) : Location.of(new JarFile(p.toFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JavaClasses imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(archUnitLocations);
        if (imported.stream().noneMatch(c -> c.getPackageName().startsWith("dev.qsafe.provider.classical"))) {
            throw new AssertionError("provider classes were not imported from " + locations + " (" + imported.size()
                    + " classes): the rules would pass vacuously");
        }
        if (imported.stream().noneMatch(c -> c.getPackageName().equals("dev.qsafe.session.internal"))) {
            throw new AssertionError("session classes were not imported from " + locations + ": the rules would pass vacuously");
        }
        if (imported.stream().noneMatch(c -> c.getPackageName().equals("dev.qsafe.relay.internal"))) {
            throw new AssertionError("relay classes were not imported from " + locations + ": the rules would pass vacuously");
        }
        if (imported.stream().noneMatch(c -> c.getPackageName().equals("dev.qsafe.micrometer"))) {
            throw new AssertionError("micrometer binding classes were not imported from " + locations + ": the rules would pass vacuously");
        }
        if (imported.stream().noneMatch(c -> c.getPackageName().equals("dev.qsafe.adaptive"))) {
            throw new AssertionError("adaptive classes were not imported from " + locations + ": the rules would pass vacuously");
        }
        return imported;
    }
}
