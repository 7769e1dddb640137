package dev.qsafe.benchmarks.runtime;

import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;

/** Facades with given runtime settings over one discovered registry. */
final class Facades {
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private Facades() {
    }

    static QSafe qsafe(RuntimeSettings settings) {
        return QSafe.newBuilder().registry(REGISTRY).config(QSafeConfig.newBuilder().runtime(settings).build()).build();
    }
}
