package dev.qsafe.tests.testkit;

import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.testkit.ProviderContract;

/** The provider test kit on qsafe's own {@code jdk-classical}: a provider author's test class looks like this. */
class JdkClassicalContractTest extends ProviderContract {
    @Override
    protected CryptoProvider provider() {
        return discovered("jdk-classical");
    }
}
