/**
 * Hybrid algorithms ({@code hybrid}): the X-Wing KEM (ML-KEM-768 + X25519) and composite ML-DSA
 * signatures (ML-DSA-44/65 + Ed25519). They are built from the component engines the registry selects,
 * obtained through {@link dev.qsafe.api.spi.EngineLookup}, so this module depends on the api alone.
 * Exports nothing; found through {@link java.util.ServiceLoader}.
 */
module dev.qsafe.provider.hybrid {
    requires dev.qsafe.api;

    provides dev.qsafe.api.spi.CryptoProvider with
            dev.qsafe.provider.hybrid.internal.HybridProvider;
}
