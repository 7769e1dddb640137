/**
 * Post-quantum algorithms: {@code bc-pqc}, Bouncy Castle's ML-KEM (FIPS 203), ML-DSA (FIPS 204),
 * SLH-DSA (FIPS 205) and SHAKE256 (FIPS 202); {@code jdk-pqc}, the JDK's own ML-KEM (JDK 24+), with
 * seed keys expanded once by the JDK. Exports nothing; found through {@link java.util.ServiceLoader}.
 */
module dev.qsafe.provider.pqc {
    requires dev.qsafe.api;
    requires dev.qsafe.provider.toolkit; // checks, key errors, DER key wrappers and the provider base, shared with the other providers
    requires org.bouncycastle.provider;

    provides dev.qsafe.api.spi.CryptoProvider with
            dev.qsafe.provider.pqc.internal.BcPqcProvider,
            dev.qsafe.provider.pqc.internal.JdkPqcProvider;
}
