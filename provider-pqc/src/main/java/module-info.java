/**
 * Post-quantum algorithms from Bouncy Castle ({@code bc-pqc}): ML-KEM (FIPS 203), ML-DSA (FIPS 204),
 * SLH-DSA (FIPS 205), SHAKE256 (FIPS 202). Exports nothing; found through {@link java.util.ServiceLoader}.
 */
module dev.qsafe.provider.pqc {
    requires dev.qsafe.api;
    requires org.bouncycastle.provider;

    provides dev.qsafe.api.spi.CryptoProvider with
            dev.qsafe.provider.pqc.internal.BcPqcProvider;
}
