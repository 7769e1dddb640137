/**
 * qsafe's adaptive mode selection and quick benchmark: recommends a mode from network, device and
 * observed-latency inputs ({@link dev.qsafe.adaptive.AdaptiveSelector}), reads the {@code "adaptive"}
 * section of the runtime's configuration file, and measures the modes on this machine
 * ({@link dev.qsafe.adaptive.CryptoBenchmark}). Built on the runtime, which never reads this module:
 * an application that only seals and opens does not load it.
 */
module dev.qsafe.adaptive {
    requires transitive dev.qsafe.runtime;
    requires tools.jackson.databind; // the "adaptive" configuration section and the benchmark's JSON report
    requires jdk.management; // CPU load (SystemProbe) and allocated bytes per operation (CryptoBenchmark)

    exports dev.qsafe.adaptive;
}
