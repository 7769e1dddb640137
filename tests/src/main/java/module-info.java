/**
 * qsafe's integration tests. The test classes are patched into this module, so they run on the real
 * module path: providers are found by service binding, exactly as in an application.
 */
open module dev.qsafe.tests {
    requires dev.qsafe.runtime;
    requires dev.qsafe.adaptive;
    requires dev.qsafe.session;
    requires dev.qsafe.relay;
    requires dev.qsafe.micrometer; // QSafeMeterBinderTest
    requires micrometer.registry.prometheus; // QSafeMeterBinderTest scrapes a Prometheus registry
    requires java.net.http; // relay tests send raw and malformed requests
    requires java.sql; // relay tests create and drop a PostgreSQL database per run
    requires dev.qsafe.conformance;
    requires dev.qsafe.cli;
    requires java.compiler; // PluginLayerTest compiles third-party plug-in modules at test time
    requires java.logging; // LogRedactionTest captures System.Logger output through a java.util.logging handler
    requires transitive tools.jackson.databind; // Vectors hands out JsonNode
    requires org.bouncycastle.provider; // an independent implementation for interop tests (X-Wing, composites, keys)
    requires static org.conscrypt; // an independent HPKE implementation for interop tests (HpkeConscryptInteropTest)
    // Providers are not read by the tests' code; these lines only put them on the module path, where
    // the runtime's "uses" binds them.
    requires static dev.qsafe.provider.classical;
    requires static dev.qsafe.provider.pqc;
    requires static dev.qsafe.provider.hybrid;
    requires static dev.qsafe.provider.hwaccel;

    uses dev.qsafe.api.spi.CryptoProvider;

    exports dev.qsafe.tests;
}
