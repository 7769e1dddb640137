/**
 * qsafe in one module: the runtime ({@code dev.qsafe.runtime}, and through it the api) and every provider
 * that works everywhere: {@code dev.qsafe.provider.classical}, {@code dev.qsafe.provider.pqc} and
 * {@code dev.qsafe.provider.hybrid}. The native engines ({@code dev.qsafe.provider.hwaccel}) are an
 * optional add-on, declared separately. An application writes {@code requires dev.qsafe;} (or
 * {@code requires dev.qsafe.runtime;} and lets service binding find the providers).
 */
module dev.qsafe {
    requires transitive dev.qsafe.runtime;
    requires dev.qsafe.provider.classical;
    requires dev.qsafe.provider.pqc;
    requires dev.qsafe.provider.hybrid;
}
