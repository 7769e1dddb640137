package dev.qsafe.cli;

import dev.qsafe.api.ConfigurationException;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provider plug-ins of the CLI: modules (modular or plain jars, or exploded module folders) found in the
 * plug-in path, loaded into one child {@link ModuleLayer} over the CLI's own, where
 * {@code CryptoRegistry.discover(layer, ...)} finds them next to the shipped providers (README, "Provider
 * plug-ins"). The path is, in this order and all together: {@code --provider-path}, the environment
 * variable {@value #ENV}, the system property {@value #PROPERTY}, and the plug-in directory
 * {@code ~/.qsafe/providers} (or {@value #DIR_PROPERTY}) if it exists. Each entry is a folder of modules
 * or one jar. A named entry that does not exist is an error (exit 4): a typo never leaves a provider out
 * in silence.
 */
final class Plugins {
    /** The environment variable with the plug-in path (entries separated by the platform's path separator). */
    static final String ENV = "QSAFE_MODULE_PATH";
    /** The system property with the plug-in path. */
    static final String PROPERTY = "qsafe.provider.path";
    /** The system property naming the plug-in directory (default {@code ~/.qsafe/providers}). */
    static final String DIR_PROPERTY = "qsafe.plugin.dir";

    /** The layer (the boot layer if there are no plug-ins) and where discovery looked, in words. */
    record Loaded(ModuleLayer layer, List<Path> path, Set<String> modules, List<String> notes) {
        String describe() {
            if (path.isEmpty()) {
                return "no plug-in path (--provider-path, " + ENV + ", -D" + PROPERTY + ", or the plug-in directory "
                        + defaultDir() + ", which does not exist)";
            }
            return "plug-in path " + path + ": " + (modules.isEmpty() ? "no module found there" : "modules " + modules)
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        }
    }

    private Plugins() {
    }

    /** The plug-in path from every source, explicit entries first. */
    static List<Path> path(String option, Map<String, String> env) {
        Set<Path> out = new LinkedHashSet<>();
        List<String> named = new ArrayList<>();
        for (String source : new String[] {option, env.get(ENV), System.getProperty(PROPERTY)}) {
            if (source != null && !source.isBlank()) {
                for (String e : source.split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        named.add(e.strip());
                    }
                }
            }
        }
        for (String e : named) {
            Path p = Path.of(e).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw new ConfigurationException("provider path entry '" + e + "' does not exist (from --provider-path, "
                        + ENV + " or -D" + PROPERTY + ")");
            }
            out.add(p);
        }
        Path dir = defaultDir();
        if (Files.isDirectory(dir)) {
            out.add(dir.toAbsolutePath().normalize());
        }
        return List.copyOf(out);
    }

    static Path defaultDir() {
        String d = System.getProperty(DIR_PROPERTY);
        return d != null && !d.isBlank() ? Path.of(d) : Path.of(System.getProperty("user.home", "."), ".qsafe", "providers");
    }

    /**
     * The plug-in layer over the CLI's own. Modules of the path that the CLI already has (a second copy of
     * the api, say) are not loaded again: the CLI's copy serves, and the note says so. A module that cannot
     * be resolved (a missing dependency, two of one name) is a {@link ConfigurationException} naming it.
     */
    static Loaded load(List<Path> path) {
        if (path.isEmpty()) {
            return new Loaded(ModuleLayer.boot(), path, Set.of(), List.of());
        }
        ModuleLayer parent = Plugins.class.getModule().getLayer() != null ? Plugins.class.getModule().getLayer() : ModuleLayer.boot();
        ModuleFinder finder;
        Set<String> roots = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        try {
            finder = ModuleFinder.of(path.toArray(Path[]::new));
            for (ModuleReference ref : finder.findAll()) {
                String name = ref.descriptor().name();
                if (parent.findModule(name).isPresent()) {
                    notes.add(name + " is already part of qsafe and is not loaded again");
                } else {
                    roots.add(name);
                }
            }
        } catch (FindException e) {
            throw new ConfigurationException("cannot read the provider plug-ins in " + path + ": " + e.getMessage(), e);
        }
        if (roots.isEmpty()) {
            return new Loaded(parent, path, Set.of(), notes);
        }
        try {
            // The parent's modules come first: a plug-in is compiled against qsafe's api, and must meet that one.
            Configuration cf = parent.configuration().resolveAndBind(ModuleFinder.of(), finder, roots);
            ModuleLayer layer = parent.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
            return new Loaded(layer, path, roots, notes);
        } catch (FindException | ResolutionException | java.lang.LayerInstantiationException e) {
            throw new ConfigurationException("cannot load the provider plug-ins " + roots + " from " + path + ": " + e.getMessage(), e);
        }
    }

}
