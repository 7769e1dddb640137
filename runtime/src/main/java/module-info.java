/**
 * qsafe's runtime: discovers providers with {@link java.util.ServiceLoader}, selects an engine per
 * algorithm, and composes them; encodes keys and reads and writes identity files. Imports no provider.
 * One package per concept (docs/ARCHITECTURE.md); exported are the ones a caller names.
 */
module dev.qsafe.runtime {
    requires transitive dev.qsafe.api;
    // configuration and identity files, metrics JSON; transitive because QSafeConfig.section hands out
    // a Jackson tree (the configuration sections other modules own, such as "adaptive")
    requires transitive tools.jackson.databind;
    requires com.github.benmanes.caffeine; // key, signature and HPKE secret caches

    exports dev.qsafe.runtime;
    exports dev.qsafe.runtime.suite;
    exports dev.qsafe.runtime.envelope;
    exports dev.qsafe.runtime.registry;
    exports dev.qsafe.runtime.hpke;
    exports dev.qsafe.runtime.keys;
    exports dev.qsafe.runtime.config;
    exports dev.qsafe.runtime.ops;
    // dev.qsafe.runtime.format (envelope and signature formats) and dev.qsafe.runtime.internal (caches,
    // buffer pool) stay unexported: only the facade and HPKE call them

    uses dev.qsafe.api.spi.CryptoProvider;
}
