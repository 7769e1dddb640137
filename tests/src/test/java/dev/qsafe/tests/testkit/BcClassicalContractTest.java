package dev.qsafe.tests.testkit;

import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.testkit.ProviderContract;

/** The provider test kit on qsafe's own {@code bc-classical}. */
class BcClassicalContractTest extends ProviderContract {
    @Override
    protected CryptoProvider provider() {
        return discovered("bc-classical");
    }
}
