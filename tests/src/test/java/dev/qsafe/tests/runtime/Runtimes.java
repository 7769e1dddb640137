package dev.qsafe.tests.runtime;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Shared fixtures of the runtime-composition tests: one registry, facades with given runtime settings. */
final class Runtimes {
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private Runtimes() {
    }

    static QSafe qsafe(RuntimeSettings settings) {
        return QSafe.newBuilder().registry(REGISTRY).config(QSafeConfig.newBuilder().runtime(settings).build()).build();
    }

    static boolean hasEngines(Suite suite) {
        return suite.algorithms().stream().allMatch(a -> REGISTRY.selection(a).selected().isPresent());
    }

    /** The modes whose configured suite has engines here; skips the test if there is none. */
    static List<CryptoMode> modes() {
        List<CryptoMode> modes = Arrays.stream(CryptoMode.values())
                .filter(m -> hasEngines(QSafeConfig.defaults().suite(m))).toList();
        Assumptions.assumeFalse(modes.isEmpty(), "no mode has engines on this module path");
        return modes;
    }

    static void assumeMode(CryptoMode mode) {
        Assumptions.assumeTrue(hasEngines(QSafeConfig.defaults().suite(mode)),
                () -> mode + " has no engines on this module path");
    }
}
