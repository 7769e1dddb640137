/**
 * Classical algorithms from the pure-Java engines: the JDK's providers ({@code jdk-classical}) and
 * Bouncy Castle ({@code bc-classical}). Exports nothing; found through {@link java.util.ServiceLoader}.
 */
module dev.qsafe.provider.classical {
    requires dev.qsafe.api;
    requires dev.qsafe.provider.toolkit; // DHKEM, Ed25519, AEAD and HKDF engines, checks, DER wrappers and the provider base, shared with the other providers
    requires org.bouncycastle.provider;

    provides dev.qsafe.api.spi.CryptoProvider with
            dev.qsafe.provider.classical.internal.JdkClassicalProvider,
            dev.qsafe.provider.classical.internal.BcClassicalProvider;
}
