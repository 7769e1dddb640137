package dev.qsafe.tests.envelope;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import org.junit.jupiter.api.Assumptions;

/** Shared fixtures: one registry for the test run, and a check that a suite has engines here. */
final class Parties {
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private Parties() {
    }

    static QSafe qsafe(QSafeConfig config) {
        return QSafe.newBuilder().registry(REGISTRY).config(config).build();
    }

    static QSafe qsafe() {
        return qsafe(QSafeConfig.defaults());
    }

    /** Skips (with the reason) when a suite's algorithms have no engine on this module path. */
    static void assumeEngines(Suite suite) {
        for (var a : suite.algorithms()) {
            Assumptions.assumeTrue(REGISTRY.selection(a).selected().isPresent(),
                    () -> "suite " + suite.name() + " needs " + a + ", which has no engine on this module path");
        }
    }

    static Identity identity(QSafe qsafe, String name, CryptoMode mode) {
        assumeEngines(qsafe.config().suite(mode));
        return qsafe.generateIdentity(name, mode);
    }
}
