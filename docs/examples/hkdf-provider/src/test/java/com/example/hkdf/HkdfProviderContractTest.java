package com.example.hkdf;

import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.testkit.ProviderContract;

/** The whole provider contract, vectors included, from qsafe's test kit. */
class HkdfProviderContractTest extends ProviderContract {
    @Override
    protected CryptoProvider provider() {
        return new HkdfProvider();
    }
}
