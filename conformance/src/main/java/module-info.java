/**
 * qsafe's conformance runner: recognises published test vector files by their schema and runs them
 * against every engine a {@link dev.qsafe.runtime.registry.CryptoRegistry} discovers. Imports no provider.
 */
module dev.qsafe.conformance {
    requires transitive dev.qsafe.runtime;
    requires transitive tools.jackson.databind; // Report.toJson() hands out a Jackson tree

    exports dev.qsafe.conformance;
}
