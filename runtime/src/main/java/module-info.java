/**
 * qsafe's runtime: discovers providers with {@link java.util.ServiceLoader}, selects an engine per
 * algorithm, and composes them; encodes keys and reads and writes identity files. Imports no provider.
 */
module dev.qsafe.runtime {
    requires transitive dev.qsafe.api;
    requires tools.jackson.databind; // configuration and identity files, metrics JSON
    requires jdk.management; // CPU load and allocated bytes for adaptive selection and CryptoBenchmark
    requires com.github.benmanes.caffeine; // key, signature and HPKE secret caches

    exports dev.qsafe.runtime;

    uses dev.qsafe.api.spi.CryptoProvider;
}
