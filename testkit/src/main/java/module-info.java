/**
 * qsafe's provider test kit: {@link dev.qsafe.testkit.ProviderContract}, the JUnit Jupiter contract a
 * provider's test class extends, and the published test vectors it runs (docs/PROVIDERS.md).
 */
module dev.qsafe.testkit {
    requires transitive dev.qsafe.api;
    requires transitive org.junit.jupiter.api;
    requires dev.qsafe.runtime;
    requires dev.qsafe.conformance;
    requires jdk.zipfs;

    exports dev.qsafe.testkit;
    opens dev.qsafe.testkit to org.junit.platform.commons; // JUnit runs the inherited test methods reflectively
}
