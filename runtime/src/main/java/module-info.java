/**
 * qsafe's runtime: discovers providers with {@link java.util.ServiceLoader}, selects an engine per
 * algorithm, and composes them; encodes keys and reads and writes identity files. Imports no provider.
 */
module dev.qsafe.runtime {
    requires transitive dev.qsafe.api;
    // configuration and identity files, metrics JSON; transitive because QSafeConfig.section hands out
    // a Jackson tree (the configuration sections other modules own, such as "adaptive")
    requires transitive tools.jackson.databind;
    requires com.github.benmanes.caffeine; // key, signature and HPKE secret caches

    exports dev.qsafe.runtime;

    uses dev.qsafe.api.spi.CryptoProvider;
}
